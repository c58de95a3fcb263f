import type { Database } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import { WorkCalendar } from "./calendar.ts";
import type { KindRules, PetitionKind } from "./deadlines.ts";
import type { CaseFacts, Targets } from "./figures.ts";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The calendar that applies to a unit: the national days, then those of each ancestor, then its
 * own; the nearest unit's entry for a day wins.
 */
export async function loadCalendar(db: Db, unitId: string): Promise<WorkCalendar> {
  const rows = await sql<{ day: string; kind: "holiday" | "day_off" | "working_day"; depth: number }>`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 0 from unit where id = ${unitId}
      union all
      select u.id, u.parent_id, chain.depth + 1 from unit u join chain on u.id = chain.parent_id
    )
    select to_char(d.day, 'YYYY-MM-DD') as day, d.kind, coalesce(chain.depth, 1000000) as depth
    from calendar_day d left join chain on chain.id = d.unit_id
    where d.unit_id is null or chain.id is not null
    order by depth desc`.execute(db);
  const byDay = new Map<string, "holiday" | "day_off" | "working_day">();
  for (const row of rows.rows) byDay.set(row.day, row.kind); // nearest last, so it wins
  const pick = (kind: string) => [...byDay].filter(([, k]) => k === kind).map(([day]) => day);
  return new WorkCalendar({
    holidays: pick("holiday"),
    daysOff: pick("day_off"),
    workingDays: pick("working_day"),
  });
}

export interface PetitionSettings {
  rules: Partial<Record<PetitionKind, Partial<KindRules>>>;
  targets: Partial<Targets>;
}

/**
 * A unit's petition settings: its own, else those of the nearest unit above it that has some
 * (a ward may set shorter limits for all its schools), else the defaults.
 */
export async function loadPetitionSettings(db: Db, unitId: string): Promise<PetitionSettings> {
  const rows = await sql<{ petition_rules: unknown; petition_targets: unknown; depth: number }>`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 0 from unit where id = ${unitId}
      union all
      select u.id, u.parent_id, chain.depth + 1 from unit u join chain on u.id = chain.parent_id
    )
    select u.petition_rules, u.petition_targets, chain.depth
    from chain join unit u on u.id = chain.id
    order by chain.depth`.execute(db);
  const rules = rows.rows.find((r) => r.petition_rules !== null)?.petition_rules;
  const targets = rows.rows.find((r) => r.petition_targets !== null)?.petition_targets;
  return {
    rules: (rules ?? {}) as PetitionSettings["rules"],
    targets: (targets ?? {}) as PetitionSettings["targets"],
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
      rating: p.rating,
      ratingReason: p.rating_reason,
      ratedAt: p.rated_at,
    }),
  );
  return { facts, calendarOf: (id) => calendars.get(id)! };
}
