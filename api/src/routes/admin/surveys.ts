import type { Context } from "hono";
import { Hono } from "hono";
import { sql } from "kysely";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { AppError, notFound } from "../../errors.ts";
import { neutralizeFormula, toCsv } from "../../http/csv.ts";
import { describe } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, type UnitOf, UUID, unitParam } from "../../middleware/authorize.ts";
import { deadlinesFor } from "../../petitions/deadlines.ts";
import { loadCalendar, loadPetitionSettings } from "../../petitions/repository.ts";
import { newTrackingCode } from "../../petitions/service.ts";
import {
  allQuestions,
  type TSurveyDefinition,
  ZLocalized,
  ZSurveyDefinition,
} from "../../surveys/definition.ts";
import {
  createLink,
  createSurvey,
  saveDraft,
  surveyDetail,
  surveyLinks,
  surveyStatus,
  unitOfSurvey,
} from "../../surveys/manage.ts";
import { renderPoster } from "../../surveys/poster.ts";
import { surveyUrl } from "../../surveys/qr.ts";
import { listSurveys } from "../../surveys/repository.ts";
import { answerCell, summarizeResponses } from "../../surveys/results.ts";
import { findTemplate, SURVEY_TEMPLATES, templateSummary } from "../../surveys/templates/index.ts";
import { VN_TIME_ZONE, vnDay, vnDayStart, vnTimestamp } from "../../time.ts";
import { emitPetitionEvent } from "../../webhooks/events.ts";
import {
  ATTACHMENT,
  ZCommentPetition,
  ZDraftSaved,
  ZListQuery,
  ZPublished,
  ZSurveyComments,
  ZSurveyCreated,
  ZSurveyDetail,
  ZSurveyLink,
  ZSurveyList,
  ZSurveyResults,
  ZSurveyTemplates,
} from "./surveys.schemas.ts";

/** The unit of the survey in the path: the one authorisation check then applies as for units. */
const surveyParam: UnitOf = (c) => {
  const id = c.req.param("surveyId");
  return id && UUID.test(id) ? unitOfSurvey(c.var.deps.database.db, id.toLowerCase()) : undefined;
};

const surveyId = (c: Context<AppEnv>) => c.req.param("surveyId")!.toLowerCase();

const ZCreate = z.strictObject({
  templateId: z.string().min(1).max(64),
  title: ZLocalized.optional(),
});
const ZDraft = z.strictObject({ definition: ZSurveyDefinition });
const ZInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const ZCampaign = z
  .strictObject({
    // The title is part of the survey's versions: it is edited in the draft and published with it.
    opensAt: ZInstant.nullable().optional(),
    closesAt: ZInstant.nullable().optional(),
    responseCap: z.number().int().min(1).max(10_000_000).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "empty", path: ["body"] });
const ZChannel = z.strictObject({ channel: z.string().trim().min(1).max(80) });
const ZDay = z.iso.date();
const ZResultFilters = z.strictObject({
  linkId: z.uuid().optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});

type Filters = z.infer<typeof ZResultFilters>;

/** The responses of a survey matching the console's filters (link, calendar days in Vietnam). */
function filteredResponses(c: Context<AppEnv>, id: string, filters: Filters) {
  let query = c.var.deps.database.db
    .selectFrom("survey_response as r")
    .innerJoin("survey_link as l", "l.id", "r.link_id")
    .innerJoin("survey_version as v", "v.id", "r.version_id")
    .select(["r.receipt", "r.answers", "r.created_at", "r.updated_at", "r.link_id", "l.channel", "v.version"])
    .where("r.survey_id", "=", id)
    .orderBy("r.created_at")
    .orderBy("r.id");
  if (filters.linkId) query = query.where("r.link_id", "=", filters.linkId);
  if (filters.from) query = query.where("r.created_at", ">=", vnDayStart(filters.from));
  if (filters.to) {
    const end = new Date(vnDayStart(filters.to).getTime() + 24 * 3600_000);
    query = query.where("r.created_at", "<", end);
  }
  return query.execute();
}

/** The definition results and exports are read against: the live version, else the draft. */
async function currentDefinition(c: Context<AppEnv>, id: string): Promise<TSurveyDefinition> {
  const row = await c.var.deps.database.db
    .selectFrom("survey as s")
    .innerJoin("survey_version as v", "v.survey_id", "s.id")
    .select(["v.definition", "v.published_at"])
    .where("s.id", "=", id)
    .where((eb) => eb.or([eb("v.id", "=", eb.ref("s.current_version_id")), eb("v.published_at", "is", null)]))
    .orderBy(sql`v.published_at is null`)
    .executeTakeFirstOrThrow();
  return row.definition as TSurveyDefinition;
}

function checkFilterRange(filters: Filters) {
  if (filters.from && filters.to && filters.from > filters.to) {
    throw new AppError("validation_failed", 422, { fields: [{ field: "to", message: "field_invalid" }] });
  }
}

async function exportRows(c: Context<AppEnv>, id: string, filters: Filters) {
  const definition = await currentDefinition(c, id);
  const questions = allQuestions(definition);
  const rows = await filteredResponses(c, id, filters);
  const header = [
    "Mã phiếu",
    `Thời điểm gửi (${VN_TIME_ZONE})`,
    "Kênh",
    "Phiên bản",
    ...questions.map((q) => `${q.id}: ${q.text.vi}`),
  ];
  const data = rows.map((r) => [
    r.receipt,
    vnTimestamp(r.created_at),
    r.channel,
    r.version,
    ...questions.map((q) => answerCell(q, (r.answers as Record<string, unknown>)[q.id])),
  ]);
  return { header, data };
}

function exportName(c: Context<AppEnv>, id: string, ext: string) {
  return `khao-sat-${id.slice(0, 8)}-${vnDay(c.var.deps.clock.now())}.${ext}`;
}

/** Surveys, their campaigns, versions, links, posters, results and exports. */
export const adminSurveyRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "List the surveys of the units one may read",
      description:
        "Needs `surveys.read` somewhere; lists the surveys (not archived) of every unit where the caller " +
        "holds it, newest first, with status, campaign, response count and links. `unitId` narrows to one " +
        "unit (404 when it is outside the caller's reach). Response counts include answers that came " +
        "through links archived since.",
      query: ZListQuery,
      responses: { 200: ZSurveyList },
    }),
    authorize("surveys.read"),
    async (c) => {
      const { database, clock, config } = c.var.deps;
      const unitFilter = c.req.query("unitId");
      let units = c.var.access.unitsWhere("surveys.read");
      if (unitFilter) {
        if (!UUID.test(unitFilter)) throw notFound();
        if (units !== "all" && !units.includes(unitFilter)) throw notFound();
        units = [unitFilter];
      }
      const surveys = await listSurveys(database.db, units);
      const links = await surveyLinks(
        database.db,
        config,
        surveys.map((s) => s.id),
        c.req.query("archived") === "1",
      );
      const drafts = await database.db
        .selectFrom("survey_version")
        .select(["survey_id", "version"])
        .where("published_at", "is", null)
        .where(
          "survey_id",
          "in",
          surveys.length > 0 ? surveys.map((s) => s.id) : ["00000000-0000-0000-0000-000000000000"],
        )
        .execute();
      const published = await database.db
        .selectFrom("survey_version")
        .select(["id", "version"])
        .where(
          "id",
          "in",
          surveys
            .map((s) => s.currentVersionId ?? "00000000-0000-0000-0000-000000000000")
            .concat(["00000000-0000-0000-0000-000000000000"]),
        )
        .execute();
      const counts = await database.db
        .selectFrom("survey_response")
        .select(["survey_id", sql<number>`count(*)`.as("n")])
        .where(
          "survey_id",
          "in",
          surveys.length > 0 ? surveys.map((s) => s.id) : ["00000000-0000-0000-0000-000000000000"],
        )
        .groupBy("survey_id")
        .execute();
      const now = clock.now();
      return c.json({
        items: surveys.map((s) => {
          const own = links.filter((l) => l.surveyId === s.id).map(({ surveyId: _, ...l }) => l);
          // Every response counts, also those that came through a link archived since.
          const responseCount = Number(counts.find((n) => n.survey_id === s.id)?.n ?? 0);
          return {
            id: s.id,
            title: s.title,
            unit: { id: s.unitId, slug: s.unitSlug, name: s.unitName },
            status: surveyStatus(s, now, responseCount),
            opensAt: s.opensAt?.toISOString() ?? null,
            closesAt: s.closesAt?.toISOString() ?? null,
            responseCap: s.responseCap,
            responseCount,
            publishedVersion: published.find((v) => v.id === s.currentVersionId)?.version ?? null,
            hasDraft: drafts.some((d) => d.survey_id === s.id),
            links: own,
          };
        }),
      });
    },
  )
  .get(
    "/:surveyId",
    describe({
      summary: "Show a survey: campaign, live and draft versions, links and counts",
      description:
        "Needs `surveys.read` on the survey's unit. Includes archived links and the number of answers " +
        "refused (spam, rate limit, invalid, closed).",
      responses: { 200: ZSurveyDetail },
    }),
    authorize("surveys.read", surveyParam),
    async (c) => {
      const { database, config, clock } = c.var.deps;
      return c.json(await surveyDetail(database.db, config, surveyId(c), clock.now()));
    },
  )
  .patch(
    "/:surveyId",
    describe({
      summary: "Change a survey's campaign: opening, closing and response cap",
      description:
        "Needs `surveys.manage`. Only the keys sent change; `null` removes a limit. The closing time " +
        "must be after the opening time (422 `closes_before_opens`). Audited; answers the updated survey.",
      requestExample: {
        opensAt: "2025-09-05T07:00:00+07:00",
        closesAt: "2025-09-30T17:00:00+07:00",
        responseCap: 500,
      },
      responses: { 200: ZSurveyDetail },
    }),
    authorize("surveys.manage", surveyParam),
    validate("json", ZCampaign),
    async (c) => {
      const { database, config, clock } = c.var.deps;
      const id = surveyId(c);
      const input = c.req.valid("json");
      await database.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom("survey")
          .select(["unit_id", "title", "opens_at", "closes_at", "response_cap"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        const opensAt = input.opensAt === undefined ? before.opens_at : input.opensAt;
        const closesAt = input.closesAt === undefined ? before.closes_at : input.closesAt;
        if (opensAt && closesAt && closesAt <= opensAt) {
          throw new AppError("closes_before_opens", 422, {
            fields: [{ field: "closesAt", message: "closes_before_opens" }],
          });
        }
        await trx
          .updateTable("survey")
          .set({
            opens_at: opensAt,
            closes_at: closesAt,
            ...(input.responseCap !== undefined && { response_cap: input.responseCap }),
          })
          .where("id", "=", id)
          .execute();
        await writeAudit(trx, c, {
          action: "survey.campaign",
          unitId: before.unit_id,
          targetType: "survey",
          targetId: id,
          summary: {
            before: {
              opensAt: before.opens_at,
              closesAt: before.closes_at,
              responseCap: before.response_cap,
            },
            after: {
              opensAt,
              closesAt,
              responseCap: input.responseCap !== undefined ? input.responseCap : before.response_cap,
            },
          },
        });
      });
      return c.json(await surveyDetail(database.db, config, id, clock.now()));
    },
  )
  .put(
    "/:surveyId/draft",
    describe({
      summary: "Save the survey's draft version",
      description:
        "Needs `surveys.manage`. Replaces the draft, or starts one numbered after the last version when " +
        "there is none (audited then). Parents keep answering the published version until the draft is published.",
      requestExample: {
        definition: {
          title: { vi: "Khảo sát sự hài lòng của cha mẹ học sinh", en: "Parent satisfaction survey" },
          intro: {
            vi: "Ý kiến của quý phụ huynh giúp nhà trường phục vụ tốt hơn. Phiếu không ghi tên.",
            en: "Your views help the school serve you better. The form is anonymous.",
          },
          sections: [
            {
              id: "co_so_vat_chat",
              title: { vi: "Cơ sở vật chất", en: "Facilities" },
              element: "facilities",
              questions: [
                {
                  id: "phong_hoc",
                  type: "likert5",
                  required: true,
                  text: { vi: "Phòng học sạch sẽ, thoáng mát", en: "Classrooms are clean and airy" },
                },
                {
                  id: "gop_y",
                  type: "text",
                  required: false,
                  maxLength: 2000,
                  text: { vi: "Góp ý khác cho nhà trường", en: "Other suggestions for the school" },
                },
              ],
            },
          ],
        },
      },
      responses: { 200: ZDraftSaved },
    }),
    authorize("surveys.manage", surveyParam),
    validate("json", ZDraft),
    async (c) => {
      const { database, clock } = c.var.deps;
      const id = surveyId(c);
      const { definition } = c.req.valid("json");
      const saved = await database.db.transaction().execute(async (trx) => {
        const result = await saveDraft(trx, id, definition, clock.now());
        if (result.created) {
          await writeAudit(trx, c, {
            action: "survey.draft",
            unitId: (await unitOfSurvey(trx, id)) ?? null,
            targetType: "survey",
            targetId: id,
            summary: { after: { version: result.version } },
          });
        }
        return result;
      });
      return c.json({ version: saved.version, updatedAt: saved.updatedAt });
    },
  )
  .delete(
    "/:surveyId/draft",
    describe({
      summary: "Discard the survey's draft version",
      description:
        "Needs `surveys.manage`. 409 `no_draft` when there is no draft; 409 `draft_only_version` when the " +
        "survey was never published (the draft is all it has: edit it instead). Audited.",
      responses: { 204: { description: "The draft is gone" } },
    }),
    authorize("surveys.manage", surveyParam),
    async (c) => {
      const id = surveyId(c);
      await c.var.deps.database.db.transaction().execute(async (trx) => {
        const survey = await trx
          .selectFrom("survey")
          .select("current_version_id")
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        if (survey.current_version_id === null) throw new AppError("draft_only_version", 409);
        const removed = await trx
          .deleteFrom("survey_version")
          .where("survey_id", "=", id)
          .where("published_at", "is", null)
          .returning("version")
          .executeTakeFirst();
        if (!removed) throw new AppError("no_draft", 409);
        await writeAudit(trx, c, {
          action: "survey.draft_discard",
          unitId: (await unitOfSurvey(trx, id)) ?? null,
          targetType: "survey",
          targetId: id,
          summary: { before: { version: removed.version } },
        });
      });
      return c.body(null, 204);
    },
  )
  .post(
    "/:surveyId/publish",
    describe({
      summary: "Publish the draft: it becomes the version parents answer",
      description:
        "Needs `surveys.manage`. The survey takes the draft's title; answers already given stay with the " +
        "version they answered. 409 `no_draft` when there is no draft. Audited.",
      responses: { 200: ZPublished },
    }),
    authorize("surveys.manage", surveyParam),
    async (c) => {
      const { database, clock } = c.var.deps;
      const id = surveyId(c);
      const now = clock.now();
      const published = await database.db.transaction().execute(async (trx) => {
        const draft = await trx
          .selectFrom("survey_version")
          .select(["id", "version", "definition"])
          .where("survey_id", "=", id)
          .where("published_at", "is", null)
          .forUpdate()
          .executeTakeFirst();
        if (!draft) throw new AppError("no_draft", 409);
        const definition = ZSurveyDefinition.parse(draft.definition);
        await trx
          .updateTable("survey_version")
          .set({ published_at: now })
          .where("id", "=", draft.id)
          .execute();
        await trx
          .updateTable("survey")
          .set({ current_version_id: draft.id, title: JSON.stringify(definition.title) })
          .where("id", "=", id)
          .execute();
        await writeAudit(trx, c, {
          action: "survey.publish",
          unitId: (await unitOfSurvey(trx, id)) ?? null,
          targetType: "survey",
          targetId: id,
          summary: { after: { version: draft.version } },
        });
        return { version: draft.version, publishedAt: now.toISOString() };
      });
      return c.json(published);
    },
  )
  .post(
    "/:surveyId/links",
    describe({
      summary: "Make a new link (QR code) for a survey",
      description:
        "Needs `surveys.manage`. Each link has its own unguessable code, so answers can be counted by " +
        "where the link was handed out. Audited.",
      requestExample: { channel: "Họp phụ huynh lớp 3A" },
      responses: { 201: ZSurveyLink },
    }),
    authorize("surveys.manage", surveyParam),
    validate("json", ZChannel),
    async (c) => {
      const { database, config, clock } = c.var.deps;
      const id = surveyId(c);
      const { channel } = c.req.valid("json");
      const link = await database.db.transaction().execute(async (trx) => {
        const created = await createLink(trx, id, channel, clock.now());
        await writeAudit(trx, c, {
          action: "survey.link_create",
          unitId: (await unitOfSurvey(trx, id)) ?? null,
          targetType: "survey_link",
          targetId: created.id,
          summary: { after: { channel, code: created.code } },
        });
        return created;
      });
      const [view] = (await surveyLinks(database.db, config, [id], true)).filter((l) => l.id === link.id);
      const { surveyId: _, ...body } = view!;
      return c.json(body, 201);
    },
  )
  .patch(
    "/:surveyId/links/:linkId",
    describe({
      summary: "Rename a survey link's channel",
      description: "Needs `surveys.manage`. Archived links can be renamed too. Audited.",
      requestExample: { channel: "Bảng tin tầng 1" },
      responses: { 200: ZSurveyLink },
    }),
    authorize("surveys.manage", surveyParam),
    validate("json", ZChannel),
    async (c) => {
      const { database, config } = c.var.deps;
      const id = surveyId(c);
      const linkId = c.req.param("linkId");
      if (!UUID.test(linkId)) throw notFound("link_not_found_admin");
      const { channel } = c.req.valid("json");
      await database.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom("survey_link")
          .select("channel")
          .where("id", "=", linkId)
          .where("survey_id", "=", id)
          .executeTakeFirst();
        if (!before) throw notFound("link_not_found_admin");
        await trx.updateTable("survey_link").set({ channel }).where("id", "=", linkId).execute();
        await writeAudit(trx, c, {
          action: "survey.link_rename",
          unitId: (await unitOfSurvey(trx, id)) ?? null,
          targetType: "survey_link",
          targetId: linkId,
          summary: { before: { channel: before.channel }, after: { channel } },
        });
      });
      const [view] = (await surveyLinks(database.db, config, [id], true)).filter((l) => l.id === linkId);
      const { surveyId: _, ...body } = view!;
      return c.json(body);
    },
  )
  .post(
    "/:surveyId/links/:linkId/archive",
    describe({
      summary: "Archive a survey link: it stops taking answers",
      description:
        "Needs `surveys.manage`. The answers already given through it are kept and still counted. " +
        "404 `link_not_found_admin` when the link is unknown or already archived. Audited.",
      responses: { 204: { description: "The link is archived" } },
    }),
    authorize("surveys.manage", surveyParam),
    async (c) => {
      const { database, clock } = c.var.deps;
      const id = surveyId(c);
      const linkId = c.req.param("linkId");
      if (!UUID.test(linkId)) throw notFound("link_not_found_admin");
      await database.db.transaction().execute(async (trx) => {
        const archived = await trx
          .updateTable("survey_link")
          .set({ archived_at: clock.now() })
          .where("id", "=", linkId)
          .where("survey_id", "=", id)
          .where("archived_at", "is", null)
          .returning(["channel"])
          .executeTakeFirst();
        if (!archived) throw notFound("link_not_found_admin");
        await writeAudit(trx, c, {
          action: "survey.link_archive",
          unitId: (await unitOfSurvey(trx, id)) ?? null,
          targetType: "survey_link",
          targetId: linkId,
          summary: { before: { channel: archived.channel } },
        });
      });
      return c.body(null, 204);
    },
  )
  .get(
    "/:surveyId/links/:linkId/poster.pdf",
    describe({
      summary: "Download a printable poster with a link's QR code",
      description: "Needs `surveys.read`. Only for links that are not archived.",
      responses: {
        200: { contentType: "application/pdf", description: "An A4 PDF poster", headers: ATTACHMENT },
      },
    }),
    authorize("surveys.read", surveyParam),
    async (c) => {
      const { database, config } = c.var.deps;
      const id = surveyId(c);
      const linkId = c.req.param("linkId");
      if (!UUID.test(linkId)) throw notFound("link_not_found_admin");
      const link = await database.db
        .selectFrom("survey_link as l")
        .innerJoin("survey as s", "s.id", "l.survey_id")
        .innerJoin("unit as u", "u.id", "s.unit_id")
        .select(["l.code", "l.channel", "s.title", "s.closes_at", "u.name"])
        .where("l.id", "=", linkId)
        .where("l.survey_id", "=", id)
        .where("l.archived_at", "is", null)
        .executeTakeFirst();
      if (!link) throw notFound("link_not_found_admin");
      const pdf = await renderPoster({
        unitName: link.name,
        surveyTitle: (link.title as { vi: string }).vi,
        url: surveyUrl(config.publicBaseUrl, link.code),
        channel: link.channel,
        closesAt: link.closes_at,
      });
      c.header("Content-Type", "application/pdf");
      c.header("Content-Disposition", `attachment; filename="poster-${link.code}.pdf"`);
      c.header("Cache-Control", "no-store");
      return c.body(new Uint8Array(pdf));
    },
  )
  .get(
    "/:surveyId/results",
    describe({
      summary: "Summarise a survey's answers per question",
      description:
        "Needs `surveys.read`: aggregates only, never the written answers (those are in the exports). " +
        "Questions are those of the live version (the draft before the first publication). Filters: one " +
        "link, and calendar days in Vietnam time (`from` ≤ `to`). Also counts answers per link, per day, " +
        "and the refused ones per reason.",
      responses: { 200: ZSurveyResults },
    }),
    authorize("surveys.read", surveyParam),
    validate("query", ZResultFilters),
    async (c) => {
      const id = surveyId(c);
      const filters = c.req.valid("query");
      checkFilterRange(filters);
      const db = c.var.deps.database.db;
      const definition = await currentDefinition(c, id);
      const rows = await filteredResponses(c, id, filters);
      const links = await surveyLinks(db, c.var.deps.config, [id], true);
      const byLink = links.map((l) => ({
        linkId: l.id,
        channel: l.channel,
        count: rows.filter((r) => r.link_id === l.id).length,
      }));
      const days = new Map<string, number>();
      for (const r of rows) days.set(vnDay(r.created_at), (days.get(vnDay(r.created_at)) ?? 0) + 1);
      let rejectedQuery = db
        .selectFrom("survey_rejection")
        .select(["reason", sql<number>`sum(count)`.as("count")])
        .where("survey_id", "=", id)
        .groupBy("reason")
        .orderBy("reason");
      if (filters.linkId) rejectedQuery = rejectedQuery.where("link_id", "=", filters.linkId);
      if (filters.from) rejectedQuery = rejectedQuery.where("day", ">=", filters.from);
      if (filters.to) rejectedQuery = rejectedQuery.where("day", "<=", filters.to);
      const rejected = await rejectedQuery.execute();
      return c.json({
        responseCount: rows.length,
        filters: { linkId: filters.linkId ?? null, from: filters.from ?? null, to: filters.to ?? null },
        byLink,
        byDay: [...days].map(([date, count]) => ({ date, count })),
        rejected: rejected.map((r) => ({ reason: r.reason, count: Number(r.count) })),
        sections: definition.sections.map((s) => ({ id: s.id, title: s.title, element: s.element ?? null })),
        questions: summarizeResponses(
          definition,
          rows.map((r) => ({ answers: r.answers as Record<string, unknown> })),
        ),
      });
    },
  )
  .get(
    "/:surveyId/responses.csv",
    describe({
      summary: "Export a survey's answers as CSV",
      description:
        "Needs `surveys.export` (raw answers, written comments included). One row per response: receipt, " +
        "time in Vietnam, channel, version, then one column per question of the live version. Same " +
        "filters as the results.",
      responses: { 200: { contentType: "text/csv", description: "UTF-8 CSV", headers: ATTACHMENT } },
    }),
    authorize("surveys.export", surveyParam),
    validate("query", ZResultFilters),
    async (c) => {
      const id = surveyId(c);
      const filters = c.req.valid("query");
      checkFilterRange(filters);
      const { header, data } = await exportRows(c, id, filters);
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="${exportName(c, id, "csv")}"`);
      c.header("Cache-Control", "no-store");
      return c.body(toCsv(header, data));
    },
  )
  .get(
    "/:surveyId/responses.xlsx",
    describe({
      summary: "Export a survey's answers as an Excel workbook",
      description: "Needs `surveys.export`. The same rows as the CSV export, in one sheet.",
      responses: {
        200: {
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          description: "An XLSX workbook",
          headers: ATTACHMENT,
        },
      },
    }),
    authorize("surveys.export", surveyParam),
    validate("query", ZResultFilters),
    async (c) => {
      const id = surveyId(c);
      const filters = c.req.valid("query");
      checkFilterRange(filters);
      const { header, data } = await exportRows(c, id, filters);
      // Loaded on first use: the workbook library is large and most processes never export.
      const { default: ExcelJS } = await import("exceljs");
      const workbook = new ExcelJS.Workbook();
      workbook.creator = "Góp Ý";
      const sheet = workbook.addWorksheet("Phiếu trả lời", { views: [{ state: "frozen", ySplit: 1 }] });
      sheet.addRow(header).font = { bold: true };
      for (const row of data)
        sheet.addRow(row.map((v) => (typeof v === "number" ? v : neutralizeFormula(v))));
      sheet.columns.forEach((column, i) => {
        column.width = i < 4 ? 20 : 28;
      });
      const buffer = await workbook.xlsx.writeBuffer();
      c.header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      c.header("Content-Disposition", `attachment; filename="${exportName(c, id, "xlsx")}"`);
      c.header("Cache-Control", "no-store");
      return c.body(new Uint8Array(buffer as ArrayBuffer));
    },
  );

/** The open comments of a survey's responses, and a case opened from one of them. */
export const adminSurveyCommentRoutes = new Hono<AppEnv>()
  .get(
    "/:surveyId/comments",
    describe({
      summary: "List the written comments in a survey's answers",
      description:
        "Needs `surveys.export` (free text may name people). The non-empty answers to the text questions " +
        "of the live version, newest first (from the latest 1000 responses), each with the case opened from it.",
      responses: { 200: ZSurveyComments },
    }),
    authorize("surveys.export", surveyParam),
    async (c) => {
      const id = surveyId(c);
      const definition = await currentDefinition(c, id);
      const textQuestions = allQuestions(definition).filter((q) => q.type === "text");
      const db = c.var.deps.database.db;
      const rows = await db
        .selectFrom("survey_response as r")
        .select(["r.id", "r.receipt", "r.answers", "r.created_at"])
        .where("r.survey_id", "=", id)
        .orderBy("r.created_at", "desc")
        .limit(1000)
        .execute();
      // Cases opened from these comments, one per response and question.
      const cases = new Map<string, { id: string; trackingCode: string }>();
      if (rows.length > 0) {
        const opened = await db
          .selectFrom("petition")
          .select(["id", "tracking_code", "source_response_id", "source_question_id"])
          .where(
            "source_response_id",
            "in",
            rows.map((r) => r.id),
          )
          .execute();
        for (const p of opened) {
          cases.set(`${p.source_response_id}:${p.source_question_id}`, {
            id: p.id,
            trackingCode: p.tracking_code,
          });
        }
      }
      const items = rows.flatMap((r) =>
        textQuestions
          .map((q) => ({ q, text: (r.answers as Record<string, unknown>)[q.id] }))
          .filter(
            (x): x is { q: (typeof textQuestions)[number]; text: string } =>
              typeof x.text === "string" && x.text.trim() !== "",
          )
          .map(({ q, text }) => ({
            receipt: r.receipt,
            questionId: q.id,
            questionText: q.text,
            text,
            submittedAt: r.created_at.toISOString(),
            petition: cases.get(`${r.id}:${q.id}`) ?? null,
          })),
      );
      return c.json({ items });
    },
  )
  .post(
    "/:surveyId/comments/:receipt/petition",
    describe({
      summary: "Open a case (suggestion) from a written survey comment",
      description:
        "Needs `surveys.export` on the survey and `petitions.manage` on its unit (else 403). The case is " +
        "a suggestion on channel `survey_comment`, received when the answer was sent (its deadlines " +
        "count from then), with no contact details. Once per comment: a second call answers 200 with " +
        "the case already opened. 404 `comment_not_found` when the response has no such non-empty answer. Audited.",
      requestExample: { questionId: "gop_y" },
      responses: {
        200: { description: "The case already opened from this comment", schema: ZCommentPetition },
        201: { description: "The case opened now", schema: ZCommentPetition },
      },
    }),
    authorize("surveys.export", surveyParam),
    validate("json", z.strictObject({ questionId: z.string().max(64) })),
    async (c) => {
      const { database, clock } = c.var.deps;
      const id = surveyId(c);
      const { questionId } = c.req.valid("json");
      const response = await database.db
        .selectFrom("survey_response as r")
        .innerJoin("survey as s", "s.id", "r.survey_id")
        .innerJoin("unit as u", "u.id", "s.unit_id")
        .select(["r.id", "r.answers", "r.created_at", "s.unit_id", "s.title", "u.slug"])
        .where("r.survey_id", "=", id)
        .where("r.receipt", "=", c.req.param("receipt"))
        .executeTakeFirst();
      const text = (response?.answers as Record<string, unknown> | undefined)?.[questionId];
      // Only the written comments of the live version: a chosen option is not a comment.
      const isText = allQuestions(await currentDefinition(c, id)).some(
        (q) => q.id === questionId && q.type === "text",
      );
      if (!response || !isText || typeof text !== "string" || text.trim() === "") {
        throw notFound("comment_not_found");
      }
      if (!c.var.access.can("petitions.manage", response.unit_id)) throw new AppError("forbidden", 403);
      const existingCase = () =>
        database.db
          .selectFrom("petition")
          .select(["id", "tracking_code"])
          .where("source_response_id", "=", response.id)
          .where("source_question_id", "=", questionId)
          .executeTakeFirst();
      const existing = await existingCase();
      if (existing) return c.json({ id: existing.id, trackingCode: existing.tracking_code }, 200);
      const now = clock.now();
      const calendar = await loadCalendar(database.db, response.unit_id);
      // The comment arrived with the survey answer: its deadlines count from then.
      const settings = await loadPetitionSettings(database.db, response.unit_id);
      const deadlines = deadlinesFor("suggestion", response.created_at, calendar, settings.rules.suggestion);
      const created = await database.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("petition")
          .values({
            unit_id: response.unit_id,
            tracking_code: newTrackingCode(response.slug, response.created_at),
            kind: "suggestion",
            channel: "survey_comment",
            subject: `Góp ý qua khảo sát: ${(response.title as { vi: string }).vi}`.slice(0, 200),
            content: text.slice(0, 4000),
            received_at: response.created_at,
            acknowledge_by: deadlines.acknowledgeBy,
            answer_by: deadlines.answerBy,
            source_response_id: response.id,
            source_question_id: questionId,
            created_at: now,
            updated_at: now,
          })
          // Two clicks at once: the second finds the first one's case (unique per comment); a
          // taken tracking code (rare) gets the next attempt a new one.
          .onConflict((oc) => oc.doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        await emitPetitionEvent(trx, row, { type: "petition.created" }, now, c.var.deps.config.publicBaseUrl);
        await trx
          .insertInto("petition_event")
          .values({
            petition_id: row.id,
            at: now,
            actor: "staff",
            actor_user_id: c.var.user!.id,
            event: "register",
            to_state: "received",
            public: true,
          })
          .execute();
        await writeAudit(trx, c, {
          action: "petition.from_survey_comment",
          unitId: response.unit_id,
          targetType: "petition",
          targetId: row.id,
          summary: { after: { surveyId: id, questionId } },
        });
        return row;
      });
      if (!created) {
        const first = await existingCase();
        if (first) return c.json({ id: first.id, trackingCode: first.tracking_code }, 200);
        throw new AppError("conflict_retry", 409);
      }
      return c.json({ id: created.id, trackingCode: created.tracking_code }, 201);
    },
  );

/** Templates to start a survey from. */
export const adminSurveyTemplateRoutes = new Hono<AppEnv>().get(
  "/",
  describe({
    summary: "List the templates a survey can start from",
    description: "Needs `surveys.read` somewhere.",
    responses: { 200: ZSurveyTemplates },
  }),
  authorize("surveys.read"),
  (c) => c.json({ items: SURVEY_TEMPLATES.map(templateSummary) }),
);

/** New surveys are made in a unit, from a template. */
export const adminUnitSurveyRoutes = new Hono<AppEnv>().post(
  "/",
  describe({
    summary: "Create a survey in a unit from a template",
    description:
      "Needs `surveys.manage` on the unit. The survey starts as a draft copy of the template (version 1, " +
      "optionally retitled) with one link, “Cổng trường”. 422 `template_not_found` for an unknown template. Audited.",
    requestExample: {
      templateId: "moet-parents",
      title: {
        vi: "Khảo sát ý kiến cha mẹ học sinh học kỳ I năm học 2025–2026",
        en: "Parent survey, first term 2025–2026",
      },
    },
    responses: { 201: ZSurveyCreated },
  }),
  authorize("surveys.manage", unitParam),
  validate("json", ZCreate),
  async (c) => {
    const { database, clock } = c.var.deps;
    const unitId = c.req.param("unitId")!.toLowerCase();
    const input = c.req.valid("json");
    const template = findTemplate(input.templateId);
    if (!template) {
      throw new AppError("template_not_found", 422, {
        fields: [{ field: "templateId", message: "field_invalid" }],
      });
    }
    const definition = { ...template.definition, ...(input.title && { title: input.title }) };
    const id = await database.db.transaction().execute(async (trx) => {
      const created = await createSurvey(trx, {
        unitId,
        template: template.id,
        definition,
        now: clock.now(),
      });
      await writeAudit(trx, c, {
        action: "survey.create",
        unitId,
        targetType: "survey",
        targetId: created,
        summary: { after: { template: template.id, title: definition.title.vi } },
      });
      return created;
    });
    return c.json({ id }, 201);
  },
);
