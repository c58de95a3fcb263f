import type { Lang } from "../types";

const locale = (lang: Lang) => (lang === "vi" ? "vi-VN" : "en-GB");
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A share as a percentage with at most one decimal: "83,9%" (vi), "83.9%" (en). */
export function formatPercent(share: number, lang: Lang): string {
  return `${(share * 100).toLocaleString(locale(lang), { maximumFractionDigits: 1 })}%`;
}

/** "4.000" (vi) or "4,000" (en). */
export function formatNumber(n: number, lang: Lang, digits = 0): string {
  return n.toLocaleString(locale(lang), { maximumFractionDigits: digits });
}

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "11/2026" (vi) or "November 2026" (en): to follow "Tháng"/"tháng" in a sentence. */
export function monthShort(month: string, lang: Lang): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  return lang === "vi" ? `${m[2]}/${m[1]}` : `${EN_MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** "Tháng 11/2026" (vi) or "November 2026" (en). */
export function monthName(month: string, lang: Lang): string {
  return lang === "vi" ? `Tháng ${monthShort(month, lang)}` : monthShort(month, lang);
}

/** dd/mm/yyyy of an instant, in Vietnam's time (UTC+7, no daylight saving). */
export function formatDate(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const vn = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return `${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`;
}
