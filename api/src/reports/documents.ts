import type { Database, MonthlySummary, UnitKind } from "@gopy/db";
import type { Kysely, Transaction } from "kysely";
import { notFound } from "../errors.ts";
import {
  type DocumentHeading,
  type MonthSummary,
  noticeDocument,
  type PeriodMonth,
  periodReportDocument,
} from "./documents/content.ts";
import { BLANK, cityOf, periodLabel, placeDate, unitAbbreviation } from "./documents/format.ts";
import type { OfficialDocument } from "./documents/model.ts";
import { latestRevision } from "./publishing.ts";
import type { SummaryFigures } from "./summary.ts";

export { renderDocumentDocx } from "./documents/docx.ts";
export type { OfficialDocument } from "./documents/model.ts";
export { renderDocumentPdf } from "./documents/pdf.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** A quarter (`2026-Q4`) or a year (`2026`) from 2020 on. */
export const PERIOD = /^20[2-9]\d(-Q[1-4])?$/;

/** The months of a period, in order, and how the document names it. */
export function periodMonths(period: string): { months: string[]; label: string } {
  const year = Number(period.slice(0, 4));
  const quarter = period.length > 4 ? Number(period.slice(6)) : null;
  const first = quarter === null ? 1 : (quarter - 1) * 3 + 1;
  const last = quarter === null ? 12 : first + 2;
  const months: string[] = [];
  for (let m = first; m <= last; m++) months.push(`${year}-${String(m).padStart(2, "0")}`);
  return { months, label: periodLabel({ year, quarter }) };
}

/** What the person printing the document may fill in; anything left out is blank for the pen. */
export interface HeadingOptions {
  /** The document's number in the unit's register, e.g. "27". */
  number?: string;
  /** The unit's symbol after the document kind (default: from its name, e.g. "THCK"). */
  symbol?: string;
  /** Place of the date line (default: the city of the unit's address). */
  place?: string;
  /** Day of issue, `YYYY-MM-DD`. */
  date?: string;
  /** The signer's name. */
  signer?: string;
  /** The signer's position (default by unit kind: "Hiệu trưởng" for a school). */
  position?: string;
}

const POSITION: Record<UnitKind, string> = {
  school: "Hiệu trưởng",
  department: "Giám đốc",
  ward: "Chủ tịch",
  team: "Tổ trưởng",
};

/** The header and signature fields of a unit's document of a kind (`TB` notice, `BC` report). */
async function headingOf(
  db: Db,
  unitId: string,
  kind: "TB" | "BC",
  options: HeadingOptions,
): Promise<DocumentHeading> {
  const unit = await db
    .selectFrom("unit as u")
    .leftJoin("unit as parent", "parent.id", "u.parent_id")
    .select(["u.name", "u.kind", "u.address", "parent.name as parentName"])
    .where("u.id", "=", unitId)
    .executeTakeFirstOrThrow();
  return {
    parentUnitName: unit.parentName,
    unitName: unit.name,
    number: `${options.number ?? BLANK}/${kind}-${options.symbol ?? unitAbbreviation(unit.name)}`,
    placeDate: placeDate(options.place ?? cityOf(unit.address), options.date ?? null),
    signer: { position: options.position ?? POSITION[unit.kind], name: options.signer ?? null },
  };
}

const monthSummary = (row: MonthlySummary): MonthSummary => ({
  month: row.month,
  figures: row.figures as SummaryFigures,
  commentary: row.commentary,
  revision: row.status === "published" ? row.revision : null,
  changes: row.changes,
});

/**
 * The monthly public notice of a unit: its latest published revision, another revision, or the
 * current draft (marked "DỰ THẢO") for review. 404 when there is none.
 */
export async function monthlyNotice(
  db: Db,
  unitId: string,
  month: string,
  which: { revision?: number; draft?: boolean },
  options: HeadingOptions,
): Promise<OfficialDocument> {
  const base = db
    .selectFrom("monthly_summary")
    .selectAll()
    .where("unit_id", "=", unitId)
    .where("month", "=", month);
  let row: MonthlySummary | undefined;
  if (which.draft) {
    row = await base.where("status", "=", "draft").executeTakeFirst();
    if (!row) throw notFound("no_summary_draft");
  } else {
    row =
      which.revision === undefined
        ? await latestRevision(db, unitId, month)
        : await base
            .where("status", "=", "published")
            .where("revision", "=", which.revision)
            .executeTakeFirst();
    if (!row) throw notFound("report_not_found");
  }
  return noticeDocument(await headingOf(db, unitId, "TB", options), monthSummary(row));
}

/**
 * The quarterly or yearly report to the supervising level, from the latest published revision of
 * each month of the period (months not published are listed as such).
 */
export async function periodReport(
  db: Db,
  unitId: string,
  period: string,
  options: HeadingOptions,
): Promise<OfficialDocument> {
  const { months, label } = periodMonths(period);
  const rows: PeriodMonth[] = [];
  for (const month of months) {
    const published = await latestRevision(db, unitId, month);
    rows.push({ month, summary: published ? monthSummary(published) : null });
  }
  return periodReportDocument(await headingOf(db, unitId, "BC", options), label, rows);
}
