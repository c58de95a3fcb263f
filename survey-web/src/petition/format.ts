import type { Lang } from "../types";

const VI_WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
const VN_OFFSET_MS = 7 * 3600_000;

/** The wall clock in Vietnam (UTC+7, no daylight saving) as UTC fields of a shifted date. */
function vietnamClock(iso: string): Date | null {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : new Date(at.getTime() + VN_OFFSET_MS);
}

const two = (n: number) => String(n).padStart(2, "0");

/** "Thứ Hai, 07/12/2026" (vi) or "Monday, 7 December 2026" (en), in Vietnam's time. */
export function formatDay(iso: string, lang: Lang): string {
  const vn = vietnamClock(iso);
  if (!vn) return iso;
  if (lang === "vi") {
    return `${VI_WEEKDAYS[vn.getUTCDay()]}, ${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
  }
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeZone: "UTC" }).format(vn);
}

/** "07/12/2026": the day of an instant in Vietnam, in both languages. */
export function formatDate(iso: string): string {
  const vn = vietnamClock(iso);
  if (!vn) return iso;
  return `${two(vn.getUTCDate())}/${two(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
}

/** "09:00, Thứ Hai, 23/11/2026" (vi) or "09:00, Monday, 23 November 2026" (en). */
export function formatDateTime(iso: string, lang: Lang): string {
  const vn = vietnamClock(iso);
  if (!vn) return iso;
  return `${two(vn.getUTCHours())}:${two(vn.getUTCMinutes())}, ${formatDay(iso, lang)}`;
}

/** "1,2 MB", "350 KB" (vi) or "1.2 MB" (en). */
export function formatSize(bytes: number, lang: Lang): string {
  const locale = lang === "vi" ? "vi-VN" : "en-GB";
  if (bytes < 1024 * 1024) {
    return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(locale)} KB`;
  }
  return `${(bytes / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
}

/** "4.000" (vi) or "4,000" (en). */
export function formatNumber(n: number, lang: Lang): string {
  return n.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB");
}
