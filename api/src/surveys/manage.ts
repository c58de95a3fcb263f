import type { Database } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import { newLinkCode } from "../codes.ts";
import type { Config } from "../config.ts";
import { type CampaignState, campaignState } from "./campaign.ts";
import { type TLocalized, type TSurveyDefinition, ZSurveyDefinition } from "./definition.ts";
import { surveyUrl } from "./qr.ts";

type Db = Kysely<Database> | Transaction<Database>;

export type SurveyStatus = "draft" | "scheduled" | "open" | "closed" | "full";

const STATUS: Record<CampaignState, SurveyStatus> = {
  open: "open",
  not_open: "scheduled",
  closed: "closed",
  full: "full",
};

/** Where a survey stands for staff: never published, waiting to open, open, or no longer taking answers. */
export function surveyStatus(
  survey: {
    currentVersionId: string | null;
    opensAt: Date | null;
    closesAt: Date | null;
    responseCap: number | null;
  },
  now: Date,
  responseCount: number,
): SurveyStatus {
  if (survey.currentVersionId === null) return "draft";
  return STATUS[campaignState(survey, now, responseCount)];
}

/** The unit a survey belongs to, for the authorisation check; undefined when there is no such survey. */
export async function unitOfSurvey(db: Db, surveyId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("survey")
    .select("unit_id")
    .where("id", "=", surveyId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  return row?.unit_id;
}

export interface LinkView {
  id: string;
  code: string;
  channel: string;
  url: string;
  responseCount: number;
  qrSvgUrl: string;
  qrPngUrl: string;
  posterUrl: string;
  archivedAt: string | null;
}

export async function surveyLinks(
  db: Db,
  config: Pick<Config, "publicBaseUrl">,
  surveyIds: string[],
  includeArchived = false,
): Promise<(LinkView & { surveyId: string })[]> {
  if (surveyIds.length === 0) return [];
  let query = db
    .selectFrom("survey_link as l")
    .select(["l.id", "l.survey_id", "l.code", "l.channel", "l.archived_at", "l.created_at"])
    .select((eb) =>
      eb
        .selectFrom("survey_response as r")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("r.link_id", "=", "l.id")
        .as("responseCount"),
    )
    .where("l.survey_id", "in", surveyIds)
    .orderBy("l.created_at")
    .orderBy("l.code");
  if (!includeArchived) query = query.where("l.archived_at", "is", null);
  const rows = await query.execute();
  return rows.map((l) => ({
    surveyId: l.survey_id,
    id: l.id,
    code: l.code,
    channel: l.channel,
    url: surveyUrl(config.publicBaseUrl, l.code),
    responseCount: Number(l.responseCount ?? 0),
    qrSvgUrl: `/api/public/s/${l.code}/qr.svg`,
    qrPngUrl: `/api/public/s/${l.code}/qr.png`,
    posterUrl: `/api/admin/surveys/${l.survey_id}/links/${l.id}/poster.pdf`,
    archivedAt: l.archived_at?.toISOString() ?? null,
  }));
}

/** A new link (QR code) for a survey, with a fresh unguessable code. */
export async function createLink(db: Db, surveyId: string, channel: string, now: Date) {
  for (let attempt = 0; ; attempt++) {
    const code = newLinkCode();
    const row = await db
      .insertInto("survey_link")
      .values({ survey_id: surveyId, code, channel, created_at: now })
      .onConflict((oc) => oc.column("code").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (row) return { id: row.id, code };
    if (attempt >= 5) throw new Error("could not find a free link code");
  }
}

/** The survey as the console shows it: campaign, published and draft versions, links and counts. */
export async function surveyDetail(
  db: Db,
  config: Pick<Config, "publicBaseUrl">,
  surveyId: string,
  now: Date,
) {
  const survey = await db
    .selectFrom("survey as s")
    .innerJoin("unit as u", "u.id", "s.unit_id")
    .select([
      "s.id",
      "s.title",
      "s.template",
      "s.current_version_id as currentVersionId",
      "s.opens_at as opensAt",
      "s.closes_at as closesAt",
      "s.response_cap as responseCap",
      "s.created_at as createdAt",
      "u.id as unitId",
      "u.slug as unitSlug",
      "u.name as unitName",
    ])
    .where("s.id", "=", surveyId)
    .executeTakeFirstOrThrow();
  const versions = await db
    .selectFrom("survey_version")
    .select(["id", "version", "definition", "published_at", "updated_at", "created_at"])
    .where("survey_id", "=", surveyId)
    .where((eb) =>
      eb.or([
        eb("published_at", "is", null),
        eb("id", "=", survey.currentVersionId ?? "00000000-0000-0000-0000-000000000000"),
      ]),
    )
    .execute();
  const published = versions.find((v) => v.id === survey.currentVersionId);
  const draft = versions.find((v) => v.published_at === null);
  const links = await surveyLinks(db, config, [surveyId], true);
  const counts = await db
    .selectFrom("survey_response")
    .select(sql<number>`count(*)`.as("n"))
    .where("survey_id", "=", surveyId)
    .executeTakeFirstOrThrow();
  const rejected = await db
    .selectFrom("survey_rejection")
    .select(sql<number>`coalesce(sum(count), 0)`.as("n"))
    .where("survey_id", "=", surveyId)
    .executeTakeFirstOrThrow();
  const responseCount = Number(counts.n);
  return {
    id: survey.id,
    title: survey.title as TLocalized,
    unit: { id: survey.unitId, slug: survey.unitSlug, name: survey.unitName },
    status: surveyStatus(survey, now, responseCount),
    opensAt: survey.opensAt?.toISOString() ?? null,
    closesAt: survey.closesAt?.toISOString() ?? null,
    responseCap: survey.responseCap,
    template: survey.template,
    responseCount,
    rejectedCount: Number(rejected.n),
    published: published
      ? {
          version: published.version,
          publishedAt: published.published_at!.toISOString(),
          definition: published.definition as TSurveyDefinition,
        }
      : null,
    draft: draft
      ? {
          version: draft.version,
          updatedAt: (draft.updated_at ?? draft.created_at).toISOString(),
          definition: draft.definition as TSurveyDefinition,
        }
      : null,
    links: links.map(({ surveyId: _, ...link }) => link),
  };
}

/** Creates a survey whose first draft is a copy of `definition`, with one link for the school gate. */
export async function createSurvey(
  trx: Transaction<Database>,
  input: { unitId: string; template: string | null; definition: TSurveyDefinition; now: Date },
) {
  const survey = await trx
    .insertInto("survey")
    .values({
      unit_id: input.unitId,
      title: JSON.stringify(input.definition.title),
      template: input.template,
      created_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("survey_version")
    .values({
      survey_id: survey.id,
      version: 1,
      definition: JSON.stringify(input.definition),
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  await createLink(trx, survey.id, "Cổng trường", input.now);
  return survey.id;
}

/** Saves the draft, making one (numbered after the last version) when there is none. */
export async function saveDraft(
  trx: Transaction<Database>,
  surveyId: string,
  definition: TSurveyDefinition,
  now: Date,
) {
  const parsed = ZSurveyDefinition.parse(definition);
  const json = JSON.stringify(parsed);
  const updated = await trx
    .updateTable("survey_version")
    .set({ definition: json, updated_at: now })
    .where("survey_id", "=", surveyId)
    .where("published_at", "is", null)
    .returning(["version", "updated_at"])
    .executeTakeFirst();
  if (updated)
    return { version: updated.version, updatedAt: updated.updated_at!.toISOString(), created: false };
  const last = await trx
    .selectFrom("survey_version")
    .select((eb) => eb.fn.max("version").as("v"))
    .where("survey_id", "=", surveyId)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  await trx
    .insertInto("survey_version")
    .values({ survey_id: surveyId, version, definition: json, created_at: now, updated_at: now })
    .execute();
  return { version, updatedAt: now.toISOString(), created: true };
}
