import type { Database } from "@gopy/db";
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { type PeriodicJob, startPeriodic } from "../periodic.ts";
import { vnIso } from "../petitions/service.ts";
import { subtreeIds } from "../units.ts";
import { enqueueDelivery, envelope } from "./events.ts";

/** Responses younger than this are left for the next batch: their transactions may still be open. */
const SETTLE_MS = 30_000;

/**
 * `survey.responses`: new answers are announced in batches, one delivery per webhook with the
 * counts per survey and link since the previous batch — never the answers themselves. Each webhook
 * keeps a cursor (the last response id announced), moved in the transaction that queues the
 * delivery, so a batch is neither lost nor sent twice when two processes run the job.
 */
export async function announceSurveyResponses(
  db: Kysely<Database>,
  now: Date,
  settleMs = SETTLE_MS,
): Promise<number> {
  const hooks = await db
    .selectFrom("webhook")
    .select("id")
    .where("disabled_at", "is", null)
    .where(sql<boolean>`'survey.responses' = any(events)`)
    .execute();
  let queued = 0;
  for (const { id } of hooks) {
    queued += await db.transaction().execute(async (trx) => {
      const hook = await sql<{ id: string; unit_id: string; responses_cursor: number }>`
        select id, unit_id, responses_cursor from webhook
        where id = ${id} and disabled_at is null for update skip locked`.execute(trx);
      const row = hook.rows[0];
      if (!row) return 0;
      // The hook's unit and every unit below it, archived ones too (their answers still count).
      const subtree = (await subtreeIds(trx, row.unit_id, { includeArchived: true })).map(
        (u) => sql`${u}::uuid`,
      );
      const counts = await sql<{
        survey_id: string;
        title: { vi: string; en: string };
        unit_slug: string;
        link_id: string;
        link_channel: string;
        responses: number;
        last_id: number;
        first_at: Date;
        last_at: Date;
      }>`
        select s.id as survey_id, s.title, u.slug as unit_slug, l.id as link_id, l.channel as link_channel,
          count(*)::int as responses, max(r.id) as last_id, min(r.created_at) as first_at, max(r.created_at) as last_at
        from survey_response r
        join survey s on s.id = r.survey_id
        join unit u on u.id = s.unit_id
        join survey_link l on l.id = r.link_id
        where s.unit_id in (${sql.join(subtree)}) and r.id > ${row.responses_cursor}
          and r.created_at <= ${new Date(now.getTime() - settleMs)}
        group by s.id, s.title, u.slug, l.id, l.channel
        order by s.id, l.channel`.execute(trx);
      if (counts.rows.length === 0) return 0;
      const surveys = new Map<
        string,
        { surveyId: string; title: string; unitSlug: string; responses: number; links: object[] }
      >();
      for (const c of counts.rows) {
        const survey = surveys.get(c.survey_id) ?? {
          surveyId: c.survey_id,
          title: c.title.vi,
          unitSlug: c.unit_slug,
          responses: 0,
          links: [],
        };
        survey.responses += c.responses;
        survey.links.push({ linkId: c.link_id, channel: c.link_channel, responses: c.responses });
        surveys.set(c.survey_id, survey);
      }
      const unit = await trx
        .selectFrom("unit")
        .select(["id", "slug", "name"])
        .where("id", "=", row.unit_id)
        .executeTakeFirstOrThrow();
      const times = counts.rows.flatMap((c) => [c.first_at.getTime(), c.last_at.getTime()]);
      const data = {
        from: vnIso(new Date(Math.min(...times))),
        to: vnIso(new Date(Math.max(...times))),
        responses: counts.rows.reduce((sum, c) => sum + c.responses, 0),
        surveys: [...surveys.values()],
      };
      await enqueueDelivery(
        trx,
        row.id,
        "survey.responses",
        envelope("survey.responses", unit, data, now),
        now,
      );
      await trx
        .updateTable("webhook")
        .set({ responses_cursor: Math.max(...counts.rows.map((c) => c.last_id)) })
        .where("id", "=", row.id)
        .execute();
      return 1;
    });
  }
  return queued;
}

/** Announces new survey responses every `intervalMs` (one minute by default). */
export function startSurveyResponseAnnouncer(
  db: Kysely<Database>,
  clock: Clock,
  logger: Logger,
  intervalMs = 60_000,
): PeriodicJob {
  return startPeriodic(() => announceSurveyResponses(db, clock.now()), {
    intervalMs,
    logger,
    failure: "survey response announcements failed",
  });
}
