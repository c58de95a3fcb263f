/**
 * The working-day calendar of a unit: Monday to Friday, except public holidays and declared days
 * off (Tết breaks, swapped days), plus the make-up Saturdays the Prime Minister declares working
 * days. Days are Vietnamese calendar days written `YYYY-MM-DD`.
 */
export interface CalendarDays {
  /** Public holidays (Labour Code art. 112) and days off given in lieu of them. */
  holidays: Iterable<string>;
  /** Other declared days off: swapped working days around holidays. */
  daysOff: Iterable<string>;
  /** Saturdays declared working days in exchange for a swapped day off. */
  workingDays: Iterable<string>;
}

const DAY_MS = 24 * 3600_000;

/** Day arithmetic on `YYYY-MM-DD` strings (UTC noon avoids any time-zone edge). */
export function addDays(day: string, n: number): string {
  const at = new Date(`${day}T12:00:00Z`).getTime() + n * DAY_MS;
  return new Date(at).toISOString().slice(0, 10);
}

export function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

export type DayKind = "holiday" | "day_off" | "working_day";

/**
 * Working days of one unit. The kind of a day comes from a lookup (the national calendar computed
 * for any year, overlaid with announced decisions and the units' own days); a day the lookup does not
 * know is a working day from Monday to Friday. A `working_day` entry always wins: a make-up Saturday,
 * or a weekday a decision declares worked.
 */
export class WorkCalendar {
  constructor(private readonly kindOf: (day: string) => DayKind | undefined) {}

  /** A calendar from plain lists of days (a day listed as working wins over any other list). */
  static of(days: CalendarDays): WorkCalendar {
    const on = new Set(days.workingDays);
    const off = new Set([...days.holidays, ...days.daysOff]);
    return new WorkCalendar((day) => (on.has(day) ? "working_day" : off.has(day) ? "holiday" : undefined));
  }

  isWorkingDay(day: string): boolean {
    const kind = this.kindOf(day);
    if (kind === "working_day") return true;
    if (kind !== undefined) return false;
    const wd = weekday(day);
    return wd !== 0 && wd !== 6;
  }

  /** The day itself when it is a working day, else the next one (Civil Code art. 148). */
  onOrAfter(day: string): string {
    let current = day;
    for (let guard = 0; !this.isWorkingDay(current); guard++) {
      if (guard > 60) throw new Error(`no working day within 60 days after ${day}`);
      current = addDays(current, 1);
    }
    return current;
  }

  /**
   * The n-th working day after `from`: the day of receipt is not counted (Civil Code art. 147),
   * so 1 working day after a Friday receipt is the next Monday (if it is a working day).
   */
  addWorkingDays(from: string, n: number): string {
    let current = from;
    let left = n;
    while (left > 0) {
      current = addDays(current, 1);
      if (this.isWorkingDay(current)) left--;
    }
    return n === 0 ? this.onOrAfter(from) : current;
  }

  /**
   * A limit counted in days (complaints: 30 days): the day after receipt is day 1; a last day
   * that is not a working day moves to the next working day.
   */
  addCalendarDays(from: string, n: number): string {
    return this.onOrAfter(addDays(from, n));
  }

  /** Working days from `from` (excluded) to `to` (included); negative when `to` is before. */
  workingDaysBetween(from: string, to: string): number {
    if (to === from) return 0;
    const sign = to > from ? 1 : -1;
    let count = 0;
    for (let day = from; day !== to; ) {
      day = addDays(day, sign);
      if (this.isWorkingDay(day)) count += sign;
    }
    return count;
  }
}
