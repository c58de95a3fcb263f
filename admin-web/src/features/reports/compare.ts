import type { CompareItem } from "./api";

export const SORT_KEYS = ["name", "index", "responses", "onTime", "satisfied", "published"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = "ascending" | "descending";
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

/** What the public pages and CSV show for a hidden figure (a group under 5). */
export const SMALL_CELL_LABEL = "*";

const collator = new Intl.Collator("vi");

/** The value a column sorts by; null (no figure yet) always goes last. */
function sortValue(item: CompareItem, key: Exclude<SortKey, "name">): number | null {
  const f = item.figures;
  switch (key) {
    case "index":
      return f.satisfaction.index;
    case "responses":
      // A hidden count sorts just above zero and below any shown count.
      return f.satisfaction.responses ?? 0.5;
    case "onTime":
      return f.petitions.onTimeRate;
    case "satisfied":
      return f.petitions.satisfiedRate;
    case "published":
      return item.published ? (item.revision ?? 1) : 0;
  }
}

/** The rows in the order asked for; ties and missing figures keep the names' order. */
export function sortItems(items: readonly CompareItem[], sort: Sort): CompareItem[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  const byName = (a: CompareItem, b: CompareItem) => collator.compare(a.unit.name, b.unit.name);
  return [...items].sort((a, b) => {
    if (sort.key === "name") return sign * byName(a, b);
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
}

/** True when a figure the unit is measured on is below its target (not when there is no figure). */
export function belowTarget(item: CompareItem): boolean {
  const f = item.figures;
  return (
    f.satisfaction.met === false ||
    f.petitions.targets.onTime === false ||
    f.petitions.targets.satisfied === false
  );
}

/** A spreadsheet runs a cell starting with = + - @ as a formula: keep names as text. */
function cell(value: string | number | boolean | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_HEADER = [
  "unit_slug",
  "unit_name",
  "month",
  "satisfaction_index",
  "responses",
  "satisfaction_target",
  "satisfaction_target_met",
  "on_time_rate",
  "on_time_target_met",
  "satisfied_rate",
  "satisfied_target_met",
  "published",
  "revision",
] as const;

/**
 * The comparison as CSV in the order shown: UTF-8 with a byte-order mark so that Excel keeps the
 * Vietnamese names, CRLF line ends, shares as numbers between 0 and 1, "*" where the page hides a figure.
 */
export function comparisonCsv(month: string, items: readonly CompareItem[]): string {
  const rows = items.map((item) => {
    const f = item.figures;
    return [
      item.unit.slug,
      item.unit.name,
      month,
      f.satisfaction.index,
      f.satisfaction.responses ?? SMALL_CELL_LABEL,
      f.satisfaction.target,
      f.satisfaction.met,
      f.petitions.onTimeRate,
      f.petitions.targets.onTime,
      f.petitions.satisfiedRate,
      f.petitions.targets.satisfied,
      item.published,
      item.revision,
    ];
  });
  return `\uFEFF${[[...CSV_HEADER], ...rows].map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}

/** Saves text as a file from the browser (nothing is fetched). */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
