import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, WorkCalendar, weekday } from "./calendar.ts";
import { nationalLookup } from "./official-days.ts";
import {
  lunarToGregorian,
  lunarYearName,
  nationalDayAdjacent,
  statutoryDays,
  tetDay,
} from "./statutory-days.ts";

const national = new WorkCalendar(nationalLookup([]));
const isWeekend = (day: string) => weekday(day) === 0 || weekday(day) === 6;
const anyYear = fc.integer({ min: 2025, max: 2035 });

/** The days the Labour Code itself gives off in `year`, as the law lists them (art. 112(1)). */
function lawDays(year: number): string[] {
  const tet = tetDay(year);
  return [
    `${year}-01-01`,
    ...[-1, 0, 1, 2, 3].map((n) => addDays(tet, n)),
    lunarToGregorian(year, 3, 10),
    `${year}-04-30`,
    `${year}-05-01`,
    `${year}-09-02`,
    nationalDayAdjacent(year),
  ];
}

const LAW = "Bộ luật Lao động 2019";
const IN_LIEU = `${LAW}, Điều 111 khoản 3`;

describe("the lunar calendar", () => {
  it("puts the first day of Tết on the known dates, on Vietnam's meridian", () => {
    expect(tetDay(2022)).toBe("2022-02-01");
    expect(tetDay(2023)).toBe("2023-01-22");
    expect(tetDay(2024)).toBe("2024-02-10");
    expect(tetDay(2025)).toBe("2025-01-29");
    expect(tetDay(2026)).toBe("2026-02-17");
    expect(tetDay(2027)).toBe("2027-02-06");
    expect(tetDay(2028)).toBe("2028-01-26");
    // The Chinese new year is on 3 February 2030: the new moon falls before midnight only at UTC+7.
    expect(tetDay(2030)).toBe("2030-02-02");
    expect(tetDay(2033)).toBe("2033-01-31");
  });

  it("puts Hùng Kings' day (10th day of the 3rd lunar month) on the known dates", () => {
    expect(lunarToGregorian(2023, 3, 10)).toBe("2023-04-29");
    expect(lunarToGregorian(2024, 3, 10)).toBe("2024-04-18");
    expect(lunarToGregorian(2025, 3, 10)).toBe("2025-04-07");
    expect(lunarToGregorian(2026, 3, 10)).toBe("2026-04-26");
    expect(lunarToGregorian(2027, 3, 10)).toBe("2027-04-16");
  });

  it("names the lunar years of the sexagenary cycle as printed on Vietnamese calendars", () => {
    const names = Array.from({ length: 12 }, (_, i) => lunarYearName(2020 + i));
    expect(names).toEqual([
      "Canh Tý",
      "Tân Sửu",
      "Nhâm Dần",
      "Quý Mão",
      "Giáp Thìn",
      "Ất Tỵ",
      "Bính Ngọ",
      "Đinh Mùi",
      "Mậu Thân",
      "Kỷ Dậu",
      "Canh Tuất",
      "Tân Hợi",
    ]);
  });
});

describe("National Day's adjacent day", () => {
  it("is 3 September when 2 September is a Monday or a Thursday, making a long weekend", () => {
    expect(nationalDayAdjacent(2030)).toBe("2030-09-03"); // 2/9 on a Monday
    expect(nationalDayAdjacent(2027)).toBe("2027-09-03"); // on a Thursday
    expect(nationalDayAdjacent(2024)).toBe("2024-09-03"); // on a Monday (the 2024 decision)
  });

  it("is 1 September otherwise, as decided from 2022 to 2026", () => {
    expect(nationalDayAdjacent(2025)).toBe("2025-09-01"); // Tuesday
    expect(nationalDayAdjacent(2026)).toBe("2026-09-01"); // Wednesday
    expect(nationalDayAdjacent(2033)).toBe("2033-09-01"); // Friday
    expect(nationalDayAdjacent(2028)).toBe("2028-09-01"); // Saturday
    expect(nationalDayAdjacent(2029)).toBe("2029-09-01"); // Sunday
  });
});

describe("the holidays the Labour Code gives", () => {
  it("in 2023 match the breaks civil servants had, days given back included", () => {
    const tet = `${LAW}, Điều 112 khoản 1 điểm b`;
    const d = (day: string, name: string, reference: string) => ({
      day,
      kind: "holiday",
      name,
      origin: "statutory",
      reference,
    });
    expect(statutoryDays(2023)).toMatchObject([
      d("2023-01-01", "Tết Dương lịch", `${LAW}, Điều 112 khoản 1 điểm a`),
      { ...d("2023-01-02", "Nghỉ bù Tết Dương lịch", IN_LIEU), occasion: "new_year" },
      d("2023-01-21", "Tết Nguyên đán Quý Mão (đêm giao thừa)", tet),
      d("2023-01-22", "Tết Nguyên đán Quý Mão (mùng 1)", tet),
      d("2023-01-23", "Tết Nguyên đán Quý Mão (mùng 2)", tet),
      d("2023-01-24", "Tết Nguyên đán Quý Mão (mùng 3)", tet),
      d("2023-01-25", "Tết Nguyên đán Quý Mão (mùng 4)", tet),
      { ...d("2023-01-26", "Nghỉ bù Tết Nguyên đán Quý Mão", IN_LIEU), occasion: "tet" },
      { ...d("2023-01-27", "Nghỉ bù Tết Nguyên đán Quý Mão", IN_LIEU), occasion: "tet" },
      // Hùng Kings' day on a Saturday next to 30/4 on a Sunday: 29/4 to 3/5 off, as in 2023.
      d("2023-04-29", "Giỗ Tổ Hùng Vương (10/3 âm lịch)", `${LAW}, Điều 112 khoản 1 điểm e`),
      d("2023-04-30", "Ngày Chiến thắng (30/4)", `${LAW}, Điều 112 khoản 1 điểm c, d`),
      d("2023-05-01", "Ngày Quốc tế Lao động (1/5)", `${LAW}, Điều 112 khoản 1 điểm c, d`),
      { ...d("2023-05-02", "Nghỉ bù Giỗ Tổ Hùng Vương", IN_LIEU), occasion: "hung_kings" },
      { ...d("2023-05-03", "Nghỉ bù dịp 30/4 – 1/5", IN_LIEU), occasion: "victory_labour" },
      // 2/9 on a Saturday: 1/9 to 4/9 off, as in 2023.
      d("2023-09-01", "Nghỉ Quốc khánh (ngày liền kề)", `${LAW}, Điều 112 khoản 1 điểm đ`),
      d("2023-09-02", "Quốc khánh (2/9)", `${LAW}, Điều 112 khoản 1 điểm đ`),
      { ...d("2023-09-04", "Nghỉ bù Quốc khánh", IN_LIEU), occasion: "national_day" },
    ]);
  });

  it("give back both National Day days when they fall on a weekend", () => {
    const september = statutoryDays(2029).filter((d) => d.day.startsWith("2029-09"));
    expect(september.map((d) => [d.day, d.name])).toEqual([
      ["2029-09-01", "Nghỉ Quốc khánh (ngày liền kề)"],
      ["2029-09-02", "Quốc khánh (2/9)"],
      ["2029-09-03", "Nghỉ bù Quốc khánh"],
      ["2029-09-04", "Nghỉ bù Quốc khánh"],
    ]);
  });

  it("in 2030 give Tết's Saturday and Sunday back after its fourth day", () => {
    // 2030: Tết from Friday eve, 1/1 on a Tuesday, 30/4 on a Tuesday, 2/9 on a Monday.
    expect(statutoryDays(2030).map((d) => d.day)).toEqual([
      "2030-01-01",
      "2030-02-01",
      "2030-02-02",
      "2030-02-03",
      "2030-02-04",
      "2030-02-05",
      "2030-02-06",
      "2030-02-07",
      "2030-04-12",
      "2030-04-30",
      "2030-05-01",
      "2030-09-02",
      "2030-09-03",
    ]);
  });

  it("for any year 2025-2035, are all days off in the national calendar", () => {
    fc.assert(
      fc.property(anyYear, (year) => {
        const days = lawDays(year);
        expect(new Set(days).size).toBe(11);
        for (const day of days) expect(national.isWorkingDay(day), day).toBe(false);
      }),
    );
  });

  it("for any year 2025-2035, give each holiday that falls on a weekend back on a later weekday", () => {
    fc.assert(
      fc.property(anyYear, (year) => {
        const law = lawDays(year);
        const listed = statutoryDays(year);
        expect(listed.every((d) => d.kind === "holiday" && d.origin === "statutory")).toBe(true);
        expect(listed.map((d) => d.day)).toEqual([...listed.map((d) => d.day)].sort());
        expect(listed.every((d) => d.day.startsWith(`${year}-`))).toBe(true);
        // The law's days and the days given back, nothing else.
        const givenBack = listed.filter((d) => d.reference === IN_LIEU).map((d) => d.day);
        expect(listed.map((d) => d.day).sort()).toEqual([...law, ...givenBack].sort());
        // Every day given back is a weekday, not itself a holiday, and can be paired with a weekend
        // holiday before it (at most ten days before).
        const owed = law.filter(isWeekend).sort();
        expect(givenBack).toHaveLength(owed.length);
        givenBack.forEach((day, i) => {
          expect(isWeekend(day)).toBe(false);
          expect(law).not.toContain(day);
          expect(day > owed[i]!).toBe(true);
          expect(day <= addDays(owed[i]!, 10)).toBe(true);
        });
      }),
    );
  });

  it("for any year 2025-2035, leave as many extra weekdays off in the national calendar as holidays on weekends", () => {
    // Announced decisions may give the day back before the holiday (Tết 2025) or swap days, but
    // never take a day given back away.
    fc.assert(
      fc.property(anyYear, (year) => {
        const law = lawDays(year);
        let extra = 0;
        for (let day = `${year}-01-01`; day.startsWith(`${year}-`); day = addDays(day, 1))
          if (!isWeekend(day) && !law.includes(day) && !national.isWorkingDay(day)) extra++;
        expect(extra).toBeGreaterThanOrEqual(law.filter(isWeekend).length);
      }),
      { numRuns: 30 },
    );
  });
});
