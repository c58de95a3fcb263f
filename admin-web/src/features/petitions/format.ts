import { formatDay, getLang } from "../../i18n";

/**
 * Case times come from the server in Vietnam's offset ("2026-12-07T23:59:59+07:00"); they are shown
 * as Vietnam wall-clock time whatever the browser's own time zone is.
 */
function vnFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(getLang() === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    ...options,
  });
}

/** "23/11/2026 09:00" (the order follows the language). */
export function formatCaseTime(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return vnFormat({
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(date);
}

/** "23/11/2026": the Vietnamese calendar day of an instant. */
export function formatCaseDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return vnFormat({ day: "2-digit", month: "2-digit", year: "numeric" }).format(date);
}

/** A deadline (the end of a Vietnamese day) as its day with the weekday: "T2, 07/12/2026". */
export function formatDeadline(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? formatDay(iso.slice(0, 10)) : iso;
}

/** "Tháng 11 năm 2026" / "November 2026" for "2026-11". */
export function formatMonth(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  const text = new Intl.DateTimeFormat(getLang() === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "UTC",
    month: "long",
    year: "numeric",
  }).format(date);
  return text.charAt(0).toLocaleUpperCase(getLang()) + text.slice(1);
}

/** The `count` months up to and including `latest` ("YYYY-MM"), newest first. */
export function monthsBack(latest: string, count: number): string[] {
  const [year, month] = latest.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const index = year * 12 + (month - 1) - i;
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`);
  }
  return out;
}
