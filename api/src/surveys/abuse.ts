import { createHash, randomBytes } from "node:crypto";
import type { Database, RejectionReason } from "@gopy/db";
import { createChallenge, extractParams, verifySolution } from "altcha-lib/v1";
import { type Kysely, sql } from "kysely";
import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import { RateLimiter } from "../rate-limit.ts";
import { vnDay } from "../time.ts";

/** The window of the per-address and per-link submission limits. */
export const SUBMISSION_WINDOW_MS = 10 * 60_000;
const CHALLENGE_TTL_MS = 10 * 60_000;
const HMAC_META_KEY = "altcha_hmac_key";

/** Hash of a browser's device token; the token itself never reaches the database. */
export const deviceHash = (token: string) => createHash("sha256").update(`device:${token}`).digest("hex");

/** Counts a refused submission for the staff's figures; never fails the request it describes. */
export async function countRejection(
  db: Kysely<Database>,
  target: { surveyId: string; linkId: string },
  reason: RejectionReason,
  now: Date,
): Promise<void> {
  try {
    await db
      .insertInto("survey_rejection")
      .values({ survey_id: target.surveyId, link_id: target.linkId, day: vnDay(now), reason, count: 1 })
      .onConflict((oc) =>
        oc.columns(["survey_id", "link_id", "day", "reason"]).doUpdateSet({
          count: sql`survey_rejection.count + 1`,
        }),
      )
      .execute();
  } catch {
    // The count is a statistic; the person still gets the real answer to their request.
  }
}

/** A random secret kept in `app_meta`, shared by every server process through the database. */
const secrets = new WeakMap<Kysely<Database>, Map<string, Promise<string>>>();
export function metaSecret(db: Kysely<Database>, name: string, now: Date): Promise<string> {
  let byName = secrets.get(db);
  if (!byName) {
    byName = new Map();
    secrets.set(db, byName);
  }
  let secret = byName.get(name);
  if (!secret) {
    secret = (async () => {
      await db
        .insertInto("app_meta")
        .values({ key: name, value: randomBytes(32).toString("base64url"), updated_at: now })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const row = await db
        .selectFrom("app_meta")
        .select("value")
        .where("key", "=", name)
        .executeTakeFirstOrThrow();
      return row.value;
    })();
    secret.catch(() => byName.delete(name));
    byName.set(name, secret);
  }
  return secret;
}

/** The key that signs challenges. */
const hmacKey = (db: Kysely<Database>, now: Date) => metaSecret(db, HMAC_META_KEY, now);

/**
 * A proof-of-work challenge of `difficulty` (ALTCHA `maxnumber`) that expires `CHALLENGE_TTL_MS`
 * after `now` (the service's clock). The difficulty is signed into the challenge's salt, so a
 * solution shows how hard the challenge it answers was.
 */
export function issueChallenge(db: Kysely<Database>, now: Date, difficulty: number) {
  return hmacKey(db, now).then((key) =>
    createChallenge({
      hmacKey: key,
      maxnumber: difficulty,
      expires: new Date(now.getTime() + CHALLENGE_TTL_MS),
      params: { difficulty: String(difficulty) },
    }),
  );
}

/** The 428 problem asking for a proof of work of `difficulty`. */
export async function challengeError(db: Kysely<Database>, now: Date, difficulty: number): Promise<AppError> {
  const challenge = await issueChallenge(db, now, difficulty);
  return new AppError("challenge_required", 428, { extensions: { challenge } });
}

/**
 * A solution is good once, before its challenge expires, and only if its challenge was at least as
 * hard as `required` (the difficulty an answer from this source needs now): challenges collected
 * while a source was quiet do not pay for a burst. The challenge is remembered until the window
 * ends. Expiry is judged by the service's clock (`now`), like the replay window, never by the
 * machine's, which the library would read.
 */
export async function acceptSolution(
  db: Kysely<Database>,
  payload: string,
  now: Date,
  required: number,
): Promise<boolean> {
  let ok = false;
  try {
    const params = extractParams(payload);
    const expires = Number(params.expires);
    if (!Number.isFinite(expires) || expires * 1000 < now.getTime()) return false;
    if (!(Number(params.difficulty) >= required)) return false;
    ok = await verifySolution(payload, await hmacKey(db, now), false);
  } catch {
    return false;
  }
  if (!ok) return false;
  const challenge = (JSON.parse(Buffer.from(payload, "base64").toString()) as { challenge: string })
    .challenge;
  const use = await new RateLimiter(db).hit(
    `altcha:${challenge}`,
    { max: 1, windowMs: CHALLENGE_TTL_MS },
    now,
  );
  return use.hits === 1;
}

/**
 * Whether a 428 for this submission is a refusal worth counting for the staff: an answer over a
 * free allowance, or one whose solution was refused. When no answer is free, the first 428 of
 * every answer is the ordinary handshake, not a refusal.
 */
export function countsAsRefusal(limits: Config["surveyLimits"], altcha: string | undefined): boolean {
  return altcha !== undefined || limits.perIp > 0 || limits.perLink > 0;
}

/**
 * Counts a new submission against the per-address and per-link windows. Within both free
 * allowances it passes; otherwise it needs a good proof of work of the `required` difficulty
 * (`solved`), or the person is asked for one (invisible in the survey page).
 */
export async function checkSubmissionRate(
  db: Kysely<Database>,
  config: Pick<Config, "surveyLimits">,
  target: { surveyId: string; linkId: string; ip: string },
  proof: { altcha: string | undefined; solved: boolean; required: number },
  now: Date,
): Promise<void> {
  const limiter = new RateLimiter(db);
  const [byIp, byLink] = await Promise.all([
    limiter.hit(
      `survey-ip:${target.surveyId}:${target.ip}`,
      { max: config.surveyLimits.perIp, windowMs: SUBMISSION_WINDOW_MS },
      now,
    ),
    limiter.hit(
      `survey-link:${target.linkId}`,
      { max: config.surveyLimits.perLink, windowMs: SUBMISSION_WINDOW_MS },
      now,
    ),
  ]);
  if (byIp.hits <= config.surveyLimits.perIp && byLink.hits <= config.surveyLimits.perLink) return;
  if (proof.solved) return;
  if (countsAsRefusal(config.surveyLimits, proof.altcha))
    await countRejection(db, target, "rate_limited", now);
  throw await challengeError(db, now, proof.required);
}
