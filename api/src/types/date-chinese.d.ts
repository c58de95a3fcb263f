// The package ships types its `exports` map does not expose; this is the part the calendar uses.
declare module "date-chinese" {
  export class CalendarVietnamese {
    constructor(cycle?: number, year?: number, month?: number, leap?: number, day?: number);
    /** The Gregorian date of this lunar month and day in the lunar year that begins in `gyear`. */
    toGregorian(gyear?: number): { year: number; month: number; day: number };
  }
}
