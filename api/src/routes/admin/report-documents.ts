import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { validationFailed } from "../../errors.ts";
import { describe, type ResponseSpec } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, unitParam } from "../../middleware/authorize.ts";
import {
  type HeadingOptions,
  monthlyNotice,
  type OfficialDocument,
  PERIOD,
  periodReport,
  renderDocumentDocx,
  renderDocumentPdf,
} from "../../reports/documents.ts";
import { MONTH } from "../../reports/publishing.ts";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const TAGS = ["Monthly results"];

const ZText = (max: number) => z.string().trim().normalize("NFC").min(1).max(max);
// The header and signature fields; whatever is left out prints blank, to be filled in by hand.
const heading = {
  number: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .meta({ description: "The document's number in the unit's register (blank if omitted)" }),
  symbol: z
    .string()
    .regex(/^[A-ZĐ0-9.]{1,20}$/u)
    .optional()
    .meta({ description: "The unit's symbol after TB-/BC- (default: from its name, e.g. THCK)" }),
  place: ZText(60)
    .optional()
    .meta({ description: "Place of the date line (default: the city of the unit's address)" }),
  date: z.iso.date().optional().meta({ description: "Day of issue (blank if omitted)" }),
  signer: ZText(80).optional().meta({ description: "The signer's name (blank if omitted)" }),
  position: ZText(80)
    .optional()
    .meta({ description: "The signer's position (default: Hiệu trưởng for a school)" }),
};
const ZNoticeQuery = z.strictObject({
  ...heading,
  revision: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .meta({ description: "A published revision (default: the latest)" }),
  draft: z
    .enum(["0", "1"])
    .optional()
    .meta({ description: "`1`: the current draft, marked DỰ THẢO, for review before publishing" }),
});
const ZReportQuery = z.strictObject(heading);
const ZMonthParam = z.strictObject({ unitId: z.string(), month: z.string().regex(MONTH) });
const ZPeriodParam = z.strictObject({
  unitId: z.string(),
  period: z.string().regex(PERIOD).meta({ description: "A quarter (`2026-Q4`) or a year (`2026`)" }),
});

const unitOf = (c: Context<AppEnv>) => c.req.param("unitId")!.toLowerCase();
const file = (contentType: string, description: string): ResponseSpec => ({
  contentType,
  description,
  headers: { "Content-Disposition": "attachment; the file name says the period" },
});
const NOTICE =
  "The monthly public notice (THÔNG BÁO) of the latest published revision, laid out under Decree 30/2020/NĐ-CP " +
  "on A4: supervising body and unit, national motto, number and symbol (…/TB-…), place and date, title, the " +
  "satisfaction index against its target (per survey, element and channel), petitions received and answered " +
  "early / on time / late, open overdue and the on-time rate, administrative procedures, the reviewer's " +
  "commentary, the signature block and the distribution list. Aggregates only; suppressed cells print `< 5`. " +
  "Needs `reports.read`. 404 `report_not_found` when nothing is published (or the revision does not exist); " +
  "`draft=1` renders the current draft instead (404 `no_summary_draft` without one).";
const REPORT =
  "The quarterly or yearly report (BÁO CÁO) to the supervising level, Decree 30 layout on A4: one row per " +
  "month from the latest published revision (months not published read `chưa công bố`), the period's totals " +
  "(counts summed; the index is the responses-weighted mean of the months' indices), satisfaction with " +
  "answers, procedures and each month's commentary. Needs `reports.read`.";

async function send(c: Context<AppEnv>, d: OfficialDocument, format: "pdf" | "docx", name: string) {
  const bytes = format === "pdf" ? await renderDocumentPdf(d) : await renderDocumentDocx(d);
  c.header("Content-Type", format === "pdf" ? "application/pdf" : DOCX);
  c.header("Content-Disposition", `attachment; filename="${name}.${format}"`);
  c.header("Cache-Control", "no-store");
  return c.body(new Uint8Array(bytes));
}

type NoticeQuery = z.infer<typeof ZNoticeQuery>;

async function notice(c: Context<AppEnv>, month: string, query: NoticeQuery, format: "pdf" | "docx") {
  const { revision, draft, ...options } = query;
  if (draft === "1" && revision !== undefined)
    throw validationFailed([{ field: "revision", message: "field_invalid" }]);
  const which = { ...(revision !== undefined && { revision }), draft: draft === "1" };
  const d = await monthlyNotice(c.var.deps.database.db, unitOf(c), month, which, options);
  return send(c, d, format, `thong-bao-${month}${d.draft ? "-du-thao" : ""}`);
}

async function report(c: Context<AppEnv>, period: string, options: HeadingOptions, format: "pdf" | "docx") {
  const d = await periodReport(c.var.deps.database.db, unitOf(c), period, options);
  return send(c, d, format, `bao-cao-${period}`);
}

/**
 * Printable documents from the published monthly summaries: the monthly notice and the quarterly or
 * yearly report, as PDF (to print and sign) and DOCX (to edit in Word).
 */
export const adminReportDocumentRoutes = new Hono<AppEnv>()
  .get(
    "/:month/notice.pdf",
    describe({
      summary: "The month's public notice as a PDF (Decree 30 layout)",
      description: NOTICE,
      tags: TAGS,
      responses: { 200: file("application/pdf", "The notice, A4, fonts embedded") },
    }),
    authorize("reports.read", unitParam),
    validate("param", ZMonthParam),
    validate("query", ZNoticeQuery),
    (c) => notice(c, c.req.valid("param").month, c.req.valid("query"), "pdf"),
  )
  .get(
    "/:month/notice.docx",
    describe({
      summary: "The month's public notice as a Word document (Decree 30 layout)",
      description: NOTICE,
      tags: TAGS,
      responses: { 200: file(DOCX, "The notice, A4, Times New Roman") },
    }),
    authorize("reports.read", unitParam),
    validate("param", ZMonthParam),
    validate("query", ZNoticeQuery),
    (c) => notice(c, c.req.valid("param").month, c.req.valid("query"), "docx"),
  )
  .get(
    "/:period/report.pdf",
    describe({
      summary: "The quarterly or yearly report to the supervising level as a PDF",
      description: REPORT,
      tags: TAGS,
      responses: { 200: file("application/pdf", "The report, A4, fonts embedded") },
    }),
    authorize("reports.read", unitParam),
    validate("param", ZPeriodParam),
    validate("query", ZReportQuery),
    (c) => report(c, c.req.valid("param").period, c.req.valid("query"), "pdf"),
  )
  .get(
    "/:period/report.docx",
    describe({
      summary: "The quarterly or yearly report to the supervising level as a Word document",
      description: REPORT,
      tags: TAGS,
      responses: { 200: file(DOCX, "The report, A4, Times New Roman") },
    }),
    authorize("reports.read", unitParam),
    validate("param", ZPeriodParam),
    validate("query", ZReportQuery),
    (c) => report(c, c.req.valid("param").period, c.req.valid("query"), "docx"),
  );
