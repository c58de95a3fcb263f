import { createHash, createHmac } from "node:crypto";
import type { Database, HeldReason } from "@gopy/db";
import { type Kysely, sql } from "kysely";
import type { Config } from "../config.ts";
import { metaSecret, SUBMISSION_WINDOW_MS } from "./abuse.ts";

/**
 * Defences against stuffing a survey with fake answers:
 * - every answer pays a proof of work whose difficulty grows with the recent answers of its
 *   address and of its link (`challengeDifficulty`);
 * - answers that still arrive in a burst (one address, one network, or the same answers many
 *   times within the window) are held for a person to review instead of counted (`burstReason`).
 * Both look at the accepted answers of the last `SUBMISSION_WINDOW_MS` (a sliding window) kept in
 * `survey_answer_source`, which holds no address: a keyed hash of it and its network.
 */

/** A normal parent's proof of work: a few hundred milliseconds on a cheap phone. */
export const BASE_DIFFICULTY = 50_000;
/** The hardest proof of work: seconds of a script's CPU for each answer. */
export const MAX_DIFFICULTY = 10_000_000;
/** Each this many recent answers from one address double the difficulty. */
export const ADDRESS_STEP = 3;
/** Each this many recent answers through one link double the difficulty for everyone on it. */
export const LINK_STEP = 300;
/** Source rows are kept this long (the window, with room), then deleted. */
const SOURCE_RETENTION_MS = 60 * 60_000;

export interface RecentAnswers {
  /** Answers accepted from this address to this survey in the window (not counting this one). */
  fromAddress: number;
  /** Answers accepted through this link in the window (not counting this one). */
  onLink: number;
}

/** The ALTCHA `maxnumber` an answer from a source with these recent answers must solve. */
export function challengeDifficulty(recent: RecentAnswers): number {
  const doublings =
    Math.floor(Math.max(0, recent.fromAddress) / ADDRESS_STEP) +
    Math.floor(Math.max(0, recent.onLink) / LINK_STEP);
  return Math.min(MAX_DIFFICULTY, Math.round(BASE_DIFFICULTY * 2 ** Math.min(doublings, 30)));
}

export interface BurstCounts {
  /** Answers in the window from this address, this one included. */
  address: number;
  /** From this network, this one included. */
  network: number;
  /** With exactly these answers, this one included. */
  pattern: number;
}

/** Why an answer is held for review, or null when it is counted. */
export function burstReason(counts: BurstCounts, limits: Config["surveyBursts"]): HeldReason | null {
  if (counts.address > limits.perAddress) return "address";
  if (counts.network > limits.perNetwork) return "network";
  if (counts.pattern > limits.sameAnswers) return "pattern";
  return null;
}

/** The network an address belongs to: its /24 (IPv4) or /48 (IPv6), never the address itself. */
export function networkOf(ip: string): string {
  const address = ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(address);
  if (v4) return `${Number(v4[1])}.${Number(v4[2])}.${Number(v4[3])}.0/24`;
  if (/^[0-9a-f:]+$/.test(address) && address.includes(":")) {
    const [head = "", tail = ""] = address.split("::", 2);
    const left = head === "" ? [] : head.split(":");
    const right = address.includes("::") ? (tail === "" ? [] : tail.split(":")) : [];
    const groups = address.includes("::")
      ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
      : left;
    if (groups.length === 8 && groups.every((g) => g.length <= 4)) {
      return `${groups
        .slice(0, 3)
        .map((g) => g.replace(/^0+(?=.)/, ""))
        .join(":")}::/48`;
    }
  }
  return "unknown";
}

/** The same answers give the same pattern, whatever the order of their keys. */
export function answerPattern(answers: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(answers)
      .sort()
      .map((k) => [k, answers[k]]),
  );
  return createHash("sha256").update(canonical).digest("hex");
}

/** Where an answer came from, as far as the defences need to know. */
export interface AnswerSource {
  surveyId: string;
  linkId: string;
  /** HMAC of the address with a server secret: equal addresses match, the address is not kept. */
  addressHash: string;
  network: string;
  patternHash: string;
}

/** The hashing function of addresses, keyed with a secret kept in the database. */
export async function addressHasher(db: Kysely<Database>, now: Date): Promise<(ip: string) => string> {
  const key = await metaSecret(db, "survey_address_key", now);
  return (ip: string) => createHmac("sha256", key).update(`address:${ip}`).digest("hex");
}

export async function answerSource(
  db: Kysely<Database>,
  target: { surveyId: string; linkId: string; ip: string },
  answers: Record<string, unknown> | null,
  now: Date,
): Promise<AnswerSource> {
  const hash = await addressHasher(db, now);
  return {
    surveyId: target.surveyId,
    linkId: target.linkId,
    addressHash: hash(target.ip),
    network: networkOf(target.ip),
    patternHash: answers ? answerPattern(answers) : "",
  };
}

const list = (values: readonly unknown[]) => sql.join(values.map((v) => sql`${v}`));

/**
 * The accepted answers of the window per source, read once for a set of answers (one batch) and
 * then kept up to date as the batch's answers are judged in arrival order.
 */
export class SourceTally {
  private constructor(private readonly counts: Map<string, number>) {}

  static async read(db: Kysely<Database>, sources: AnswerSource[], now: Date): Promise<SourceTally> {
    const counts = new Map<string, number>();
    if (sources.length === 0) return new SourceTally(counts);
    const since = new Date(now.getTime() - SUBMISSION_WINDOW_MS);
    const surveys = [...new Set(sources.map((s) => s.surveyId))];
    const distinct = (pick: (s: AnswerSource) => string) => [...new Set(sources.map(pick))];
    const rows = await sql<{ key: string; n: number }>`
      select 'address ' || survey_id || ' ' || address_hash as key, count(*)::int as n
      from survey_answer_source
      where at > ${since} and survey_id in (${list(surveys)})
        and address_hash in (${list(distinct((s) => s.addressHash))})
      group by survey_id, address_hash
      union all
      select 'network ' || survey_id || ' ' || network, count(*)::int from survey_answer_source
      where at > ${since} and survey_id in (${list(surveys)}) and network in (${list(distinct((s) => s.network))})
      group by survey_id, network
      union all
      select 'pattern ' || survey_id || ' ' || pattern_hash, count(*)::int from survey_answer_source
      where at > ${since} and survey_id in (${list(surveys)})
        and pattern_hash in (${list(distinct((s) => s.patternHash))})
      group by survey_id, pattern_hash
      union all
      select 'link ' || link_id, count(*)::int from survey_answer_source
      where at > ${since} and link_id in (${list(distinct((s) => s.linkId))})
      group by link_id`.execute(db);
    for (const r of rows.rows) counts.set(r.key, Number(r.n));
    return new SourceTally(counts);
  }

  private get(key: string) {
    return this.counts.get(key) ?? 0;
  }

  private keys(s: AnswerSource) {
    return {
      address: `address ${s.surveyId} ${s.addressHash}`,
      network: `network ${s.surveyId} ${s.network}`,
      pattern: `pattern ${s.surveyId} ${s.patternHash}`,
      link: `link ${s.linkId}`,
    };
  }

  /** The recent answers that decide this source's proof of work. */
  recent(s: AnswerSource): RecentAnswers {
    const k = this.keys(s);
    return { fromAddress: this.get(k.address), onLink: this.get(k.link) };
  }

  /** Counts one more accepted answer from `s` and returns the burst counts including it. */
  add(s: AnswerSource): BurstCounts {
    const k = this.keys(s);
    for (const key of Object.values(k)) this.counts.set(key, this.get(key) + 1);
    return { address: this.get(k.address), network: this.get(k.network), pattern: this.get(k.pattern) };
  }
}

/** Values of a `survey_answer_source` row. */
export const sourceRow = (s: AnswerSource, at: Date) => ({
  survey_id: s.surveyId,
  link_id: s.linkId,
  address_hash: s.addressHash,
  network: s.network,
  pattern_hash: s.patternHash,
  at,
});

/** Deletes source rows no window needs any more. */
export const pruneSourcesStatement = (now: Date) =>
  sql`delete from survey_answer_source where at < ${new Date(now.getTime() - SOURCE_RETENTION_MS)}`;
