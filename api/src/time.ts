/** Schools work on Vietnam's clock: calendar days, months and deadlines are counted in it. */
export const VN_TIME_ZONE = "Asia/Ho_Chi_Minh";

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: VN_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day (YYYY-MM-DD) of an instant in Vietnam. */
export function vnDay(at: Date): string {
  return dayFormat.format(at);
}

/** A calendar day `YYYY-MM-DD`, or an instant's day in Vietnam, as Vietnamese write it: "24/11/2026". */
export function vnDateText(day: string | Date): string {
  const [y, m, d] = (typeof day === "string" ? day : vnDay(day)).split("-");
  return `${d}/${m}/${y}`;
}

/** The instant a Vietnamese calendar day starts (Vietnam has no daylight saving: always +07:00). */
export function vnDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+07:00`);
}

const stampFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: VN_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** "2026-11-23 09:00:00" in Vietnam time, for exports and printed documents. */
export function vnTimestamp(at: Date): string {
  return stampFormat.format(at);
}
