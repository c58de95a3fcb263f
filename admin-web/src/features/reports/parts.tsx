import { formatNumber, formatPercent, getLang, t } from "../../i18n";
import type { PublicCell } from "./api";
import { SMALL_CELL_LABEL } from "./compare";

/** "tháng 11/2026" / "November 2026": a month inside a sentence or a heading. */
export function monthText(month: string): string {
  const [year, number] = month.split("-");
  if (getLang() === "vi") return `tháng ${Number(number)}/${year}`;
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" }).format(date);
}

/** A share as a percentage, or the words for "no figure". */
export function pct(share: number | null, none = t("repNoData")): string {
  return share === null ? none : formatPercent(share);
}

/** Met or not, in words and a sign, never by colour alone. */
export function Verdict({ met }: { met: boolean | null }) {
  if (met === null) return <span className="status verdict-none">{t("targetNoData")}</span>;
  return (
    <span className={met ? "status verdict-met" : "status verdict-missed"}>
      <span aria-hidden="true">{met ? "✓ " : "✗ "}</span>
      {met ? t("repTargetMet") : t("repTargetMissed")}
    </span>
  );
}

/** A count that may be hidden: "*", whatever the count (the mark must not tell it). */
export function CellValue({ cell }: { cell: PublicCell }) {
  if (cell.count !== null) return <>{formatNumber(cell.count)}</>;
  return (
    <>
      <span aria-hidden="true">{SMALL_CELL_LABEL}</span>
      <span className="visually-hidden">{t("repCellHidden")}</span>
    </>
  );
}

/** Responses of a unit or survey, or of a question: null means hidden (a group under 5), "*". */
export function ResponsesValue({ value }: { value: number | null }) {
  if (value !== null) return <>{formatNumber(value)}</>;
  return (
    <>
      <span aria-hidden="true">{SMALL_CELL_LABEL}</span>
      <span className="visually-hidden">{t("repCellHidden")}</span>
    </>
  );
}
