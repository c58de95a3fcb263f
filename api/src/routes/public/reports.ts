import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { z } from "zod";
import { notFound } from "../../errors.ts";
import { toCsv } from "../../http/csv.ts";
import { describe, ZTimestamp } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { MONTH } from "../../reports/publishing.ts";
import { SMALL_CELL_LABEL } from "../../reports/satisfaction-index.ts";
import type { PublicCell, SummaryFigures } from "../../reports/summary.ts";

/** The unit of the path, if its slug can be one (anything else, such as a NUL, is simply not found). */
function unitSlug(c: Context<AppEnv>): string {
  const slug = c.req.param("unitSlug")!.toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) throw notFound("unit_not_found");
  return slug;
}

const ZRevisionQuery = z.strictObject({ revision: z.coerce.number().int().min(1).max(1000).optional() });

const ZMonthItem = z.strictObject({
  month: z.string(),
  revision: z.number().int(),
  publishedAt: ZTimestamp,
  index: z.number().nullable(),
  responses: z.number().int().nullable(),
});
const ZPublished = z.strictObject({
  unit: z.strictObject({ slug: z.string(), name: z.string() }),
  month: z.string(),
  revision: z.number().int(),
  publishedAt: ZTimestamp,
  commentary: z.string(),
  changes: z.string().nullable(),
  revisions: z.array(
    z.strictObject({ revision: z.number().int(), publishedAt: ZTimestamp, changes: z.string().nullable() }),
  ),
  trend: z.array(z.strictObject({ month: z.string(), index: z.number().nullable() })),
  figures: z.looseObject({
    schema: z.union([z.literal(1), z.literal(2)]),
    month: z.string(),
    asOf: z.string(),
  }),
});

/** Columns of the open-data CSV, one figure per row (documented in the README). */
export const CSV_COLUMNS = [
  "section",
  "survey_id",
  "survey_title",
  "element",
  "question_id",
  "question_text",
  "level",
  "channel",
  "metric",
  "value",
] as const;

const cellValue = (cell: PublicCell) => (cell.suppressed ? SMALL_CELL_LABEL : cell.count);

/** The figures as long-format rows: every number the page shows, and nothing else. */
export function figuresToRows(f: SummaryFigures): unknown[][] {
  const rows: unknown[][] = [];
  const add = (
    section: string,
    metric: string,
    value: unknown,
    extra: Partial<Record<string, unknown>> = {},
  ) =>
    rows.push(
      CSV_COLUMNS.map((c) =>
        c === "section" ? section : c === "metric" ? metric : c === "value" ? value : (extra[c] ?? ""),
      ),
    );
  add("satisfaction", "index", f.satisfaction.index);
  add("satisfaction", "responses", f.satisfaction.responses ?? SMALL_CELL_LABEL);
  add("satisfaction", "target", f.satisfaction.target);
  add("satisfaction", "target_met", f.satisfaction.met);
  for (const s of f.surveys) {
    const survey = { survey_id: s.id, survey_title: s.title.vi };
    add("survey", "responses", s.responses ?? SMALL_CELL_LABEL, survey);
    add("survey", "index", s.index, survey);
    for (const e of s.elements) {
      add("element", "index", e.index, { ...survey, element: e.element });
      add("element", "mean_score", e.meanScore, { ...survey, element: e.element });
    }
    for (const q of s.questions) {
      const question = { ...survey, element: q.element, question_id: q.id, question_text: q.text.vi };
      add("question", "answers", q.n ?? SMALL_CELL_LABEL, question);
      add("question", "mean", q.mean, question);
      add("question", "top_two_box", q.topTwoBox?.share ?? null, question);
      add("question", "top_two_box_low95", q.topTwoBox?.low ?? null, question);
      add("question", "top_two_box_high95", q.topTwoBox?.high ?? null, question);
      for (const d of q.distribution)
        add("distribution", "answers", cellValue(d), { ...question, level: d.level });
    }
    for (const ch of s.channels)
      add("channel", "responses", cellValue(ch), { ...survey, channel: ch.channel });
  }
  const p = f.petitions;
  for (const metric of [
    "received",
    "acknowledgedInTime",
    "acknowledgedLate",
    "answered",
    "early",
    "onTime",
    "late",
    "openAtEnd",
    "openOverdue",
    "onTimeRate",
    "earlyRate",
    "responseRate",
    "withdrawn",
    "withdrawnLate",
    "rated",
    "satisfied",
    "satisfiedRate",
  ] as const) {
    // A withheld ratings split reads as suppressed, not as an empty cell that looks like zero.
    const value = p[metric] as number | null | undefined;
    add("petitions", metric, value === null && metric === "satisfied" ? SMALL_CELL_LABEL : (value ?? null));
  }
  if (f.procedures) {
    for (const [metric, value] of Object.entries(f.procedures)) add("procedures", metric, value);
  }
  return rows;
}

/**
 * Open data: a unit's published monthly summaries, for anyone (CORS open for GET), cacheable with
 * ETags. Only published revisions: drafts never leave the console.
 */
export const publicReportRoutes = new Hono<AppEnv>()
  .use(cors({ origin: "*", allowMethods: ["GET", "HEAD"] }))
  .use(etag())
  .get(
    "/",
    describe({
      summary: "The unit's published months, newest first, with the satisfaction index of each",
      description: "The latest revision of each month. CORS is open; answers carry an ETag.",
      responses: {
        200: z.strictObject({
          unit: z.strictObject({ slug: z.string(), name: z.string() }),
          months: z.array(ZMonthItem),
        }),
        304: { description: "Not modified (the `If-None-Match` ETag still holds)" },
      },
    }),
    async (c) => {
      const db = c.var.deps.database.db;
      const unit = await db
        .selectFrom("unit")
        .select(["id", "slug", "name"])
        .where("slug", "=", unitSlug(c))
        .where("archived_at", "is", null)
        .executeTakeFirst();
      if (!unit) throw notFound("unit_not_found");
      const rows = await db
        .selectFrom("monthly_summary")
        .select(["month", "revision", "published_at", "figures"])
        .where("unit_id", "=", unit.id)
        .where("status", "=", "published")
        .orderBy("month", "desc")
        .orderBy("revision", "desc")
        .execute();
      const seen = new Set<string>();
      const months = [];
      for (const r of rows) {
        if (seen.has(r.month)) continue;
        seen.add(r.month);
        const f = r.figures as SummaryFigures;
        months.push({
          month: r.month,
          revision: r.revision!,
          publishedAt: r.published_at!.toISOString(),
          index: f.satisfaction.index,
          responses: f.satisfaction.responses,
        });
      }
      c.header("Cache-Control", "public, max-age=300");
      return c.json({ unit: { slug: unit.slug, name: unit.name }, months });
    },
  )
  .get(
    "/:file",
    describe({
      summary: "A published month as JSON (`YYYY-MM.json`) or CSV (`YYYY-MM.csv`)",
      description:
        "The latest revision, or `?revision=n`. The CSV has one figure per row with the columns " +
        `${CSV_COLUMNS.join(", ")}; suppressed cells read \`${SMALL_CELL_LABEL}\`. UTF-8 with BOM.`,
      responses: {
        200: {
          description: "The month's summary (JSON), or its figures as CSV",
          schema: ZPublished,
          contentType: "text/csv",
        },
        304: { description: "Not modified (the `If-None-Match` ETag still holds)" },
      },
    }),
    validate("query", ZRevisionQuery),
    async (c) => {
      const match = /^(\d{4}-\d{2})\.(json|csv)$/.exec(c.req.param("file"));
      if (!match || !MONTH.test(match[1]!)) throw notFound();
      const [, month, format] = match as unknown as [string, string, "json" | "csv"];
      const db = c.var.deps.database.db;
      const unit = await db
        .selectFrom("unit")
        .select(["id", "slug", "name"])
        .where("slug", "=", unitSlug(c))
        .where("archived_at", "is", null)
        .executeTakeFirst();
      if (!unit) throw notFound("unit_not_found");
      const revisions = await db
        .selectFrom("monthly_summary")
        .selectAll()
        .where("unit_id", "=", unit.id)
        .where("month", "=", month)
        .where("status", "=", "published")
        .orderBy("revision")
        .execute();
      const wanted = c.req.valid("query").revision;
      const summary = wanted ? revisions.find((r) => r.revision === wanted) : revisions.at(-1);
      if (!summary) throw notFound("report_not_found");
      const figures = summary.figures as SummaryFigures;
      c.header("Cache-Control", "public, max-age=300");
      if (format === "csv") {
        c.header(
          "Content-Disposition",
          `attachment; filename="${unit.slug}-${month}-r${summary.revision}.csv"`,
        );
        return c.body(toCsv([...CSV_COLUMNS], figuresToRows(figures)), 200, {
          "Content-Type": "text/csv; charset=utf-8",
        });
      }
      // The trend: the index of up to 12 published months ending with this one (latest revisions).
      const history = await db
        .selectFrom("monthly_summary")
        .select(["month", "revision", "figures"])
        .where("unit_id", "=", unit.id)
        .where("status", "=", "published")
        .where("month", "<=", month)
        .orderBy("month", "desc")
        .orderBy("revision", "desc")
        .execute();
      const trend: { month: string; index: number | null }[] = [];
      for (const h of history) {
        if (trend.some((t) => t.month === h.month)) continue;
        const f = h.month === month ? figures : (h.figures as SummaryFigures);
        trend.push({ month: h.month, index: f.satisfaction.index });
        if (trend.length === 12) break;
      }
      return c.json({
        unit: { slug: unit.slug, name: unit.name },
        month,
        revision: summary.revision!,
        publishedAt: summary.published_at!.toISOString(),
        commentary: summary.commentary,
        changes: summary.changes,
        revisions: revisions.map((r) => ({
          revision: r.revision!,
          publishedAt: r.published_at!.toISOString(),
          changes: r.changes,
        })),
        trend: trend.reverse(),
        figures,
      });
    },
  );
