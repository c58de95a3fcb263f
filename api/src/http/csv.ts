import { stringify } from "csv-stringify/sync";

/**
 * A spreadsheet would run a cell starting with = + - @ (or a tab/CR) as a formula: prefix it with
 * an apostrophe so citizens' and staff text stays text. Numbers are figures, not text: a negative
 * one stays a number.
 */
export function neutralizeFormula(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  const text =
    value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV that Excel opens with Vietnamese intact: UTF-8 with a byte-order mark, CRLF line ends. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${stringify([header, ...rows.map((r) => r.map(neutralizeFormula))], { record_delimiter: "windows" })}`;
}
