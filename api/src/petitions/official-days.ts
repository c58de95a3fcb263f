import Holidays from "date-holidays";
import type { CalendarDays } from "./calendar.ts";

export type CalendarEntryKind = "holiday" | "day_off" | "working_day";

export interface CalendarEntry {
  day: string;
  kind: CalendarEntryKind;
  name: string;
}

/**
 * The official days the package cannot know: the rest of each Tết break, days given in lieu of a
 * holiday falling on a weekend, swapped days off and the make-up Saturdays that pay for them, as
 * announced by the Government for civil servants. Years not yet announced carry only the statutory
 * holidays; units add the rest in the console when the notice is published.
 */
const ANNOUNCED: CalendarEntry[] = [
  // 2025 — Tết Ất Tỵ: 25/1 to 2/2; Monday 27/1 swapped with Saturday 15/2.
  { day: "2025-01-27", kind: "day_off", name: "Nghỉ hoán đổi Tết Ất Tỵ (làm bù thứ Bảy 15/02)" },
  { day: "2025-01-30", kind: "holiday", name: "Tết Nguyên đán Ất Tỵ" },
  { day: "2025-01-31", kind: "holiday", name: "Tết Nguyên đán Ất Tỵ" },
  { day: "2025-02-15", kind: "working_day", name: "Làm bù cho thứ Hai 27/01" },
  // 2025 — 30/4 and 1/5: Friday 2/5 swapped with Saturday 26/4.
  { day: "2025-04-26", kind: "working_day", name: "Làm bù cho thứ Sáu 02/05" },
  { day: "2025-05-02", kind: "day_off", name: "Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/04)" },
  // 2025 — National Day: 1/9 and 2/9.
  { day: "2025-09-01", kind: "holiday", name: "Nghỉ Quốc khánh (ngày liền kề)" },
  // 2026 — Tết Bính Ngọ: 14/2 to 22/2.
  { day: "2026-02-18", kind: "holiday", name: "Tết Nguyên đán Bính Ngọ" },
  { day: "2026-02-19", kind: "holiday", name: "Tết Nguyên đán Bính Ngọ" },
  { day: "2026-02-20", kind: "holiday", name: "Tết Nguyên đán Bính Ngọ" },
  // 2026 — Hùng Kings' day falls on Sunday 26/4: Monday 27/4 off in lieu.
  { day: "2026-04-27", kind: "holiday", name: "Nghỉ bù Giỗ Tổ Hùng Vương" },
  // 2027 — 1/5 falls on a Saturday: Monday 3/5 off in lieu.
  { day: "2027-05-03", kind: "holiday", name: "Nghỉ bù Quốc tế Lao động" },
];

/** The official calendar for the given years: the package's public holidays plus the announced days. */
export function officialCalendar(years: readonly number[]): CalendarEntry[] {
  const holidays = new Holidays("VN");
  const entries = new Map<string, CalendarEntry>();
  for (const year of years) {
    for (const h of holidays.getHolidays(year)) {
      if (h.type !== "public") continue;
      const day = h.date.slice(0, 10);
      entries.set(day, { day, kind: "holiday", name: h.name });
    }
  }
  for (const entry of ANNOUNCED) {
    if (years.includes(Number(entry.day.slice(0, 4)))) entries.set(entry.day, entry);
  }
  return [...entries.values()].sort((a, b) => a.day.localeCompare(b.day));
}

export function toCalendarDays(entries: readonly CalendarEntry[]): CalendarDays {
  return {
    holidays: entries.filter((e) => e.kind === "holiday").map((e) => e.day),
    daysOff: entries.filter((e) => e.kind === "day_off").map((e) => e.day),
    workingDays: entries.filter((e) => e.kind === "working_day").map((e) => e.day),
  };
}
