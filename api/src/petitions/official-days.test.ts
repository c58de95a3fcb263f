import { describe, expect, it } from "vitest";
import { WorkCalendar } from "./calendar.ts";
import {
  type AnnouncedDay,
  type NationalOverride,
  nationalDays,
  nationalLookup,
  tetBreakEntered,
} from "./official-days.ts";
import { statutoryDays } from "./statutory-days.ts";

// 2040 is far enough ahead that no decision has been announced for it: the tests bring their own.
// In 2040 Tết (mùng 1) is Sunday 12/2; the law gives 11/2 to 15/2, and 16/2 and 17/2 back for the
// Saturday and Sunday; 2/9 is a Sunday.
const DECISION = "Thông báo giả định 1/TB-TEST";
const tet2040: AnnouncedDay[] = [
  { day: "2040-02-10", occasion: "tet", kind: "holiday", name: "Tết (29 tháng Chạp)", source: DECISION },
  ...["2040-02-13", "2040-02-14", "2040-02-15"].map(
    (day): AnnouncedDay => ({ day, occasion: "tet", kind: "holiday", name: "Tết", source: DECISION }),
  ),
  { day: "2040-02-16", occasion: "tet", kind: "day_off", name: "Nghỉ hoán đổi", source: DECISION },
  { day: "2040-02-25", occasion: "tet", kind: "working_day", name: "Làm bù", source: DECISION },
];
const override = (day: string, kind: NationalOverride["kind"], reference: string | null = null) => ({
  day,
  kind,
  name: `Điều chỉnh ${day}`,
  reference,
});
const daysOf = (list: { day: string }[], month: string) =>
  list.map((d) => d.day).filter((d) => d.startsWith(month));

describe("the national calendar of a year", () => {
  it("is the law's own days until a decision is announced", () => {
    expect(nationalDays(2040, [], [])).toEqual(statutoryDays(2040));
  });

  it("takes an announced decision's arrangement of Tết in place of the law's default days", () => {
    const days = nationalDays(2040, [], tet2040);
    const february = daysOf(days, "2040-02");
    for (const a of tet2040) expect(february).toContain(a.day);
    expect(february).not.toContain("2040-02-17"); // given back by the law, not by the decision
    expect(days.find((d) => d.day === "2040-02-16")).toMatchObject({
      kind: "day_off",
      name: "Nghỉ hoán đổi",
      origin: "announced",
      reference: DECISION,
    });
    expect(days.find((d) => d.day === "2040-02-25")).toMatchObject({
      kind: "working_day",
      origin: "announced",
    });
    const calendar = new WorkCalendar((day) => days.find((d) => d.day === day)?.kind);
    expect(calendar.isWorkingDay("2040-02-17")).toBe(true); // a day the law would have given back
    expect(calendar.isWorkingDay("2040-02-25")).toBe(true); // the make-up Saturday
  });

  it("drops the days the law gives back for National Day when a decision arranges it otherwise", () => {
    // 2/9/2040 is a Sunday: the law gives 3/9 and 4/9 back; the decision gives Monday 3/9 only.
    const decision: AnnouncedDay[] = [
      { day: "2040-09-02", occasion: "national_day", kind: "holiday", name: "Quốc khánh", source: DECISION },
      { day: "2040-09-03", occasion: "national_day", kind: "holiday", name: "Nghỉ bù", source: DECISION },
    ];
    const september = daysOf(nationalDays(2040, [], decision), "2040-09");
    expect(september).toContain("2040-09-03");
    expect(september).not.toContain("2040-09-04");
  });

  it("keeps the law's days of the occasions a decision does not arrange", () => {
    const days = nationalDays(2040, [], tet2040);
    const others = (list: { day: string }[]) =>
      list.map((d) => d.day).filter((d) => !d.startsWith("2040-02"));
    expect(others(days)).toEqual(others(statutoryDays(2040)));
    expect(days.find((d) => d.day === "2040-09-04")).toMatchObject({ origin: "statutory", kind: "holiday" });
  });

  it("of a year no decision has reached yet is the law's own days, without corrections", () => {
    expect(nationalDays(2040)).toEqual(statutoryDays(2040));
  });

  it("ignores decisions about other years", () => {
    const nextYear = tet2040.map((a) => ({ ...a, day: a.day.replace("2040-", "2041-") }));
    expect(nationalDays(2040, [], nextYear)).toEqual(statutoryDays(2040));
  });

  it("lets the platform administrator add, correct or remove a day, over the law and the decisions", () => {
    const days = nationalDays(
      2040,
      [
        override("2040-06-01", "holiday"),
        override("2040-02-13", "working_day", "Quyết định sửa đổi"),
        override("2040-04-30", "removed"),
        override("2041-06-01", "holiday"),
      ],
      tet2040,
    );
    expect(days.find((d) => d.day === "2040-06-01")).toEqual({
      day: "2040-06-01",
      kind: "holiday",
      name: "Điều chỉnh 2040-06-01",
      origin: "national",
      reference: "Quản trị nền tảng",
    });
    expect(days.find((d) => d.day === "2040-02-13")).toMatchObject({
      kind: "working_day",
      origin: "national",
      reference: "Quyết định sửa đổi",
    });
    expect(days.find((d) => d.day === "2040-04-30")).toBeUndefined();
    expect(days.map((d) => d.day)).not.toContain("2041-06-01");
    expect(days.map((d) => d.day)).toEqual(days.map((d) => d.day).sort());
  });
});

describe("the national lookup under the units' calendars", () => {
  it("tells the kind of a day of any year, with the administrator's corrections", () => {
    const lookup = nationalLookup([override("2040-06-01", "day_off"), override("2041-01-01", "removed")]);
    expect(lookup("2040-01-01")).toBe("holiday");
    expect(lookup("2040-01-02")).toBe("holiday"); // given back for Sunday 1/1
    expect(lookup("2040-01-03")).toBeUndefined();
    expect(lookup("2040-06-01")).toBe("day_off");
    expect(lookup("2041-01-01")).toBeUndefined();
    expect(lookup("2042-01-01")).toBe("holiday");
  });

  it("works out each year once, however many days are looked up", () => {
    let reads = 0;
    const corrections = new (class extends Array<NationalOverride> {
      override [Symbol.iterator]() {
        reads++;
        return super[Symbol.iterator]();
      }
    })();
    corrections.push(override("2040-06-01", "day_off"));
    const lookup = nationalLookup(corrections);
    for (const day of ["2040-01-01", "2040-06-01", "2040-12-31", "2040-03-03"]) lookup(day);
    const perYear = reads;
    expect(perYear).toBeGreaterThan(0);
    lookup("2041-05-05");
    lookup("2041-05-06");
    expect(reads).toBe(2 * perYear);
  });
});

describe("whether the Tết break of a year has been entered", () => {
  it("is not so while only the law's days are known", () => {
    expect(tetBreakEntered(2040, [])).toBe(false);
    // A correction far from Tết says nothing about it.
    expect(tetBreakEntered(2040, [override("2040-06-01", "holiday")])).toBe(false);
  });

  it("is so once a correction falls within two weeks of the first day, before or after", () => {
    // The first day of Tết 2040 is 12 February.
    expect(tetBreakEntered(2040, [override("2040-01-29", "day_off")])).toBe(true); // 14 days before
    expect(tetBreakEntered(2040, [override("2040-02-26", "working_day")])).toBe(true); // 14 days after
    expect(tetBreakEntered(2040, [override("2040-01-28", "day_off")])).toBe(false); // 15 days before
    expect(tetBreakEntered(2040, [override("2040-02-27", "working_day")])).toBe(false); // 15 days after
  });

  it("counts a correction of one of the law's own days", () => {
    expect(tetBreakEntered(2040, [override("2040-02-16", "working_day")])).toBe(true);
  });
});
