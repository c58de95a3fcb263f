import type { MonthlySummary } from "@gopy/db";
import { Hono } from "hono";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { AppError } from "../../errors.ts";
import { describe, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, unitParam } from "../../middleware/authorize.ts";
import { checkPublicText, confirmationSummary } from "../../petitions/public-text.ts";
import { latestRevision, MONTH, makeDraft, publishDraft } from "../../reports/publishing.ts";
import {
  buildSummary,
  loadReportSettings,
  type ReportSettings,
  type SummaryFigures,
} from "../../reports/summary.ts";
import { vnDay } from "../../time.ts";

const ZMonthParam = z.strictObject({ unitId: z.string(), month: z.string().regex(MONTH) });
const ZDraftChange = z.strictObject({
  commentary: z.string().trim().normalize("NFC").max(4000).optional(),
  hiddenQuestions: z.array(z.string().max(64)).max(200).optional(),
  excerpts: z.array(z.string().trim().normalize("NFC").min(1).max(500)).max(20).optional(),
  confirmPersonalData: z.boolean().optional().meta({
    description:
      "The commentary and excerpts were checked: keep them even though personal data seems present",
  }),
});
const ZPublish = z.strictObject({ changes: z.string().trim().normalize("NFC").max(2000).optional() });
const ZProcedures = z.strictObject({
  received: z.number().int().min(0).max(1_000_000),
  resolvedEarly: z.number().int().min(0).max(1_000_000),
  resolvedOnTime: z.number().int().min(0).max(1_000_000),
  resolvedLate: z.number().int().min(0).max(1_000_000),
});
const ZSettings = z.strictObject({
  satisfactionTarget: z.number().min(0).max(1).optional(),
  petitionRatingsInIndex: z.boolean().optional(),
  quarterlyReportDay: z.number().int().min(1).max(31).optional(),
  yearlyReportDate: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
    .optional(),
  reportReminderDays: z.number().int().min(0).max(30).optional(),
});
const ZCompareQuery = z.strictObject({ month: z.string().regex(MONTH).optional() });

// Response schemas: the figures are described loosely here; their full shape is the public JSON.
const ZFigures = z
  .looseObject({ schema: z.union([z.literal(1), z.literal(2)]), month: z.string(), asOf: z.string() })
  .meta({
    description:
      "The summary's figures (`SummaryFigures`): see `GET /api/public/units/{slug}/reports/{month}.json`",
  });
const ZSummaryRow = z.strictObject({
  id: ZUuid,
  status: z.enum(["draft", "published"]),
  revision: z.number().int().nullable(),
  commentary: z.string(),
  changes: z.string().nullable(),
  options: z.strictObject({
    hiddenQuestions: z.array(z.string()).optional(),
    excerpts: z.array(z.string()).optional(),
  }),
  createdAt: ZTimestamp,
  publishedAt: ZTimestamp.nullable(),
  figures: ZFigures,
});
const ZSettingsBody = z.strictObject({
  satisfactionTarget: z.number(),
  petitionRatingsInIndex: z.boolean(),
  quarterlyReportDay: z.number().int(),
  yearlyReportDate: z.string(),
  reportReminderDays: z.number().int(),
});

const row = (s: MonthlySummary) => ({
  id: s.id,
  status: s.status,
  revision: s.revision,
  commentary: s.commentary,
  changes: s.changes,
  options: s.options as { hiddenQuestions?: string[]; excerpts?: string[] },
  createdAt: s.created_at.toISOString(),
  publishedAt: s.published_at?.toISOString() ?? null,
  figures: s.figures as SummaryFigures,
});

const unitOf = (c: { req: { param(name: string): string | undefined } }) =>
  c.req.param("unitId")!.toLowerCase();

/**
 * A unit's monthly summaries: the month-end job drafts them; the admin reviews (commentary,
 * questions kept out, redacted excerpts), publishes, and corrects with a new revision.
 */
export const adminReportRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "The unit's months with a draft or published summary, newest first",
      description:
        "Needs `reports.read` (admins, vice-principals, the inspection board, the supervising level).",
      responses: {
        200: z.strictObject({
          items: z.array(
            z.strictObject({
              month: z.string(),
              draft: z.strictObject({ createdAt: ZTimestamp }).nullable(),
              revisions: z.array(z.strictObject({ revision: z.number().int(), publishedAt: ZTimestamp })),
            }),
          ),
        }),
      },
    }),
    authorize("reports.read", unitParam),
    async (c) => {
      const rows = await c.var.deps.database.db
        .selectFrom("monthly_summary")
        .select(["month", "status", "revision", "created_at", "published_at"])
        .where("unit_id", "=", unitOf(c))
        .orderBy("month", "desc")
        .orderBy("revision")
        .execute();
      const months = new Map<
        string,
        {
          month: string;
          draft: { createdAt: string } | null;
          revisions: { revision: number; publishedAt: string }[];
        }
      >();
      for (const r of rows) {
        const m = months.get(r.month) ?? { month: r.month, draft: null, revisions: [] };
        if (r.status === "draft") m.draft = { createdAt: r.created_at.toISOString() };
        else m.revisions.push({ revision: r.revision!, publishedAt: r.published_at!.toISOString() });
        months.set(r.month, m);
      }
      return c.json({ items: [...months.values()] });
    },
  )
  .get(
    "/settings",
    describe({
      summary: "The unit's satisfaction target, petition ratings in its index, and when its reports are due",
      responses: { 200: ZSettingsBody },
    }),
    authorize("reports.read", unitParam),
    async (c) => {
      return c.json(await loadReportSettings(c.var.deps.database.db, unitOf(c)));
    },
  )
  .put(
    "/settings",
    describe({
      summary: "Set the unit's satisfaction target, petition ratings in its index, and report due dates",
      description:
        "Needs `reports.publish`. The target applies to drafts made from now on. Quarterly reports are due on " +
        "`quarterlyReportDay` of the month after the quarter, the yearly one on `yearlyReportDate` (MM-DD); the " +
        "unit's admins are reminded by email `reportReminderDays` before. Audited.",
      requestExample: {
        satisfactionTarget: 0.85,
        petitionRatingsInIndex: true,
        quarterlyReportDay: 10,
        yearlyReportDate: "12-15",
      },
      responses: { 200: ZSettingsBody },
    }),
    authorize("reports.publish", unitParam),
    validate("json", ZSettings),
    async (c) => {
      const unitId = unitOf(c);
      const db = c.var.deps.database.db;
      const before = await loadReportSettings(db, unitId);
      const after: ReportSettings = { ...before, ...c.req.valid("json") };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("unit")
          .set({ report_settings: JSON.stringify(after) })
          .where("id", "=", unitId)
          .execute();
        await writeAudit(trx, c, {
          action: "report.settings",
          unitId,
          targetType: "unit",
          targetId: unitId,
          summary: { before, after },
        });
      });
      return c.json(after);
    },
  )
  .get(
    "/compare",
    describe({
      summary: "The units directly below side by side for a month (the supervising level's view)",
      description:
        "Needs `reports.read`. For each unit below: its latest published summary of the month when there is " +
        "one, otherwise its figures as of now (`published: false`). Aggregates only, never a person.",
      responses: {
        200: z.strictObject({
          month: z.string(),
          items: z.array(
            z.strictObject({
              unit: z.strictObject({ id: ZUuid, slug: z.string(), name: z.string() }),
              published: z.boolean(),
              revision: z.number().int().nullable(),
              figures: ZFigures,
            }),
          ),
        }),
      },
    }),
    authorize("reports.read", unitParam),
    validate("query", ZCompareQuery),
    async (c) => {
      const { database, clock } = c.var.deps;
      const now = clock.now();
      const month = c.req.valid("query").month ?? vnDay(now).slice(0, 7);
      const children = await database.db
        .selectFrom("unit")
        .select(["id", "slug", "name"])
        .where("parent_id", "=", unitOf(c))
        .where("archived_at", "is", null)
        .orderBy("name")
        .execute();
      const items = [];
      for (const child of children) {
        const published = await latestRevision(database.db, child.id, month);
        items.push({
          unit: child,
          published: published !== undefined,
          revision: published?.revision ?? null,
          figures: published
            ? (published.figures as SummaryFigures)
            : await buildSummary(database.db, child.id, month, now),
        });
      }
      return c.json({ month, items });
    },
  )
  .get(
    "/:month",
    describe({
      summary: "A month's draft and published revisions",
      responses: {
        200: z.strictObject({
          month: z.string(),
          draft: ZSummaryRow.nullable(),
          revisions: z.array(ZSummaryRow),
        }),
      },
    }),
    authorize("reports.read", unitParam),
    validate("param", ZMonthParam),
    async (c) => {
      const { month } = c.req.valid("param");
      const rows = await c.var.deps.database.db
        .selectFrom("monthly_summary")
        .selectAll()
        .where("unit_id", "=", unitOf(c))
        .where("month", "=", month)
        .orderBy("revision")
        .execute();
      const draft = rows.find((r) => r.status === "draft");
      return c.json({
        month,
        draft: draft ? row(draft) : null,
        revisions: rows.filter((r) => r.status === "published").map(row),
      });
    },
  )
  .post(
    "/:month/draft",
    describe({
      summary: "Make or refresh the month's draft, with the reviewer's commentary and choices",
      description:
        "Needs `reports.publish`. Recounts the figures as of now and keeps earlier choices not given here. " +
        "`hiddenQuestions` keeps questions out of the public summary; `excerpts` are redacted quotes the " +
        "reviewer typed (free text is never published otherwise). The commentary and excerpts are checked " +
        "for personal data (names after a form of address, phone numbers, emails, ID numbers, addresses, a " +
        "pupil's class): 422 `personal_data_found` lists each finding (`field`, `kind`, `text`, `start`, " +
        "`end`) unless `confirmPersonalData` is true, which is audited. Audited.",
      requestExample: {
        commentary: "Tháng 11, nhà trường đã trả lời đúng hạn mọi phản ánh; sẽ lắp thêm mái che ở cổng phụ.",
        excerpts: ["Phụ huynh đề nghị có mái che chờ đón con khi trời mưa."],
      },
      responses: { 200: ZSummaryRow },
    }),
    authorize("reports.publish", unitParam),
    validate("param", ZMonthParam),
    validate("json", ZDraftChange),
    async (c) => {
      const { database, clock } = c.var.deps;
      const unitId = unitOf(c);
      const { month } = c.req.valid("param");
      const { confirmPersonalData, ...input } = c.req.valid("json");
      if (month > vnDay(clock.now()).slice(0, 7)) {
        throw new AppError("validation_failed", 422, {
          fields: [{ field: "month", message: "field_invalid" }],
        });
      }
      const confirmed = checkPublicText(
        {
          commentary: input.commentary,
          ...Object.fromEntries((input.excerpts ?? []).map((text, i) => [`excerpts.${i}`, text])),
        },
        confirmPersonalData,
      );
      const options = {
        ...(input.hiddenQuestions && { hiddenQuestions: input.hiddenQuestions }),
        ...(input.excerpts && { excerpts: input.excerpts }),
      };
      const draft = await makeDraft(database.db, unitId, month, clock.now(), c.var.user.id, {
        ...(input.commentary !== undefined && { commentary: input.commentary }),
        options,
      });
      await writeAudit(database.db, c, {
        action: "report.draft",
        unitId,
        targetType: "monthly_summary",
        targetId: draft.id,
        summary: {
          after: { month, ...input },
          ...(confirmed.length > 0 && { personalDataConfirmed: confirmationSummary(confirmed) }),
        },
      });
      return c.json(row(draft));
    },
  )
  .post(
    "/:month/publish",
    describe({
      summary: "Publish the reviewed draft as the month's next revision",
      description:
        "Needs `reports.publish`. The draft is published exactly as reviewed and never changes again; a " +
        "correction (revision 2 and later) must say what changed in `changes`, and earlier revisions stay " +
        "readable. 409 `no_summary_draft` without a draft. Webhooks get `report.published`. Audited.",
      requestExample: { changes: "Bổ sung 12 phiếu khảo sát nộp trên giấy ngày 30/11." },
      responses: { 201: ZSummaryRow },
    }),
    authorize("reports.publish", unitParam),
    validate("param", ZMonthParam),
    validate("json", ZPublish),
    async (c) => {
      const { database, clock, config } = c.var.deps;
      const unitId = unitOf(c);
      const { month } = c.req.valid("param");
      const published = await publishDraft(
        database.db,
        unitId,
        month,
        clock.now(),
        c.var.user.id,
        c.req.valid("json").changes,
        config.publicBaseUrl,
      );
      await writeAudit(database.db, c, {
        action: "report.publish",
        unitId,
        targetType: "monthly_summary",
        targetId: published.id,
        summary: { after: { month, revision: published.revision, changes: published.changes } },
      });
      return c.json(row(published), 201);
    },
  )
  .put(
    "/:month/procedures",
    describe({
      summary: "Record the month's administrative procedures (from the one-stop system)",
      description:
        "Needs `reports.publish`. The monthly notice also reports procedures received and resolved early, " +
        "on time and late; refresh the draft afterwards. Audited.",
      requestExample: { received: 42, resolvedEarly: 30, resolvedOnTime: 11, resolvedLate: 1 },
      responses: { 200: ZProcedures },
    }),
    authorize("reports.publish", unitParam),
    validate("param", ZMonthParam),
    validate("json", ZProcedures),
    async (c) => {
      const { database, clock } = c.var.deps;
      const unitId = unitOf(c);
      const { month } = c.req.valid("param");
      const input = c.req.valid("json");
      if (month > vnDay(clock.now()).slice(0, 7))
        throw new AppError("validation_failed", 422, {
          fields: [{ field: "month", message: "field_invalid" }],
        });
      const values = {
        received: input.received,
        resolved_early: input.resolvedEarly,
        resolved_on_time: input.resolvedOnTime,
        resolved_late: input.resolvedLate,
        updated_at: clock.now(),
        updated_by: c.var.user.id,
      };
      await database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto("procedure_month")
          .values({ unit_id: unitId, month, ...values })
          .onConflict((oc) => oc.columns(["unit_id", "month"]).doUpdateSet(values))
          .execute();
        await writeAudit(trx, c, {
          action: "report.procedures",
          unitId,
          targetType: "unit",
          targetId: unitId,
          summary: { after: { month, ...input } },
        });
      });
      return c.json(input);
    },
  );
