/// <reference path="../types/date-chinese.d.ts" />
import { CalendarVietnamese } from "date-chinese";
import { addDays, type DayKind, weekday } from "./calendar.ts";

/** Where a national day comes from: the law's own rule, a Government announcement, or the platform's console. */
export type DayOrigin = "statutory" | "announced" | "national";

/** The holiday occasions of the Labour Code; an announced decision fixes an occasion's days as a whole. */
export type Occasion = "new_year" | "tet" | "hung_kings" | "victory_labour" | "national_day";

export interface NationalDay {
  day: string;
  /** The holiday occasion the day belongs to; none for a unit's or the console's own days. */
  occasion?: Occasion;
  kind: DayKind;
  name: string;
  origin: DayOrigin;
  /** The legal text or the decision the day rests on. */
  reference: string;
}

const LABOUR_CODE = "Bộ luật Lao động 2019";
/** Art. 111(3): a holiday that falls on the weekly rest day is given back on the next working day. */
const IN_LIEU_BASIS = `${LABOUR_CODE}, Điều 111 khoản 3`;

const STEMS = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"];
const BRANCHES = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"];

/** The sexagenary name of the lunar year that begins in Gregorian `year` (2026: Bính Ngọ). */
export function lunarYearName(year: number): string {
  return `${STEMS[(year + 6) % 10]} ${BRANCHES[(year + 8) % 12]}`;
}

const iso = (g: { year: number; month: number; day: number }) =>
  `${g.year}-${String(g.month).padStart(2, "0")}-${String(g.day).padStart(2, "0")}`;

/**
 * A day of the Vietnamese lunar calendar (computed for the meridian of UTC+7, which is why Tết 2030
 * falls a day before the Chinese new year) in the lunar year that begins in Gregorian `year`.
 */
export function lunarToGregorian(year: number, month: number, day: number): string {
  // The cycle and year are taken from the Gregorian year given to `toGregorian`.
  return iso(new CalendarVietnamese(0, 0, month, 0, day).toGregorian(year));
}

/** The first day of Tết in Gregorian `year`. */
export const tetDay = (year: number) => lunarToGregorian(year, 1, 1);

const isWeekend = (day: string) => weekday(day) === 0 || weekday(day) === 6;

/**
 * National Day is 2/9 and one adjacent day, the Prime Minister choosing which (Labour Code 2019,
 * art. 112(1)(đ)). Until a decision says otherwise the adjacent day is the one that joins the break
 * to a weekend: 3/9 when 2/9 is a Monday or a Thursday, else 1/9 (the choice of 2022-2026).
 */
export function nationalDayAdjacent(year: number): string {
  const second = `${year}-09-02`;
  return weekday(second) === 1 || weekday(second) === 4 ? `${year}-09-03` : `${year}-09-01`;
}

interface OccasionDays {
  occasion: Occasion;
  days: string[];
  names: string[];
  reference: string;
  lieu: string;
}

/**
 * The public holidays the law itself fixes for `year` (Labour Code 2019, art. 112(1)), whether or not
 * the Government has announced the year's arrangements yet:
 * - 1/1; Tết: five days, the lunar new year's eve and the first four days unless a decision says
 *   otherwise; Hùng Kings' day (10/3 lunar); 30/4; 1/5; 2/9 and an adjacent day;
 * - and, for each holiday that falls on a Saturday or Sunday (the weekly rest of civil servants),
 *   a day given back on the next working day after the occasion (art. 111(3)).
 * Announced decisions (longer Tết breaks, swapped days, make-up Saturdays) are laid over these.
 */
export function statutoryDays(year: number): NationalDay[] {
  const tet = tetDay(year);
  const tetName = `Tết Nguyên đán ${lunarYearName(year)}`;
  const occasions: OccasionDays[] = [
    {
      occasion: "new_year",
      days: [`${year}-01-01`],
      names: ["Tết Dương lịch"],
      reference: `${LABOUR_CODE}, Điều 112 khoản 1 điểm a`,
      lieu: "Nghỉ bù Tết Dương lịch",
    },
    {
      occasion: "tet",
      days: [-1, 0, 1, 2, 3].map((n) => addDays(tet, n)),
      names: [
        `${tetName} (đêm giao thừa)`,
        `${tetName} (mùng 1)`,
        `${tetName} (mùng 2)`,
        `${tetName} (mùng 3)`,
        `${tetName} (mùng 4)`,
      ],
      reference: `${LABOUR_CODE}, Điều 112 khoản 1 điểm b`,
      lieu: `Nghỉ bù ${tetName}`,
    },
    {
      occasion: "hung_kings",
      days: [lunarToGregorian(year, 3, 10)],
      names: ["Giỗ Tổ Hùng Vương (10/3 âm lịch)"],
      reference: `${LABOUR_CODE}, Điều 112 khoản 1 điểm e`,
      lieu: "Nghỉ bù Giỗ Tổ Hùng Vương",
    },
    {
      occasion: "victory_labour",
      days: [`${year}-04-30`, `${year}-05-01`],
      names: ["Ngày Chiến thắng (30/4)", "Ngày Quốc tế Lao động (1/5)"],
      reference: `${LABOUR_CODE}, Điều 112 khoản 1 điểm c, d`,
      lieu: "Nghỉ bù dịp 30/4 – 1/5",
    },
    {
      occasion: "national_day",
      days: [nationalDayAdjacent(year), `${year}-09-02`].sort(),
      names: [],
      reference: `${LABOUR_CODE}, Điều 112 khoản 1 điểm đ`,
      lieu: "Nghỉ bù Quốc khánh",
    },
  ];
  const national = occasions[4]!;
  national.names = national.days.map((d) =>
    d.endsWith("09-02") ? "Quốc khánh (2/9)" : "Nghỉ Quốc khánh (ngày liền kề)",
  );
  occasions.sort((a, b) => a.days[0]!.localeCompare(b.days[0]!));

  const byDay = new Map<string, NationalDay>();
  for (const o of occasions)
    o.days.forEach((day, i) => {
      byDay.set(day, {
        day,
        occasion: o.occasion,
        kind: "holiday",
        name: o.names[i]!,
        origin: "statutory",
        reference: o.reference,
      });
    });
  for (const o of occasions) {
    let owed = o.days.filter(isWeekend).length;
    for (let day = o.days[o.days.length - 1]!; owed > 0; ) {
      day = addDays(day, 1);
      if (isWeekend(day) || byDay.has(day)) continue;
      byDay.set(day, {
        day,
        occasion: o.occasion,
        kind: "holiday",
        name: o.lieu,
        origin: "statutory",
        reference: IN_LIEU_BASIS,
      });
      owed--;
    }
  }
  return [...byDay.values()]
    .filter((d) => d.day.startsWith(`${year}-`))
    .sort((a, b) => a.day.localeCompare(b.day));
}
