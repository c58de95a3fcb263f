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
/** Proof of work sized for a cheap phone: about a second of hashing on average. */
const CHALLENGE_MAX_NUMBER = 100_000;
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

/** The key that signs challenges, shared by every server process through the database. */
const hmacKeys = new WeakMap<Kysely<Database>, Promise<string>>();
function hmacKey(db: Kysely<Database>, now: Date): Promise<string> {
  let key = hmacKeys.get(db);
  if (!key) {
    key = (async () => {
      await db
        .insertInto("app_meta")
        .values({ key: HMAC_META_KEY, value: randomBytes(32).toString("base64url"), updated_at: now })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const row = await db
        .selectFrom("app_meta")
        .select("value")
        .where("key", "=", HMAC_META_KEY)
        .executeTakeFirstOrThrow();
      return row.value;
    })();
    key.catch(() => hmacKeys.delete(db));
    hmacKeys.set(db, key);
  }
  return key;
}

/** A proof-of-work challenge that expires `CHALLENGE_TTL_MS` after `now` (the service's clock). */
export async function challengeError(db: Kysely<Database>, now: Date): Promise<AppError> {
  const challenge = await createChallenge({
    hmacKey: await hmacKey(db, now),
    maxnumber: CHALLENGE_MAX_NUMBER,
    expires: new Date(now.getTime() + CHALLENGE_TTL_MS),
  });
  return new AppError("challenge_required", 428, { extensions: { challenge } });
}

/**
 * A solution is good once, before its challenge expires: the challenge is remembered until the
 * window ends. Expiry is judged by the service's clock (`now`), like the replay window, never by the
 * machine's, which the library would read.
 */
export async function acceptSolution(db: Kysely<Database>, payload: string, now: Date): Promise<boolean> {
  let ok = false;
  try {
    const expires = Number(extractParams(payload).expires);
    if (!Number.isFinite(expires) || expires * 1000 < now.getTime()) return false;
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
 * Counts a new submission against the per-address and per-link windows. Over either limit the
 * person is asked for a proof of work (invisible in the survey page) instead of being refused.
 */
export async function checkSubmissionRate(
  db: Kysely<Database>,
  config: Pick<Config, "surveyLimits">,
  target: { surveyId: string; linkId: string; ip: string },
  altcha: string | undefined,
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
  if (altcha && (await acceptSolution(db, altcha, now))) return;
  await countRejection(db, target, "rate_limited", now);
  throw await challengeError(db, now);
}
