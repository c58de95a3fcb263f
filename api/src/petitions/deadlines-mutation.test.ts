import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vnDay } from "../time.ts";
import { addDays, type DayKind, WorkCalendar } from "./calendar.ts";
import {
  answerByFromAcceptance,
  type CaseClock,
  clockLaw,
  complaintExtendedDays,
  extendedAnswerBy,
  extensionRefusal,
  replayDeadlines,
} from "./clocks.ts";
import {
  countsFromAcceptance,
  deadlineDay,
  deadlinesFor,
  effectiveRules,
  endOfVnDay,
  extendForPause,
  LEGAL_RULES,
  type Limit,
  outcomeOf,
  PETITION_KINDS,
  REMOTE_COMPLAINT_ANSWER,
} from "./deadlines.ts";
import { nationalLookup } from "./official-days.ts";

const plain = WorkCalendar.of({ holidays: [], daysOff: [], workingDays: [] });
const national = new WorkCalendar(nationalLookup([]));
const at = (local: string) => new Date(`${local}+07:00`);
const working = (days: number): Limit => ({ days, unit: "working" });
const calendarDays = (days: number): Limit => ({ days, unit: "calendar" });

describe("the legal time limits", () => {
  it("are those of the laws on citizen reception, complaints and denunciations", () => {
    const petition = { acknowledge: working(1), answer: working(10) };
    expect(LEGAL_RULES).toEqual({
      reflection: petition,
      recommendation: petition,
      suggestion: petition,
      question: petition,
      complaint: { acknowledge: calendarDays(10), answer: calendarDays(30) },
      denunciation: { acknowledge: working(5), answer: calendarDays(30) },
    });
    expect(REMOTE_COMPLAINT_ANSWER).toEqual(calendarDays(45));
  });

  it("count the answer of complaints and denunciations from their acceptance, of the others from receipt", () => {
    expect(PETITION_KINDS.filter(countsFromAcceptance)).toEqual(["complaint", "denunciation"]);
  });

  it("give a complaint in a remote area 45 days, and no other case more time", () => {
    expect(effectiveRules("complaint", undefined, true)).toEqual({
      acknowledge: calendarDays(10),
      answer: calendarDays(45),
    });
    expect(effectiveRules("complaint").answer).toEqual(calendarDays(30));
    expect(effectiveRules("complaint", {}, false).answer).toEqual(calendarDays(30));
    expect(effectiveRules("denunciation", undefined, true)).toEqual(LEGAL_RULES.denunciation);
    expect(effectiveRules("question", undefined, true)).toEqual(LEGAL_RULES.question);
  });
});

describe("a unit's own limits", () => {
  it("apply when they are shorter or equal, down to the same day", () => {
    expect(effectiveRules("reflection", { answer: working(5) })).toEqual({
      acknowledge: working(1),
      answer: working(5),
    });
    expect(effectiveRules("reflection", { acknowledge: working(0) }).acknowledge).toEqual(working(0));
    expect(effectiveRules("denunciation", { acknowledge: working(5) }).acknowledge).toEqual(working(5));
    expect(effectiveRules("complaint", { answer: calendarDays(40) }, true).answer).toEqual(calendarDays(40));
  });

  it("are refused when longer, negative or counted differently, and the law's limit applies", () => {
    expect(effectiveRules("reflection", { answer: working(11) }).answer).toEqual(working(10));
    expect(effectiveRules("reflection", { acknowledge: working(-1) }).acknowledge).toEqual(working(1));
    expect(effectiveRules("complaint", { acknowledge: working(3) }).acknowledge).toEqual(calendarDays(10));
    expect(effectiveRules("complaint", { answer: calendarDays(46) }, true).answer).toEqual(calendarDays(45));
    expect(effectiveRules("complaint", { answer: calendarDays(31) }).answer).toEqual(calendarDays(30));
  });
});

describe("deadline days", () => {
  it("end at the last millisecond of the Vietnamese day", () => {
    expect(endOfVnDay("2026-11-24").toISOString()).toBe("2026-11-24T16:59:59.999Z");
  });

  it("count working days or calendar days from the Vietnamese day of receipt", () => {
    const received = at("2026-11-27T23:30:00"); // Friday night in Hà Nội, still Friday afternoon in UTC
    expect(deadlineDay(received, working(1), plain)).toBe("2026-11-30");
    expect(deadlineDay(received, calendarDays(1), plain)).toBe("2026-11-30"); // Saturday moves to Monday
    expect(deadlineDay(received, calendarDays(6), plain)).toBe("2026-12-03");
    expect(deadlineDay(received, working(6), plain)).toBe("2026-12-07");
  });

  it("for a question: acknowledge the next working day and answer within ten", () => {
    const d = deadlinesFor("question", at("2026-11-27T09:00:00"), plain);
    expect(d.acknowledgeBy.toISOString()).toBe("2026-11-30T16:59:59.999Z");
    expect(vnDay(d.answerBy)).toBe("2026-12-11");
  });

  it("for a complaint: accept within 10 days, then resolve within 30 days of that", () => {
    const d = deadlinesFor("complaint", at("2026-11-02T09:00:00"), plain);
    expect(vnDay(d.acknowledgeBy)).toBe("2026-11-12");
    expect(vnDay(d.answerBy)).toBe("2026-12-14"); // 12/12 is a Saturday
    const remote = deadlinesFor("complaint", at("2026-11-02T09:00:00"), plain, undefined, true);
    expect(vnDay(remote.acknowledgeBy)).toBe("2026-11-12");
    expect(vnDay(remote.answerBy)).toBe("2026-12-28"); // 27/12 is a Sunday
  });

  it("for a denunciation: accept within 5 working days, then resolve within 30 days of that", () => {
    const d = deadlinesFor("denunciation", at("2026-11-02T09:00:00"), plain);
    expect(vnDay(d.acknowledgeBy)).toBe("2026-11-09");
    expect(vnDay(d.answerBy)).toBe("2026-12-09");
  });

  it("follow the unit's shorter limits", () => {
    const d = deadlinesFor("reflection", at("2026-11-02T09:00:00"), plain, {
      acknowledge: working(0),
      answer: working(3),
    });
    expect(vnDay(d.acknowledgeBy)).toBe("2026-11-02");
    expect(vnDay(d.answerBy)).toBe("2026-11-05");
  });
});

describe("the outcome of an answer", () => {
  const answerBy = endOfVnDay("2026-12-07");
  it("is on time up to the very last millisecond of the answer-by day, late one millisecond after", () => {
    expect(outcomeOf(answerBy, answerBy)).toBe("on_time");
    expect(outcomeOf(new Date(answerBy.getTime() + 1), answerBy)).toBe("late");
    expect(outcomeOf(at("2026-12-07T00:00:00"), answerBy)).toBe("on_time");
    expect(outcomeOf(at("2026-12-06T23:59:59.999"), answerBy)).toBe("early");
  });
});

describe("pausing the clock", () => {
  const answerBy = endOfVnDay("2026-12-07");
  it("adds the working days of the wait, however late in the day the request was sent", () => {
    const extended = extendForPause(answerBy, at("2026-11-27T23:00:00"), at("2026-12-01T08:00:00"), plain);
    expect(extended.toISOString()).toBe("2026-12-09T16:59:59.999Z"); // Monday 30/11 and Tuesday 1/12
  });

  it("leaves the deadline as it was when the wait covered no working day", () => {
    expect(extendForPause(answerBy, at("2026-11-28T09:00:00"), at("2026-11-29T17:00:00"), plain)).toBe(
      answerBy,
    );
    // A resumption recorded before the request (a clock error) never shortens the deadline.
    expect(extendForPause(answerBy, at("2026-12-02T09:00:00"), at("2026-11-30T09:00:00"), plain)).toBe(
      answerBy,
    );
  });
});

describe("deadline properties", () => {
  const start = at("2025-01-01T00:00:00").getTime();
  const end = at("2035-12-31T23:59:59").getTime();
  const instant = fc.integer({ min: start, max: end }).map((ms) => new Date(ms));

  /** The national calendar under a unit's own random days off and worked days near the receipt. */
  const unitOver = (received: Date, entries: { offset: number; kind: DayKind }[]) => {
    const day = vnDay(received);
    const own = new Map(entries.map((e) => [addDays(day, e.offset), e.kind]));
    const lookup = nationalLookup([]);
    return new WorkCalendar((d) => own.get(d) ?? lookup(d));
  };
  const entries = fc.array(
    fc.record({
      offset: fc.integer({ min: -5, max: 90 }),
      kind: fc.constantFrom<DayKind>("holiday", "day_off", "working_day"),
    }),
    { maxLength: 20 },
  );

  it("never land on a day off, for any kind, receipt between 2025 and 2035, unit or national calendar", () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...PETITION_KINDS),
        fc.boolean(),
        entries,
        (received, kind, remote, own) => {
          for (const calendar of [national, unitOver(received, own)]) {
            const d = deadlinesFor(kind, received, calendar, undefined, remote);
            expect(calendar.isWorkingDay(vnDay(d.acknowledgeBy))).toBe(true);
            expect(calendar.isWorkingDay(vnDay(d.answerBy))).toBe(true);
            expect(vnDay(d.acknowledgeBy) > vnDay(received)).toBe(true);
            expect(d.answerBy > d.acknowledgeBy).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a deadline day is a working day for any limit a unit may set", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 45 }),
        fc.constantFrom<Limit["unit"]>("working", "calendar"),
        (received, days, unit) => {
          const last = deadlineDay(received, { days, unit }, national);
          expect(national.isWorkingDay(last)).toBe(true);
          expect(last >= vnDay(received)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the legal clocks of complaints and denunciations", () => {
  const accepted = at("2026-11-05T10:00:00");
  const answerBy = endOfVnDay("2026-12-07");
  const ask = (over: Partial<Parameters<typeof extensionRefusal>[0]>) =>
    extensionRefusal({
      kind: "denunciation",
      acceptedAt: accepted,
      answerBy,
      now: at("2026-12-01T09:00:00"),
      previous: [],
      reason: "complex",
      ...over,
    });

  it("name the law a case is counted under", () => {
    expect(PETITION_KINDS.map(clockLaw)).toEqual([
      "citizen_reception",
      "citizen_reception",
      "citizen_reception",
      "citizen_reception",
      "complaints",
      "denunciations",
    ]);
    expect([complaintExtendedDays(false), complaintExtendedDays(true)]).toEqual([45, 60]);
  });

  it("allow an extension only of an accepted complaint or denunciation, before its deadline has passed", () => {
    expect(ask({})).toBeNull();
    expect(ask({ kind: "question" })).toBe("extension_not_allowed");
    expect(ask({ acceptedAt: null })).toBe("extension_before_acceptance");
    expect(ask({ now: answerBy })).toBeNull(); // the very last millisecond still counts
    expect(ask({ now: new Date(answerBy.getTime() + 1) })).toBe("extension_too_late");
  });

  it("allow one extension, two for an especially complex denunciation", () => {
    expect(ask({ kind: "complaint", previous: ["complex"] })).toBe("extension_limit_reached");
    expect(ask({ kind: "complaint", reason: "especially_complex", previous: ["complex"] })).toBe(
      "extension_limit_reached",
    );
    expect(ask({ previous: ["complex"] })).toBe("extension_limit_reached");
    expect(ask({ reason: "especially_complex", previous: ["complex"] })).toBeNull();
    expect(ask({ reason: "complex", previous: ["especially_complex"] })).toBeNull();
    expect(ask({ reason: "especially_complex", previous: ["especially_complex", "complex"] })).toBe(
      "extension_limit_reached",
    );
  });

  it("extend a complaint to 45 days from acceptance, 60 in a remote area", () => {
    const input = { kind: "complaint" as const, acceptedAt: accepted, answerBy, days: 0, calendar: plain };
    expect(vnDay(extendedAnswerBy({ ...input, remoteArea: false }))).toBe("2026-12-21"); // 20/12 is a Sunday
    expect(vnDay(extendedAnswerBy({ ...input, remoteArea: true }))).toBe("2027-01-04"); // 3/1 is a Sunday
  });

  it("extend a denunciation by the days decided, at least one and at most thirty", () => {
    const input = { kind: "denunciation" as const, acceptedAt: accepted, answerBy, remoteArea: false };
    const by = (days: number) => vnDay(extendedAnswerBy({ ...input, days, calendar: plain }));
    expect(by(2)).toBe("2026-12-09");
    expect(by(0)).toBe("2026-12-08");
    expect(by(30)).toBe("2027-01-06");
    expect(by(45)).toBe("2027-01-06");
    expect(by(5)).toBe("2026-12-14"); // Saturday 12/12 moves to Monday
  });

  it("count the answer of an accepted case from its acceptance", () => {
    expect(vnDay(answerByFromAcceptance("complaint", accepted, plain))).toBe("2026-12-07"); // 5/12 a Saturday
    expect(vnDay(answerByFromAcceptance("complaint", accepted, plain, undefined, true))).toBe("2026-12-21");
    expect(vnDay(answerByFromAcceptance("complaint", accepted, plain, { answer: calendarDays(20) }))).toBe(
      "2026-11-25",
    );
    expect(answerByFromAcceptance("question", accepted, plain).toISOString()).toBe(
      "2026-11-19T16:59:59.999Z",
    );
  });
});

describe("a case's deadlines replayed from its history", () => {
  const question = (events: CaseClock["events"]): CaseClock => ({
    kind: "question",
    receivedAt: at("2026-11-02T09:00:00"),
    acceptedAt: at("2026-11-02T15:00:00"),
    remoteArea: false,
    events,
  });
  const replay = (c: CaseClock) => {
    const d = replayDeadlines(c, plain);
    return [vnDay(d.acknowledgeBy), vnDay(d.answerBy)];
  };

  it("add each finished wait for the citizen's information, in the order things happened", () => {
    expect(replay(question([]))).toEqual(["2026-11-03", "2026-11-16"]);
    const events = [
      { at: at("2026-11-06T10:00:00"), event: "info_received" as const },
      { at: at("2026-11-04T10:00:00"), event: "request_info" as const },
      { at: at("2026-11-10T10:00:00"), event: "request_info" as const }, // still waiting: no change yet
    ];
    expect(replay(question(events))).toEqual(["2026-11-03", "2026-11-18"]);
    // Information received without a request moves nothing.
    expect(replay(question([{ at: at("2026-11-06T10:00:00"), event: "info_received" }]))).toEqual([
      "2026-11-03",
      "2026-11-16",
    ]);
  });

  it("count again from a reopening, a wait before it being over", () => {
    const events = [
      { at: at("2026-11-20T10:00:00"), event: "request_info" as const },
      { at: at("2026-12-01T09:00:00"), event: "reopen" as const },
      { at: at("2026-12-03T09:00:00"), event: "info_received" as const },
    ];
    expect(replay(question(events))).toEqual(["2026-11-03", "2026-12-15"]);
  });

  it("count a complaint from its acceptance, and extend it only once accepted", () => {
    const complaint = (acceptedAt: Date | null, events: CaseClock["events"] = []): CaseClock => ({
      kind: "complaint",
      receivedAt: at("2026-11-02T09:00:00"),
      acceptedAt,
      remoteArea: false,
      events,
    });
    const extend = {
      at: at("2026-11-20T09:00:00"),
      event: "extend" as const,
      reason: "complex" as const,
      days: 0,
    };
    expect(replay(complaint(at("2026-11-05T10:00:00")))).toEqual(["2026-11-12", "2026-12-07"]);
    expect(replay(complaint(null))).toEqual(["2026-11-12", "2026-12-14"]);
    expect(replay(complaint(at("2026-11-05T10:00:00"), [extend]))).toEqual(["2026-11-12", "2026-12-21"]);
    expect(replay(complaint(null, [extend]))).toEqual(["2026-11-12", "2026-12-14"]);
  });

  it("extend a denunciation once for each decision, by its days", () => {
    const extend = (day: string, days: number) => ({
      at: at(`${day}T09:00:00`),
      event: "extend" as const,
      reason: "especially_complex" as const,
      days,
    });
    const c: CaseClock = {
      kind: "denunciation",
      receivedAt: at("2026-11-02T09:00:00"),
      acceptedAt: at("2026-11-04T10:00:00"),
      remoteArea: true,
      events: [extend("2026-12-20", 10), extend("2026-11-30", 30)],
    };
    // 30 days from acceptance: Friday 4/12; then 30 days more: Sunday 3/1 moved to Monday 4/1; then 10.
    expect(replay(c)).toEqual(["2026-11-09", "2027-01-14"]);
  });
});
