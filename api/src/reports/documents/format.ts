/** Vietnamese formatting of the figures and header fields of printed documents. */

/** Blank to be filled in by hand on the printed copy. */
export const BLANK = "……";

/** "83,9%": a share as a Vietnamese percentage with at most one decimal. */
export function percent(share: number): string {
  return `${(share * 100).toLocaleString("vi-VN", { maximumFractionDigits: 1 })}%`;
}

/** "1.234": a count with Vietnamese digit grouping. */
export function count(n: number): string {
  return n.toLocaleString("vi-VN");
}

/** "11/2026" for "2026-11". */
export function monthLabel(month: string): string {
  return `${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

const ROMAN = ["I", "II", "III", "IV"];
/** "quý IV năm 2026" for a quarter, "năm 2026" for a year. */
export function periodLabel(period: { year: number; quarter: number | null }): string {
  return period.quarter === null
    ? `năm ${period.year}`
    : `quý ${ROMAN[period.quarter - 1]} năm ${period.year}`;
}

/** "Hà Nội, ngày 30 tháng 11 năm 2026", or with blanks when the date is to be written by hand. */
export function placeDate(place: string, day: string | null): string {
  if (!day) return `${place}, ngày ${BLANK} tháng ${BLANK} năm ${BLANK}`;
  return `${place}, ngày ${day.slice(8, 10)} tháng ${day.slice(5, 7)} năm ${day.slice(0, 4)}`;
}

/** "30/11/2026" for "2026-11-30". */
export function dayLabel(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/**
 * The place of the date line from the unit's address: its last comma-separated part without
 * "Thành phố"/"Tỉnh" ("Số 1 Cự Khê, xã Bình Minh, TP. Hà Nội" → "Hà Nội"); blanks without one.
 */
export function cityOf(address: string | null): string {
  const last = address
    ?.split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .at(-1);
  if (!last) return BLANK;
  return last.replace(/^(thành phố|tp\.?|tỉnh)\s*/iu, "").trim() || BLANK;
}

// Words of a school's name that stand for its level, and their usual abbreviations.
const LEVELS: [RegExp, string][] = [
  [/^trường\s+/iu, ""],
  [/trung học phổ thông|thpt/iu, "THPT"],
  [/trung học cơ sở|thcs/iu, "THCS"],
  [/tiểu học/iu, "TH"],
  [/mầm non/iu, "MN"],
  [/phòng giáo dục và đào tạo/iu, "PGDĐT"],
  [/sở giáo dục và đào tạo/iu, "SGDĐT"],
  [/ủy ban nhân dân|uỷ ban nhân dân/iu, "UBND"],
];

/**
 * The unit's usual abbreviation for document symbols (ký hiệu): "Trường Tiểu học Cự Khê" → "THCK",
 * "Trường Mầm non 20/10" → "MN2010". Level words become their abbreviation, other words their
 * initial, numbers stay; diacritics go except Đ. Units may pass their own.
 */
export function unitAbbreviation(name: string): string {
  let rest = name.normalize("NFC").trim();
  let out = "";
  for (const [pattern, abbreviation] of LEVELS) {
    const match = rest.match(pattern);
    if (match && match.index !== undefined && rest.slice(0, match.index).trim() === "") {
      out += abbreviation;
      rest = rest.slice(match.index + match[0].length).trim();
    }
  }
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    const digits = word.replace(/\D/g, "");
    if (digits) out += digits;
    else {
      const first = [...word].find((ch) => /\p{L}/u.test(ch));
      if (first) out += first;
    }
  }
  return stripDiacritics(out.toLocaleUpperCase("vi")) || "DV";
}

function stripDiacritics(text: string): string {
  return text
    .replace(/Đ/g, "\uE000") // a private-use mark keeps Đ through the decomposition
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/\uE000/g, "Đ")
    .normalize("NFC");
}
