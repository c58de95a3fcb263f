import type { Database, HeldReason } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import type { AnswerSource } from "./stuffing.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** A survey link with everything a public request needs: the survey, its live version and unit. */
export async function findLinkByCode(db: Db, code: string) {
  return db
    .selectFrom("survey_link as l")
    .innerJoin("survey as s", "s.id", "l.survey_id")
    .innerJoin("unit as u", "u.id", "s.unit_id")
    .leftJoin("survey_version as v", "v.id", "s.current_version_id")
    .select([
      "l.id as linkId",
      "l.code",
      "l.channel",
      "s.id as surveyId",
      "s.title",
      "s.opens_at as opensAt",
      "s.closes_at as closesAt",
      "s.response_cap as responseCap",
      "v.id as versionId",
      "v.version",
      "v.definition",
      "u.slug as unitSlug",
      "u.name as unitName",
    ])
    .where("l.code", "=", code)
    .where("l.archived_at", "is", null)
    .where("s.archived_at", "is", null)
    .where("u.archived_at", "is", null)
    .executeTakeFirst();
}

export async function countSurveyResponses(db: Db, surveyId: string): Promise<number> {
  const row = await db
    .selectFrom("survey_response")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("survey_id", "=", surveyId)
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface NewResponse {
  submissionId: string;
  surveyId: string;
  versionId: string;
  linkId: string;
  receipt: string;
  answers: Record<string, unknown>;
  deviceHash: string | null;
  createdAt: Date;
}

/**
 * Inserts a response unless its submission id is already stored. Returns the stored row's receipt
 * and survey either way, and whether this call created it.
 */
export async function insertResponseOnce(db: Db, response: NewResponse) {
  const inserted = await db
    .insertInto("survey_response")
    .values({
      submission_id: response.submissionId,
      survey_id: response.surveyId,
      version_id: response.versionId,
      link_id: response.linkId,
      receipt: response.receipt,
      answers: JSON.stringify(response.answers),
      device_hash: response.deviceHash,
      created_at: response.createdAt,
    })
    .onConflict((oc) => oc.column("submission_id").doNothing())
    .returning(["receipt", "survey_id"])
    .executeTakeFirst();
  if (inserted) return { created: true, receipt: inserted.receipt, surveyId: inserted.survey_id };
  const existing = await db
    .selectFrom("survey_response")
    .select(["receipt", "survey_id"])
    .where("submission_id", "=", response.submissionId)
    .executeTakeFirstOrThrow();
  return { created: false, receipt: existing.receipt, surveyId: existing.survey_id };
}

/**
 * Stores an answer held for review unless its submission id is already stored (held or counted).
 * Returns the stored receipt and survey either way, and whether this call created it.
 */
export async function insertHeldOnce(
  db: Db,
  response: NewResponse & { reason: HeldReason; source: AnswerSource },
) {
  const counted = await db
    .selectFrom("survey_response")
    .select(["receipt", "survey_id"])
    .where("submission_id", "=", response.submissionId)
    .executeTakeFirst();
  if (counted) return { created: false, receipt: counted.receipt, surveyId: counted.survey_id };
  const inserted = await db
    .insertInto("survey_held_response")
    .values({
      submission_id: response.submissionId,
      survey_id: response.surveyId,
      version_id: response.versionId,
      link_id: response.linkId,
      receipt: response.receipt,
      answers: JSON.stringify(response.answers),
      device_hash: response.deviceHash,
      created_at: response.createdAt,
      reason: response.reason,
      address_hash: response.source.addressHash,
      network: response.source.network,
      pattern_hash: response.source.patternHash,
      state: "held",
    })
    .onConflict((oc) => oc.column("submission_id").doNothing())
    .returning(["receipt", "survey_id"])
    .executeTakeFirst();
  if (inserted) return { created: true, receipt: inserted.receipt, surveyId: inserted.survey_id };
  const existing = await db
    .selectFrom("survey_held_response")
    .select(["receipt", "survey_id"])
    .where("submission_id", "=", response.submissionId)
    .executeTakeFirstOrThrow();
  return { created: false, receipt: existing.receipt, surveyId: existing.survey_id };
}

/** The receipt of an answer held for review under this submission id and link code, if any. */
export async function findHeldSubmission(db: Db, submissionId: string, code: string) {
  return db
    .selectFrom("survey_held_response as h")
    .innerJoin("survey_link as l", "l.survey_id", "h.survey_id")
    .select(["h.receipt"])
    .where("h.submission_id", "=", submissionId)
    .where("l.code", "=", code)
    .executeTakeFirst();
}

/** Whether this submission id names an answer (counted or held) to a survey other than `surveyId`. */
export async function usedByOtherSurvey(db: Db, submissionId: string, surveyId: string): Promise<boolean> {
  const row = await db
    .selectFrom("survey_response")
    .select("submission_id")
    .where("submission_id", "=", submissionId)
    .where("survey_id", "<>", surveyId)
    .union(
      db
        .selectFrom("survey_held_response")
        .select("submission_id")
        .where("submission_id", "=", submissionId)
        .where("survey_id", "<>", surveyId),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** The receipt of this device's answer still held for review in the survey, if any. */
export async function findHeldOfDevice(db: Db, surveyId: string, device: string) {
  return db
    .selectFrom("survey_held_response")
    .select("receipt")
    .where("survey_id", "=", surveyId)
    .where("device_hash", "=", device)
    .where("state", "=", "held")
    .executeTakeFirst();
}

/** Surveys of the given units (or all), with response counts per link. */
export async function listSurveys(db: Db, unitIds: string[] | "all") {
  if (unitIds !== "all" && unitIds.length === 0) return [];
  let query = db
    .selectFrom("survey as s")
    .innerJoin("unit as u", "u.id", "s.unit_id")
    .select([
      "s.id",
      "s.title",
      "s.current_version_id as currentVersionId",
      "s.opens_at as opensAt",
      "s.closes_at as closesAt",
      "s.response_cap as responseCap",
      "s.created_at as createdAt",
      "u.id as unitId",
      "u.slug as unitSlug",
      "u.name as unitName",
    ])
    .where("s.archived_at", "is", null)
    .orderBy("s.created_at", "desc");
  if (unitIds !== "all") query = query.where("s.unit_id", "in", unitIds);
  const surveys = await query.execute();
  if (surveys.length === 0) return [];
  const links = await db
    .selectFrom("survey_link as l")
    .leftJoin("survey_response as r", "r.link_id", "l.id")
    .select(["l.survey_id as surveyId", "l.code", "l.channel", "l.created_at as createdAt"])
    .select(sql<number>`count(r.id)`.as("responseCount"))
    .where(
      "l.survey_id",
      "in",
      surveys.map((s) => s.id),
    )
    .where("l.archived_at", "is", null)
    .groupBy(["l.id", "l.survey_id", "l.code", "l.channel", "l.created_at"])
    .orderBy("l.created_at")
    .execute();
  return surveys.map((s) => ({ ...s, links: links.filter((l) => l.surveyId === s.id) }));
}
