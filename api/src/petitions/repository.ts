import type { Database } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import { type DayKind, WorkCalendar } from "./calendar.ts";
import type { KindRules, PetitionKind } from "./deadlines.ts";
import type { CaseFacts, Targets } from "./figures.ts";
import { type NationalOverride, nationalLookup } from "./official-days.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** The platform superadmin's corrections of the national calendar (rows with no unit). */
export async function loadNationalOverrides(db: Db): Promise<NationalOverride[]> {
  const rows = await sql<NationalOverride>`
    select to_char(day, 'YYYY-MM-DD') as day, kind, name, reference from calendar_day where unit_id is null
    order by day`.execute(db);
  return rows.rows;
}

/**
 * The national lookup for the last set of overrides seen. Computing a year's statutory days takes a
 * few milliseconds of lunar astronomy, and every case registered or moved loads a calendar; the
 * overrides change a few times a year, so one cached lookup (keyed by their content) serves them all.
 */
let nationalCache: { key: string; lookup: (day: string) => DayKind | undefined } | undefined;
function cachedNationalLookup(overrides: NationalOverride[]): (day: string) => DayKind | undefined {
  const key = JSON.stringify(overrides);
  if (nationalCache?.key !== key) nationalCache = { key, lookup: nationalLookup(overrides) };
  return nationalCache.lookup;
}

/**
 * The calendar that applies to a unit: the national days (the law's, computed for any year, the
 * announced decisions and the superadmin's corrections), then those of each ancestor, then its own;
 * the nearest unit's entry for a day wins.
 */
export async function loadCalendar(db: Db, unitId: string): Promise<WorkCalendar> {
  const [overrides, rows] = await Promise.all([
    loadNationalOverrides(db),
    sql<{ day: string; kind: DayKind }>`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 0 from unit where id = ${unitId}
      union all
      select u.id, u.parent_id, chain.depth + 1 from unit u join chain on u.id = chain.parent_id
    )
    select to_char(d.day, 'YYYY-MM-DD') as day, d.kind
    from calendar_day d join chain on chain.id = d.unit_id
    order by chain.depth desc`.execute(db),
  ]);
  const own = new Map<string, DayKind>();
  for (const row of rows.rows) own.set(row.day, row.kind); // nearest last, so it wins
  const national = cachedNationalLookup(overrides);
  return new WorkCalendar((day) => own.get(day) ?? national(day));
}

export interface PetitionSettings {
  rules: Partial<Record<PetitionKind, Partial<KindRules>>>;
  targets: Partial<Targets>;
  /** The unit itself is in a remote area: complaints get the law's longer limits. */
  remoteArea: boolean;
}

/**
 * A unit's petition settings: its own, else those of the nearest unit above it that has some
 * (a ward may set shorter limits for all its schools), else the defaults.
 */
export async function loadPetitionSettings(db: Db, unitId: string): Promise<PetitionSettings> {
  const rows = await sql<{
    petition_rules: unknown;
    petition_targets: unknown;
    remote_area: boolean;
    depth: number;
  }>`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 0 from unit where id = ${unitId}
      union all
      select u.id, u.parent_id, chain.depth + 1 from unit u join chain on u.id = chain.parent_id
    )
    select u.petition_rules, u.petition_targets, u.remote_area, chain.depth
    from chain join unit u on u.id = chain.id
    order by chain.depth`.execute(db);
  const rules = rows.rows.find((r) => r.petition_rules !== null)?.petition_rules;
  const targets = rows.rows.find((r) => r.petition_targets !== null)?.petition_targets;
  return {
    rules: (rules ?? {}) as PetitionSettings["rules"],
    targets: (targets ?? {}) as PetitionSettings["targets"],
    remoteArea: rows.rows[0]?.remote_area ?? false,
  };
}

/**
 * The stamped facts of the units' cases received before `end`, with each unit's calendar: what
 * `monthFigures` needs for the 100% dashboard and the monthly summary.
 */
export async function loadCaseFacts(
  db: Db,
  unitIds: string[],
  end: Date,
): Promise<{ facts: CaseFacts[]; calendarOf: (unitId: string) => WorkCalendar }> {
  const rows =
    unitIds.length === 0
      ? []
      : await db
          .selectFrom("petition")
          .selectAll()
          .where("unit_id", "in", unitIds)
          .where("received_at", "<", end)
          .execute();
  const calendars = new Map<string, WorkCalendar>();
  for (const id of new Set(rows.map((r) => r.unit_id))) calendars.set(id, await loadCalendar(db, id));
  const facts = rows.map(
    (p): CaseFacts => ({
      unitId: p.unit_id,
      state: p.state,
      receivedAt: p.received_at,
      acknowledgeBy: p.acknowledge_by,
      answerBy: p.answer_by,
      acknowledgedAt: p.acknowledged_at,
      acknowledgeOutcome: p.acknowledge_outcome,
      answeredAt: p.answered_at,
      outcome: p.outcome,
      pausedAt: p.paused_at,
      closedAt: p.closed_at,
      rating: p.rating,
      ratingReason: p.rating_reason,
      ratedAt: p.rated_at,
    }),
  );
  return { facts, calendarOf: (id) => calendars.get(id)! };
}
