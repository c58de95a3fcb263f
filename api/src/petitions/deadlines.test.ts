import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vnDay } from "../time.ts";
import { addDays, WorkCalendar } from "./calendar.ts";
import {
  countsFromAcceptance,
  deadlineDay,
  deadlinesFor,
  effectiveRules,
  extendForPause,
  LEGAL_RULES,
  outcomeOf,
  PETITION_KINDS,
} from "./deadlines.ts";
import { nationalDays, nationalLookup } from "./official-days.ts";

const calendar = new WorkCalendar(nationalLookup([]));
const at = (local: string) => new Date(`${local}+07:00`);
const day = (d: Date) => vnDay(d);

describe("the official calendar", () => {
  it("knows the announced Tết breaks, swapped days and make-up Saturdays of 2025 and 2026", () => {
    expect(calendar.isWorkingDay("2025-01-24")).toBe(true); // Friday before Tết Ất Tỵ
    // Tết Ất Tỵ: 28 Chạp to mùng 3, no swap (Công văn 8726/VPCP-KGVX).
    for (const d of ["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"])
      expect(calendar.isWorkingDay(d)).toBe(false);
    expect(calendar.isWorkingDay("2025-02-03")).toBe(true); // the decision, not the default rule
    expect(calendar.isWorkingDay("2025-02-15")).toBe(false); // an ordinary Saturday
    expect(calendar.isWorkingDay("2025-04-26")).toBe(true); // make-up for Friday 2/5
    expect(calendar.isWorkingDay("2025-05-02")).toBe(false);
    expect(calendar.isWorkingDay("2026-01-02")).toBe(false); // swapped with Saturday 10/1
    expect(calendar.isWorkingDay("2026-01-10")).toBe(true);
    expect(calendar.isWorkingDay("2026-02-17")).toBe(false); // Tết Bính Ngọ
    expect(calendar.isWorkingDay("2026-04-27")).toBe(false); // in lieu of Hùng Kings' day on a Sunday
    for (const d of ["2026-08-31", "2026-09-01", "2026-09-02"]) expect(calendar.isWorkingDay(d)).toBe(false);
    expect(calendar.isWorkingDay("2026-08-22")).toBe(true); // make-up for Monday 31/8
  });

  it("gives National Day its two days and Tết its five, with weekend days given back, before any announcement", () => {
    // 2027: nothing announced yet. Tết Đinh Mùi begins on Saturday 6/2.
    for (const d of ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"])
      expect(calendar.isWorkingDay(d)).toBe(false);
    expect(calendar.isWorkingDay("2027-02-12")).toBe(true);
    expect(calendar.isWorkingDay("2027-09-02")).toBe(false);
    expect(calendar.isWorkingDay("2027-09-03")).toBe(false); // the adjacent day joining the weekend
    expect(calendar.isWorkingDay("2027-05-03")).toBe(false); // 1/5 on a Saturday
  });
});

describe("an announced decision", () => {
  it("replaces the law's default days of the occasion it arranges", () => {
    // 2/9/2042 is a Tuesday: the default adjacent day is Monday 1/9; a decision choosing 3/9 wins.
    const source = "Quyết định giả định";
    const days = nationalDays(
      2042,
      [],
      [
        { day: "2042-09-02", occasion: "national_day", kind: "holiday", name: "Quốc khánh", source },
        { day: "2042-09-03", occasion: "national_day", kind: "holiday", name: "Nghỉ Quốc khánh", source },
      ],
    ).filter((d) => d.day.startsWith("2042-09"));
    expect(days.map((d) => d.day)).toEqual(["2042-09-02", "2042-09-03"]);
  });
});

describe("deadlines", () => {
  it("do not count the day of receipt", () => {
    const d = deadlinesFor("reflection", at("2026-11-23T08:00:00"), calendar);
    expect(day(d.acknowledgeBy)).toBe("2026-11-24");
    expect(d.acknowledgeBy.toISOString()).toBe("2026-11-24T16:59:59.999Z");
    expect(day(d.answerBy)).toBe("2026-12-07");
  });

  it("count the day of receipt in Vietnam's time, not the server's", () => {
    // 03:00 on Tuesday in Hà Nội is still Monday in UTC.
    const d = deadlinesFor("question", new Date("2026-11-23T20:00:00Z"), calendar);
    expect(day(d.acknowledgeBy)).toBe("2026-11-25");
  });

  it("skip the whole Tết break", () => {
    const d = deadlinesFor("reflection", at("2025-01-24T10:00:00"), calendar);
    expect(day(d.acknowledgeBy)).toBe("2025-02-03");
    expect(day(d.answerBy)).toBe("2025-02-14");
  });

  it("skip the swapped Monday and the two days of National Day 2026", () => {
    // Received Friday 28/8/2026: 31/8 is swapped off, 1/9 and 2/9 are National Day.
    const d = deadlinesFor("reflection", at("2026-08-28T10:00:00"), calendar);
    expect(day(d.acknowledgeBy)).toBe("2026-09-03");
  });

  it("count a make-up Saturday as a working day", () => {
    const d = deadlinesFor("recommendation", at("2026-08-21T09:00:00"), calendar);
    expect(day(d.acknowledgeBy)).toBe("2026-08-22"); // Saturday worked for Monday 31/8
    const may = deadlinesFor("suggestion", at("2025-04-24T15:00:00"), calendar);
    expect(day(may.acknowledgeBy)).toBe("2025-04-25");
    expect(day(may.answerBy)).toBe("2025-05-12"); // Sat 26/4 worked, 30/4, 1/5 and the swapped 2/5 off
  });

  it("move a limit in days that ends on a holiday to the next working day", () => {
    expect(addDays("2026-01-17", 30)).toBe("2026-02-16"); // Tết eve
    expect(deadlineDay(at("2026-01-17T09:00:00"), LEGAL_RULES.complaint.answer, calendar)).toBe("2026-02-23");
    const d = deadlinesFor("complaint", at("2026-01-17T09:00:00"), calendar);
    expect(day(d.acknowledgeBy)).toBe("2026-01-27");
    // Until it is accepted, a complaint's 30 days run from the last day allowed to accept it.
    expect(day(d.answerBy)).toBe("2026-02-26");
    const denunciation = deadlinesFor("denunciation", at("2026-01-17T09:00:00"), calendar);
    expect(day(denunciation.acknowledgeBy)).toBe("2026-01-23"); // 5 working days
  });

  it("follow a unit's shorter limits but never longer ones", () => {
    expect(effectiveRules("reflection", { answer: { days: 5, unit: "working" } }).answer.days).toBe(5);
    expect(effectiveRules("reflection", { answer: { days: 15, unit: "working" } }).answer.days).toBe(10);
    expect(effectiveRules("complaint", { answer: { days: 20, unit: "working" } }).answer).toEqual({
      days: 30,
      unit: "calendar",
    });
  });

  it("are always a working day and never earlier than the legal minimum", () => {
    const start = at("2025-01-01T00:00:00").getTime();
    const end = at("2027-11-30T00:00:00").getTime();
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.constantFrom(...PETITION_KINDS), (ms, kind) => {
        const received = new Date(ms);
        const receivedDay = vnDay(received);
        const d = deadlinesFor(kind, received, calendar);
        const answerFrom = countsFromAcceptance(kind) ? vnDay(d.acknowledgeBy) : receivedDay;
        for (const [limit, by, from] of [
          [LEGAL_RULES[kind].acknowledge, d.acknowledgeBy, receivedDay],
          [LEGAL_RULES[kind].answer, d.answerBy, answerFrom],
        ] as const) {
          const last = vnDay(by);
          expect(calendar.isWorkingDay(last)).toBe(true);
          expect(last > from).toBe(true);
          if (limit.unit === "working") {
            expect(calendar.workingDaysBetween(from, last)).toBe(limit.days);
          } else {
            expect(last >= addDays(from, limit.days)).toBe(true);
            // Moved only across days off: every day between the nominal and the actual last day is off.
            for (let x = addDays(from, limit.days); x < last; x = addDays(x, 1)) {
              expect(calendar.isWorkingDay(x)).toBe(false);
            }
          }
        }
        expect(d.acknowledgeBy.getTime()).toBeLessThanOrEqual(d.answerBy.getTime());
      }),
      { numRuns: 500 },
    );
  });
});

describe("the outcome stamped when a case is answered", () => {
  const answerBy = deadlinesFor("reflection", at("2026-11-23T08:00:00"), calendar).answerBy; // 2026-12-07
  it("is early before the answer-by day, on time on it, late after it", () => {
    expect(outcomeOf(at("2026-12-04T16:00:00"), answerBy)).toBe("early");
    expect(outcomeOf(at("2026-12-07T08:00:00"), answerBy)).toBe("on_time");
    expect(outcomeOf(at("2026-12-07T23:59:00"), answerBy)).toBe("on_time");
    expect(outcomeOf(at("2026-12-08T00:01:00"), answerBy)).toBe("late");
    // Any day before the answer-by day counts as early, a Sunday included.
    expect(outcomeOf(at("2026-12-06T10:00:00"), answerBy)).toBe("early");
  });
});

describe("waiting for the citizen's information", () => {
  it("moves the answer-by day by the working days of the wait", () => {
    const answerBy = at("2026-12-07T23:59:59.999");
    const extended = extendForPause(answerBy, at("2026-11-25T10:00:00"), at("2026-11-30T09:00:00"), calendar);
    // 26, 27 and 30 November are working days of waiting.
    expect(day(extended)).toBe("2026-12-10");
    expect(extendForPause(answerBy, at("2026-11-25T10:00:00"), at("2026-11-25T15:00:00"), calendar)).toBe(
      answerBy,
    );
  });

  it("uses working days on both sides of Tết", () => {
    expect(deadlineDay(at("2026-02-13T10:00:00"), { days: 1, unit: "working" }, calendar)).toBe("2026-02-23");
  });
});
