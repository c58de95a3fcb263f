import type { Database, HeldReason } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import { addDays } from "../petitions/calendar.ts";
import { markDayStale } from "../reports/rollup.ts";
import { vnDayStart } from "../time.ts";
import { SUBMISSION_WINDOW_MS } from "./abuse.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Characters of an address hash shown to staff: enough to tell sources apart, not to look one up. */
const HASH_PREFIX = 12;

export interface HeldAnswer {
  id: number;
  receipt: string;
  linkId: string;
  channel: string;
  submittedAt: string;
  addressHash: string;
  network: string;
  pattern: string;
  answers: Record<string, unknown>;
}

export interface HeldBurst {
  /** Stable while the burst's answers are held: reason, source and first answer. */
  id: string;
  reason: HeldReason;
  /** The address hash prefix, the network, or the answer-pattern prefix the burst shares. */
  source: string;
  firstAt: string;
  lastAt: string;
  count: number;
  /** Distinct address hash prefixes and networks among the burst's answers. */
  addresses: string[];
  networks: string[];
  /** The most repeated answer set in the burst, and how many answers have exactly it. */
  repeated: { answers: Record<string, unknown>; count: number };
  items: HeldAnswer[];
}

/**
 * The answers of a survey still held for review, grouped by burst: the same reason and source
 * (address, network or answer pattern), split where two answers are more than the detection
 * window apart. Oldest burst first.
 */
export async function heldBursts(db: Db, surveyId: string): Promise<HeldBurst[]> {
  const rows = await db
    .selectFrom("survey_held_response as h")
    .innerJoin("survey_link as l", "l.id", "h.link_id")
    .select([
      "h.id",
      "h.receipt",
      "h.link_id",
      "l.channel",
      "h.created_at",
      "h.reason",
      "h.address_hash",
      "h.network",
      "h.pattern_hash",
      "h.answers",
    ])
    .where("h.survey_id", "=", surveyId)
    .where("h.state", "=", "held")
    .orderBy("h.created_at")
    .orderBy("h.id")
    .execute();
  const open = new Map<string, { burst: HeldBurst; last: number }>();
  const bursts: HeldBurst[] = [];
  for (const r of rows) {
    const sourceOf = { address: r.address_hash, network: r.network, pattern: r.pattern_hash }[r.reason];
    const key = `${r.reason}:${sourceOf}`;
    const at = r.created_at.getTime();
    let current = open.get(key);
    if (!current || at - current.last > SUBMISSION_WINDOW_MS) {
      const source = r.reason === "network" ? r.network : sourceOf.slice(0, HASH_PREFIX);
      const burst: HeldBurst = {
        id: `${r.reason}:${source}:${Number(r.id)}`,
        reason: r.reason,
        source,
        firstAt: r.created_at.toISOString(),
        lastAt: r.created_at.toISOString(),
        count: 0,
        addresses: [],
        networks: [],
        repeated: { answers: {}, count: 0 },
        items: [],
      };
      bursts.push(burst);
      current = { burst, last: at };
      open.set(key, current);
    }
    current.last = at;
    const b = current.burst;
    b.lastAt = r.created_at.toISOString();
    b.count++;
    const address = r.address_hash.slice(0, HASH_PREFIX);
    if (!b.addresses.includes(address)) b.addresses.push(address);
    if (!b.networks.includes(r.network)) b.networks.push(r.network);
    b.items.push({
      id: Number(r.id),
      receipt: r.receipt,
      linkId: r.link_id,
      channel: r.channel,
      submittedAt: r.created_at.toISOString(),
      addressHash: address,
      network: r.network,
      pattern: r.pattern_hash.slice(0, HASH_PREFIX),
      answers: r.answers as Record<string, unknown>,
    });
  }
  for (const b of bursts) {
    const byPattern = new Map<string, HeldAnswer[]>();
    for (const item of b.items) byPattern.set(item.pattern, [...(byPattern.get(item.pattern) ?? []), item]);
    const top = [...byPattern.values()].sort((x, y) => y.length - x.length)[0]!;
    b.repeated = { answers: top[0]!.answers, count: top.length };
  }
  return bursts;
}

export type HeldDecision = "include" | "discard";

/**
 * Includes held answers in the counts (copied into `survey_response` with their original time and
 * receipt; the days they fall on are counted again) or discards them (never counted). Only answers
 * of this survey still held are decided; returns the ids decided, in order. Run it in a transaction.
 */
export async function decideHeld(
  trx: Transaction<Database>,
  surveyId: string,
  ids: number[],
  decision: HeldDecision,
  by: { userId: string | null; now: Date },
): Promise<{ id: number; receipt: string }[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom("survey_held_response")
    .selectAll()
    .where("survey_id", "=", surveyId)
    .where("state", "=", "held")
    .where("id", "in", ids)
    .orderBy("id")
    .forUpdate()
    .execute();
  const decided: { id: number; receipt: string }[] = [];
  for (const r of rows) {
    let responseId: number | null = null;
    if (decision === "include") {
      const inserted = await trx
        .insertInto("survey_response")
        .values({
          submission_id: r.submission_id,
          survey_id: r.survey_id,
          version_id: r.version_id,
          link_id: r.link_id,
          receipt: r.receipt,
          answers: JSON.stringify(r.answers),
          device_hash: r.device_hash,
          created_at: r.created_at,
        })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      responseId = inserted ? Number(inserted.id) : null;
      await markDayStale(trx, surveyId, r.created_at);
    }
    await trx
      .updateTable("survey_held_response")
      .set({
        state: decision === "include" ? "included" : "discarded",
        decided_at: by.now,
        decided_by: by.userId,
        response_id: responseId,
      })
      .where("id", "=", r.id)
      .execute();
    decided.push({ id: Number(r.id), receipt: r.receipt });
  }
  return decided;
}

/**
 * Answers of a survey submitted on the Vietnam days [fromDay, toDay] that are not in the counts:
 * `held`, still waiting for a person to review them, and `excluded`, discarded after review.
 * Included answers are counted like any other and appear in neither.
 */
export async function reviewCounts(
  db: Db,
  surveyId: string,
  fromDay: string,
  toDay: string,
): Promise<{ held: number; excluded: number }> {
  const row = await db
    .selectFrom("survey_held_response")
    .select([
      sql<number>`count(*) filter (where state = 'held')::int`.as("held"),
      sql<number>`count(*) filter (where state = 'discarded')::int`.as("excluded"),
    ])
    .where("survey_id", "=", surveyId)
    .where("created_at", ">=", vnDayStart(fromDay))
    .where("created_at", "<", vnDayStart(addDays(toDay, 1)))
    .executeTakeFirstOrThrow();
  return { held: Number(row.held), excluded: Number(row.excluded) };
}
