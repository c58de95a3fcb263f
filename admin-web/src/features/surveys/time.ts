/**
 * Campaign times are entered as Vietnam wall-clock time (Asia/Ho_Chi_Minh, UTC+07:00 all year, no
 * daylight saving), whatever the browser's own time zone is. The conversion is explicit rather
 * than left to `new Date("YYYY-MM-DDTHH:mm")`, which would use the browser's zone.
 */

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A `datetime-local` value ("2026-11-23T09:00", Vietnam time) as an ISO instant, or null if invalid. */
export function vietnamLocalToIso(value: string): string | null {
  const match = LOCAL_PATTERN.exec(value.slice(0, 16));
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:00+07:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as a `datetime-local` value in Vietnam time; empty for null or invalid input. */
export function isoToVietnamLocal(iso: string | null): string {
  if (!iso) return "";
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return "";
  return new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}

/** Today's calendar date in Vietnam, "YYYY-MM-DD". */
export function vietnamToday(now: Date = new Date()): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
