import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type DayKind, WorkCalendar, weekday } from "./calendar.ts";
import { nationalLookup } from "./official-days.ts";

const plain = WorkCalendar.of({ holidays: [], daysOff: [], workingDays: [] });
const national = new WorkCalendar(nationalLookup([]));
const fromTable = (table: Record<string, DayKind>) => new WorkCalendar((day) => table[day]);

/** Days of 2030 and 2031: far enough ahead that no announced decision shapes them. */
const BASE = "2030-01-01";
const dayIn = (span: number) => fc.integer({ min: 0, max: span }).map((n) => addDays(BASE, n));

/**
 * A unit's calendar of random holidays, days off and declared working days (Saturdays or not),
 * sparse enough that a working day always comes within a few weeks.
 */
const randomCalendar = fc
  .array(
    fc.record({
      offset: fc.integer({ min: 0, max: 500 }),
      kind: fc.constantFrom<DayKind>("holiday", "day_off", "working_day"),
    }),
    { maxLength: 80 },
  )
  .map((entries) => {
    const table = new Map(entries.map((e) => [addDays(BASE, e.offset), e.kind]));
    return new WorkCalendar((day) => table.get(day));
  });

/** Random calendars, and the real national one (statutory days under the announced decisions). */
const anyCalendar = fc.oneof(randomCalendar, fc.constant(national));

describe("day arithmetic", () => {
  it("moves across month, leap-day and year boundaries, backwards too", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(addDays("2026-11-23", 30)).toBe("2026-12-23");
    expect(addDays("2026-11-23", 0)).toBe("2026-11-23");
  });

  it("names the weekday of a day, Sunday being 0", () => {
    expect(["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-28"].map(weekday)).toEqual([0, 1, 2, 6]);
  });
});

describe("a working day", () => {
  it("is Monday to Friday when the calendar says nothing of the day", () => {
    const week = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"];
    for (const day of week) expect(plain.isWorkingDay(day)).toBe(true);
    expect(plain.isWorkingDay("2026-11-28")).toBe(false); // Saturday
    expect(plain.isWorkingDay("2026-11-29")).toBe(false); // Sunday
  });

  it("is not a weekday the calendar marks as a holiday or a day off", () => {
    const cal = fromTable({ "2026-11-24": "holiday", "2026-11-25": "day_off" });
    expect(cal.isWorkingDay("2026-11-23")).toBe(true);
    expect(cal.isWorkingDay("2026-11-24")).toBe(false);
    expect(cal.isWorkingDay("2026-11-25")).toBe(false);
    expect(cal.isWorkingDay("2026-11-26")).toBe(true);
  });

  it("includes a Saturday or a Sunday the calendar declares worked", () => {
    const cal = fromTable({
      "2026-11-28": "working_day",
      "2026-11-29": "working_day",
      "2026-11-23": "working_day",
    });
    expect(cal.isWorkingDay("2026-11-28")).toBe(true);
    expect(cal.isWorkingDay("2026-11-29")).toBe(true);
    expect(cal.isWorkingDay("2026-11-23")).toBe(true);
    expect(cal.isWorkingDay("2026-12-05")).toBe(false); // the next Saturday, not declared
  });

  it("follows plain lists of holidays, days off and make-up Saturdays, a worked day winning over a day off", () => {
    const cal = WorkCalendar.of({
      holidays: ["2026-11-24"],
      daysOff: ["2026-11-25", "2026-11-26"],
      workingDays: ["2026-11-28", "2026-11-26"],
    });
    expect(cal.isWorkingDay("2026-11-23")).toBe(true);
    expect(cal.isWorkingDay("2026-11-24")).toBe(false);
    expect(cal.isWorkingDay("2026-11-25")).toBe(false);
    expect(cal.isWorkingDay("2026-11-26")).toBe(true); // listed both ways: worked
    expect(cal.isWorkingDay("2026-11-27")).toBe(true);
    expect(cal.isWorkingDay("2026-11-28")).toBe(true);
    expect(cal.isWorkingDay("2026-11-29")).toBe(false);
  });

  it("on or after a day is that day when it is worked, else the next day that is", () => {
    const cal = fromTable({ "2026-11-30": "holiday" });
    expect(cal.onOrAfter("2026-11-27")).toBe("2026-11-27"); // Friday
    expect(cal.onOrAfter("2026-11-28")).toBe("2026-12-01"); // Saturday, Sunday, then a Monday holiday
    expect(cal.onOrAfter("2026-11-30")).toBe("2026-12-01");
  });

  it("is looked for up to two months ahead before the calendar is declared broken", () => {
    const offFor = (days: number) => {
      const table: Record<string, DayKind> = {};
      for (let i = 0; i < days; i++) table[addDays("2026-01-01", i)] = "holiday";
      for (let i = days; i < days + 7; i++) table[addDays("2026-01-01", i)] = "working_day";
      return fromTable(table);
    };
    // 61 days off in a row: the 62nd day is still found.
    expect(offFor(61).onOrAfter("2026-01-01")).toBe(addDays("2026-01-01", 61));
    expect(() => offFor(62).onOrAfter("2026-01-01")).toThrow(
      "no working day within 60 days after 2026-01-01",
    );
  });
});

describe("counting working days", () => {
  it("does not count the day of receipt: one working day after a Friday is the Monday", () => {
    expect(plain.addWorkingDays("2026-11-27", 1)).toBe("2026-11-30");
    expect(plain.addWorkingDays("2026-11-23", 1)).toBe("2026-11-24");
    expect(plain.addWorkingDays("2026-11-23", 10)).toBe("2026-12-07");
  });

  it("skips holidays and counts make-up Saturdays", () => {
    const cal = fromTable({ "2026-11-24": "holiday", "2026-11-28": "working_day" });
    expect(cal.addWorkingDays("2026-11-23", 1)).toBe("2026-11-25");
    expect(cal.addWorkingDays("2026-11-23", 4)).toBe("2026-11-28");
    expect(cal.addWorkingDays("2026-11-23", 5)).toBe("2026-11-30");
  });

  it("with zero days, gives the day itself or the next working day", () => {
    expect(plain.addWorkingDays("2026-11-25", 0)).toBe("2026-11-25");
    expect(plain.addWorkingDays("2026-11-28", 0)).toBe("2026-11-30");
  });

  it("counts a limit in days from the day after receipt and moves a last day off to the next working day", () => {
    expect(plain.addCalendarDays("2026-11-02", 10)).toBe("2026-11-12");
    expect(plain.addCalendarDays("2026-11-13", 30)).toBe("2026-12-14"); // Saturday 12/12 moves to Monday
    expect(plain.addCalendarDays("2026-11-14", 0)).toBe("2026-11-16");
  });

  it("counts the working days between two days, the first excluded, negative backwards", () => {
    expect(plain.workingDaysBetween("2026-11-23", "2026-11-23")).toBe(0);
    expect(plain.workingDaysBetween("2026-11-23", "2026-11-24")).toBe(1);
    expect(plain.workingDaysBetween("2026-11-27", "2026-11-30")).toBe(1);
    expect(plain.workingDaysBetween("2026-11-27", "2026-11-29")).toBe(0);
    expect(plain.workingDaysBetween("2026-11-23", "2026-12-07")).toBe(10);
    expect(plain.workingDaysBetween("2026-12-07", "2026-11-23")).toBe(-10);
    expect(plain.workingDaysBetween("2026-11-30", "2026-11-27")).toBe(-1);
  });
});

describe("calendar properties (random unit calendars and the national calendar)", () => {
  it("counting N working days forward and then back between the two days gives N", () => {
    fc.assert(
      fc.property(anyCalendar, dayIn(400), fc.integer({ min: 1, max: 40 }), (cal, from, n) => {
        const to = cal.addWorkingDays(from, n);
        expect(cal.isWorkingDay(to)).toBe(true);
        expect(cal.workingDaysBetween(from, to)).toBe(n);
        // Backwards the first day (here `to`) is excluded and the last (`from`) included.
        const back = n - 1 + (cal.isWorkingDay(from) ? 1 : 0);
        expect(cal.workingDaysBetween(to, from) + back).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("one more working day always ends strictly later", () => {
    fc.assert(
      fc.property(anyCalendar, dayIn(400), fc.integer({ min: 1, max: 40 }), (cal, from, n) => {
        const day = cal.addWorkingDays(from, n);
        const next = cal.addWorkingDays(from, n + 1);
        expect(next > day).toBe(true);
        // Nothing worked in between: the next one is the first working day after.
        expect(next).toBe(cal.onOrAfter(addDays(day, 1)));
        // Zero days never ends after one day.
        expect(cal.addWorkingDays(from, 0) <= cal.addWorkingDays(from, 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("on or after a day is a working day, not before it, with only days off in between", () => {
    fc.assert(
      fc.property(anyCalendar, dayIn(400), (cal, day) => {
        const found = cal.onOrAfter(day);
        expect(cal.isWorkingDay(found)).toBe(true);
        expect(found >= day).toBe(true);
        if (cal.isWorkingDay(day)) expect(found).toBe(day);
        for (let d = day; d < found; d = addDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("a limit in days ends on a working day, on its nominal last day or just after days off", () => {
    fc.assert(
      fc.property(anyCalendar, dayIn(400), fc.integer({ min: 0, max: 45 }), (cal, from, n) => {
        const nominal = addDays(from, n);
        const last = cal.addCalendarDays(from, n);
        expect(cal.isWorkingDay(last)).toBe(true);
        expect(last >= nominal).toBe(true);
        for (let d = nominal; d < last; d = addDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
