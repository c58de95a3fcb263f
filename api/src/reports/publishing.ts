import type { Database, MonthlySummary } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import { AppError, validationFailed } from "../errors.ts";
import { enqueueDelivery, envelope, subscribersOf } from "../webhooks/events.ts";
import { guardRevision } from "./disclosure.ts";
import { buildSummary, loadReportSettings, type SummaryFigures, type SummaryOptions } from "./summary.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** A month as `YYYY-MM` from 2020 on. */
export const MONTH = /^20[2-9]\d-(0[1-9]|1[0-2])$/;

/**
 * Makes (or refreshes) the unit's draft for a month with the figures as of `now`, keeping the
 * reviewer's commentary and choices. One draft at a time per unit and month.
 */
export async function makeDraft(
  db: Kysely<Database>,
  unitId: string,
  month: string,
  now: Date,
  userId: string | null,
  change: { commentary?: string; options?: SummaryOptions } = {},
): Promise<MonthlySummary> {
  return db.transaction().execute(async (trx) => {
    // One maker at a time per unit and month (the job on two servers, or a click during the job).
    await sql`select pg_advisory_xact_lock(hashtext(${`summary:${unitId}:${month}`}))`.execute(trx);
    const draft = await trx
      .selectFrom("monthly_summary")
      .selectAll()
      .where("unit_id", "=", unitId)
      .where("month", "=", month)
      .where("status", "=", "draft")
      .executeTakeFirst();
    // A correction starts from what was published: its commentary and choices.
    const base = draft ?? (await latestRevision(trx, unitId, month));
    const options = { ...((base?.options as SummaryOptions | undefined) ?? {}), ...(change.options ?? {}) };
    const fresh = await buildSummary(trx, unitId, month, now, options);
    // A correction never publishes a change of fewer than 5 people against what is already public.
    const published = await latestRevision(trx, unitId, month);
    const previous = published?.figures as SummaryFigures | undefined;
    const figures =
      published && previous?.schema === 2
        ? guardRevision(
            previous,
            published.revision!,
            fresh,
            (await loadReportSettings(trx, unitId)).petitionRatingsInIndex,
          )
        : fresh;
    if (draft) {
      return trx
        .updateTable("monthly_summary")
        .set({
          figures: JSON.stringify(figures),
          options: JSON.stringify(options),
          ...(change.commentary !== undefined && { commentary: change.commentary }),
          created_at: now,
          created_by: userId,
        })
        .where("id", "=", draft.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    return trx
      .insertInto("monthly_summary")
      .values({
        unit_id: unitId,
        month,
        status: "draft",
        figures: JSON.stringify(figures),
        options: JSON.stringify(options),
        commentary: change.commentary ?? base?.commentary ?? "",
        created_at: now,
        created_by: userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** The latest published revision of a unit's month, if any. */
export async function latestRevision(db: Db, unitId: string, month: string) {
  return db
    .selectFrom("monthly_summary")
    .selectAll()
    .where("unit_id", "=", unitId)
    .where("month", "=", month)
    .where("status", "=", "published")
    .orderBy("revision", "desc")
    .executeTakeFirst();
}

/**
 * Publishes the reviewed draft as the month's next revision, exactly as reviewed. A correction
 * (revision 2 and later) must say what changed. The published row never changes again.
 */
export async function publishDraft(
  db: Kysely<Database>,
  unitId: string,
  month: string,
  now: Date,
  userId: string,
  changes: string | undefined,
  publicBaseUrl: string,
): Promise<MonthlySummary> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`summary:${unitId}:${month}`}))`.execute(trx);
    const draft = await trx
      .selectFrom("monthly_summary")
      .selectAll()
      .where("unit_id", "=", unitId)
      .where("month", "=", month)
      .where("status", "=", "draft")
      .executeTakeFirst();
    if (!draft) throw new AppError("no_summary_draft", 409);
    const previous = await latestRevision(trx, unitId, month);
    const revision = (previous?.revision ?? 0) + 1;
    if (revision > 1 && !changes?.trim())
      throw validationFailed([{ field: "changes", message: "field_required" }]);
    const published = await trx
      .updateTable("monthly_summary")
      .set({
        status: "published",
        revision,
        changes: revision > 1 ? changes!.trim() : null,
        published_at: now,
        published_by: userId,
      })
      .where("id", "=", draft.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const figures = published.figures as SummaryFigures;
    const subscribers = await subscribersOf(trx, unitId, "report.published");
    if (subscribers.length > 0) {
      const unit = await trx
        .selectFrom("unit")
        .select(["id", "slug", "name"])
        .where("id", "=", unitId)
        .executeTakeFirstOrThrow();
      const data = {
        month,
        revision,
        changes: published.changes,
        url: `${publicBaseUrl}/r/${unit.slug}/${month}`,
        json: `${publicBaseUrl}/api/public/units/${unit.slug}/reports/${month}.json`,
        satisfaction: figures.satisfaction,
        petitions: {
          received: figures.petitions.received,
          answered: figures.petitions.answered,
          early: figures.petitions.early,
          onTime: figures.petitions.onTime,
          late: figures.petitions.late,
          onTimeRate: figures.petitions.onTimeRate,
        },
      };
      for (const hook of subscribers) {
        await enqueueDelivery(
          trx,
          hook.id,
          "report.published",
          envelope("report.published", unit, data, now),
          now,
        );
      }
    }
    return published;
  });
}
