import type { Database, RejectionReason } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import { newReceipt } from "../codes.ts";
import { AppError, validationFailed } from "../errors.ts";
import { vnDay } from "../time.ts";
import { acceptSolution, challengeError, deviceHash, SUBMISSION_WINDOW_MS } from "./abuse.ts";
import { checkAnswers } from "./answers.ts";
import { campaignState } from "./campaign.ts";
import { parsedDefinition } from "./definition.ts";
import { findLinksByCodes } from "./repository.ts";
import type { Submission, SubmitDeps } from "./service.ts";

/** What a stored (or already stored) submission answers. */
export interface SubmissionResult {
  created: boolean;
  receipt: string;
}

interface Item {
  deps: SubmitDeps;
  code: string;
  submission: Submission;
  ip: string;
  now: Date;
  resolve: (result: SubmissionResult) => void;
  reject: (error: unknown) => void;
}

/** How one item of a batch ends: answered, or handed to the one-at-a-time path after the batch. */
type Outcome = { result: SubmissionResult } | { error: unknown } | { alone: true };

/** The largest batch written in one transaction; more waiting submissions make the next batch. */
const MAX_BATCH = 256;

/**
 * Group commit for survey submissions. Submissions that arrive while a batch is being written wait
 * and are written together in the next one: one transaction (one commit, one WAL flush) for all of
 * them, with the link, duplicate, device and rate-limit checks done once per batch in a few set
 * queries. Each submission is answered only after its batch's transaction has committed, so an
 * acknowledged answer is durable. The rules are those of the one-at-a-time path
 * (`submitResponseAlone`), which still serves what a batch does not decide itself: unknown or
 * closed links (they need the rejection counted as that path does) and a batch whose transaction
 * failed on a race with another server process (a unique index refused a row); that batch is rolled
 * back whole and every submission in it is retried one at a time.
 */
export class SubmissionBatcher {
  private queue: Item[] = [];
  private scheduled = false;
  private inFlight = 0;

  /**
   * `maxInFlight` batches are written at once: with PostgreSQL one batch's round trips overlap the
   * next one's checks; the embedded engine has one connection, so one batch at a time.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly alone: (
      item: Pick<Item, "deps" | "code" | "submission" | "ip" | "now">,
    ) => Promise<SubmissionResult>,
    private readonly maxInFlight = 1,
  ) {}

  submit(item: Omit<Item, "resolve" | "reject">): Promise<SubmissionResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      if (!this.scheduled && this.inFlight < this.maxInFlight) {
        this.scheduled = true;
        // Let the submissions that arrived in the same turn of the event loop join this batch.
        setImmediate(() => {
          this.scheduled = false;
          this.startBatches();
        });
      }
    });
  }

  private startBatches(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.startBatches();
      });
    }
  }

  private async run(batch: Item[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.write(batch);
    } catch (error) {
      outcomes = batch.map(() => (isUniqueViolation(error) ? { alone: true } : { error }));
    }
    for (const [i, item] of batch.entries()) {
      const outcome = outcomes[i]!;
      if ("result" in outcome) item.resolve(outcome.result);
      else if ("error" in outcome) item.reject(outcome.error);
      else this.alone(item).then(item.resolve, item.reject);
    }
  }

  /** Decides every item of the batch and writes the stored ones in one transaction. */
  private async write(batch: Item[]): Promise<Outcome[]> {
    const db = this.db;
    const outcomes: (Outcome | undefined)[] = batch.map(() => undefined);
    const links = await findLinksByCodes(db, [...new Set(batch.map((i) => i.code))]);

    // A retry of a stored submission gets its first receipt (the one-at-a-time path decides when
    // its link is unknown or closed).
    const previous = new Map(
      (
        await db
          .selectFrom("survey_response")
          .select(["submission_id", "receipt", "survey_id"])
          .where(
            "submission_id",
            "in",
            batch.map((i) => i.submission.submissionId),
          )
          .execute()
      ).map((r) => [r.submission_id, r]),
    );

    const capCounts = new Map<string, number>();
    for (const link of links.values()) {
      if (link.responseCap !== null && !capCounts.has(link.surveyId)) {
        const row = await db
          .selectFrom("survey_response")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("survey_id", "=", link.surveyId)
          .executeTakeFirstOrThrow();
        capCounts.set(link.surveyId, Number(row.n));
      }
    }

    const devices = batch.map((i) =>
      i.submission.deviceToken ? deviceHash(i.submission.deviceToken) : null,
    );
    const surveyIds = [...new Set([...links.values()].map((l) => l.surveyId))];
    const wantedDevices = devices.filter((d): d is string => d !== null);
    const answered = new Map<string, string>();
    if (wantedDevices.length > 0 && surveyIds.length > 0) {
      const rows = await db
        .selectFrom("survey_response")
        .select(["survey_id", "device_hash", "receipt"])
        .where("survey_id", "in", surveyIds)
        .where("device_hash", "in", wantedDevices)
        .execute();
      for (const r of rows) answered.set(`${r.survey_id}:${r.device_hash}`, r.receipt);
    }

    const rejections = new Map<
      string,
      { surveyId: string; linkId: string; day: string; reason: RejectionReason; count: number }
    >();
    const reject = (link: { surveyId: string; linkId: string }, reason: RejectionReason, now: Date) => {
      const day = vnDay(now);
      const key = `${link.surveyId}:${link.linkId}:${day}:${reason}`;
      const entry = rejections.get(key) ?? { ...link, day, reason, count: 0 };
      entry.count++;
      rejections.set(key, entry);
    };

    // Items that pass every check before the rate limits, in arrival order.
    const candidates: { index: number; values: ResponseValues }[] = [];
    const inBatch = new Map<string, { index: number; receipt: string }>();
    const followers: { index: number; first: number }[] = [];
    for (const [index, item] of batch.entries()) {
      const { submission, now } = item;
      const link = links.get(item.code);
      if (!link) {
        outcomes[index] = { alone: true };
        continue;
      }
      const stored = previous.get(submission.submissionId);
      if (stored && stored.survey_id === link.surveyId) {
        outcomes[index] = { result: { created: false, receipt: stored.receipt } };
        continue;
      }
      const sameSubmission = inBatch.get(`submission:${submission.submissionId}`);
      if (sameSubmission) {
        // Sent again while the first was being written: it shares the first's fate.
        followers.push({ index, first: sameSubmission.index });
        continue;
      }
      const count = capCounts.has(link.surveyId) ? capCounts.get(link.surveyId)! : null;
      if (campaignState(link, now, count) !== "open") {
        outcomes[index] = { alone: true };
        continue;
      }
      if (submission.website && submission.website.trim() !== "") {
        reject(link, "honeypot", now);
        outcomes[index] = {
          error: new AppError("spam_suspected", 400, {
            fields: [{ field: "website", message: "field_invalid" }],
          }),
        };
        continue;
      }
      const checked = checkAnswers(parsedDefinition(link.versionKey, link.definition), submission.answers);
      if (!checked.ok) {
        reject(link, "invalid", now);
        outcomes[index] = { error: validationFailed(checked.issues) };
        continue;
      }
      const device = devices[index]!;
      const firstReceipt = device
        ? (answered.get(`${link.surveyId}:${device}`) ??
          inBatch.get(`device:${link.surveyId}:${device}`)?.receipt)
        : undefined;
      if (firstReceipt) {
        outcomes[index] = {
          error: new AppError("already_answered", 409, {
            extensions: { receipt: firstReceipt, editable: true },
          }),
        };
        continue;
      }
      const receipt = newReceipt();
      candidates.push({
        index,
        values: {
          submission_id: submission.submissionId,
          survey_id: link.surveyId,
          version_id: link.versionId,
          link_id: link.linkId,
          receipt,
          answers: JSON.stringify(checked.answers),
          device_hash: device,
          created_at: now,
        },
      });
      inBatch.set(`submission:${submission.submissionId}`, { index, receipt });
      if (device) inBatch.set(`device:${link.surveyId}:${device}`, { index, receipt });
      if (count !== null) capCounts.set(link.surveyId, count + 1);
    }

    // Over a limit without a good proof of work: asked for one once the batch is written.
    const challenged: number[] = [];
    await db.transaction().execute(async (trx) => {
      // Rate limits: one upsert for all the batch's keys, in a fixed order so that concurrent
      // batches of several processes lock the shared rows in the same order.
      const keyed = candidates.map((c) => {
        const item = batch[c.index]!;
        const limits = item.deps.config.surveyLimits;
        return {
          ...c,
          item,
          keys: [
            { key: `survey-ip:${c.values.survey_id}:${item.ip}`, max: limits.perIp },
            { key: `survey-link:${c.values.link_id}`, max: limits.perLink },
          ],
        };
      });
      const hitsPerKey = new Map<string, number>();
      for (const c of keyed) for (const k of c.keys) hitsPerKey.set(k.key, (hitsPerKey.get(k.key) ?? 0) + 1);
      const after = await hitKeys(trx, hitsPerKey, batch[0]!.now);
      const seen = new Map<string, number>();
      const toInsert: typeof candidates = [];
      for (const c of keyed) {
        let over = false;
        for (const k of c.keys) {
          const nth = (seen.get(k.key) ?? 0) + 1;
          seen.set(k.key, nth);
          // The hits this submission saw: those before the batch plus its place in the batch.
          const hits = after.get(k.key)! - hitsPerKey.get(k.key)! + nth;
          if (hits > k.max) over = true;
        }
        if (
          over &&
          !(c.item.submission.altcha && (await acceptSolution(trx, c.item.submission.altcha, c.item.now)))
        ) {
          reject({ surveyId: c.values.survey_id, linkId: c.values.link_id }, "rate_limited", c.item.now);
          challenged.push(c.index);
          continue;
        }
        toInsert.push(c);
      }

      if (toInsert.length > 0) {
        const inserted = await trx
          .insertInto("survey_response")
          .values(toInsert.map((c) => c.values))
          .onConflict((oc) => oc.column("submission_id").doNothing())
          .returning(["submission_id"])
          .execute();
        const created = new Set(inserted.map((r) => r.submission_id));
        for (const c of toInsert) {
          // Not created: another process stored the same submission id since the lookup above.
          outcomes[c.index] = created.has(c.values.submission_id)
            ? { result: { created: true, receipt: c.values.receipt } }
            : { alone: true };
        }
      }

      if (rejections.size > 0) {
        await trx
          .insertInto("survey_rejection")
          .values(
            [...rejections.values()]
              .sort((a, b) => (a.linkId + a.day + a.reason < b.linkId + b.day + b.reason ? -1 : 1))
              .map((r) => ({
                survey_id: r.surveyId,
                link_id: r.linkId,
                day: r.day,
                reason: r.reason,
                count: r.count,
              })),
          )
          .onConflict((oc) =>
            oc.columns(["survey_id", "link_id", "day", "reason"]).doUpdateSet({
              count: sql`survey_rejection.count + excluded.count`,
            }),
          )
          .execute();
      }
    });

    for (const index of challenged) outcomes[index] = { error: await challengeError(db) };
    for (const { index, first } of followers) {
      const outcome = outcomes[first];
      outcomes[index] =
        outcome && "result" in outcome
          ? { result: { created: false, receipt: outcome.result.receipt } }
          : outcome;
    }
    return outcomes.map((o) => o ?? { alone: true });
  }
}

interface ResponseValues {
  submission_id: string;
  survey_id: string;
  version_id: string;
  link_id: string;
  receipt: string;
  answers: string;
  device_hash: string | null;
  created_at: Date;
}

/**
 * Counts `n` hits on each key in fixed windows (the rules of `RateLimiter.hit`) in one statement;
 * returns each key's count after the hits.
 */
async function hitKeys(trx: Transaction<Database>, hits: Map<string, number>, now: Date) {
  const after = new Map<string, number>();
  if (hits.size === 0) return after;
  const windowStartBefore = new Date(now.getTime() - SUBMISSION_WINDOW_MS);
  const values = sql.join(
    [...hits.keys()].sort().map((key) => sql`(${key}, ${now}::timestamptz, ${hits.get(key)!}::int)`),
  );
  const rows = await sql<{ key: string; hits: number }>`
    insert into rate_limit (key, window_start, hits) values ${values}
    on conflict (key) do update set
      hits = case when rate_limit.window_start <= ${windowStartBefore} then excluded.hits else rate_limit.hits + excluded.hits end,
      window_start = case when rate_limit.window_start <= ${windowStartBefore} then ${now} else rate_limit.window_start end
    returning key, hits`.execute(trx);
  for (const r of rows.rows) after.set(r.key, r.hits);
  return after;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === "23505";
}
