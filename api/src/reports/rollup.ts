import type { Database } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import { addDays } from "../petitions/calendar.ts";
import { allQuestions, type TSurveyDefinition } from "../surveys/definition.ts";
import { vnDay, vnDayStart } from "../time.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** One aggregated cell: answers `value` to `questionId` through `linkId` ('' / '' = responses). */
export interface CountRow {
  linkId: string;
  questionId: string;
  value: string;
  count: number;
}

const nextDay = (day: string) => addDays(day, 1);

/** The ids of the questions whose answers are counted: every question that is never free text. */
export async function countedQuestionIds(db: Db, surveyId: string): Promise<string[]> {
  const versions = await db
    .selectFrom("survey_version")
    .select("definition")
    .where("survey_id", "=", surveyId)
    .execute();
  const text = new Set<string>();
  const counted = new Set<string>();
  for (const v of versions) {
    for (const q of allQuestions(v.definition as TSurveyDefinition)) {
      (q.type === "text" ? text : counted).add(q.id);
    }
  }
  return [...counted].filter((id) => !text.has(id));
}

/**
 * Counts the answers of responses created in [from, to): per link, question and answer value, plus
 * the responses per link (question '' and value ''). Multi-choice answers count each option.
 */
async function aggregate(
  db: Db,
  surveyId: string,
  from: Date,
  to: Date,
  keys: string[],
): Promise<CountRow[]> {
  if (keys.length === 0) keys = [""];
  const rows = await sql<{ link_id: string; question_id: string; value: string; count: number }>`
    select r.link_id, a.key as question_id, a.val as value, count(*)::int as count
    from survey_response r
    cross join lateral (
      select kv.key, e.value #>> '{}' as val
      from jsonb_each(r.answers) kv
      cross join lateral jsonb_array_elements(
        case when jsonb_typeof(kv.value) = 'array' then kv.value else jsonb_build_array(kv.value) end
      ) e
      where kv.key = any(${keys}::text[]) and jsonb_typeof(e.value) in ('number', 'string', 'boolean')
    ) a
    where r.survey_id = ${surveyId} and r.created_at >= ${from} and r.created_at < ${to}
    group by r.link_id, a.key, a.val
    union all
    select r.link_id, '' as question_id, '' as value, count(*)::int as count
    from survey_response r
    where r.survey_id = ${surveyId} and r.created_at >= ${from} and r.created_at < ${to}
    group by r.link_id`.execute(db);
  return rows.rows.map((r) => ({
    linkId: r.link_id,
    questionId: r.question_id,
    value: r.value,
    count: r.count,
  }));
}

/**
 * Recounts one finished day of a survey into `survey_day_rollup`, replacing what was there. The
 * state row is written first: it locks the day, so two servers recounting it take turns.
 */
export async function rollupDay(
  db: Kysely<Database>,
  surveyId: string,
  day: string,
  now: Date,
): Promise<void> {
  const keys = await countedQuestionIds(db, surveyId);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("survey_day_rollup_state")
      .values({ survey_id: surveyId, day, computed_at: now, stale: false })
      .onConflict((oc) => oc.columns(["survey_id", "day"]).doUpdateSet({ computed_at: now, stale: false }))
      .execute();
    await trx
      .deleteFrom("survey_day_rollup")
      .where("survey_id", "=", surveyId)
      .where("day", "=", day)
      .execute();
    const rows = await aggregate(trx, surveyId, vnDayStart(day), vnDayStart(nextDay(day)), keys);
    if (rows.length > 0) {
      await trx
        .insertInto("survey_day_rollup")
        .values(
          rows.map((r) => ({
            survey_id: surveyId,
            day,
            link_id: r.linkId,
            question_id: r.questionId,
            value: r.value,
            count: r.count,
          })),
        )
        .execute();
    }
  });
}

/**
 * Rolls up every finished day that is not rolled up yet or was marked stale by an edit, oldest
 * first, at most `maxDays` per call (the job calls again). Returns the number of days counted.
 */
export async function rollupDueDays(db: Kysely<Database>, now: Date, maxDays = 500): Promise<number> {
  const today = vnDay(now);
  const surveys = await sql<{ survey_id: string; first_at: Date }>`
    select s.id as survey_id,
      (select min(r.created_at) from survey_response r where r.survey_id = s.id) as first_at
    from survey s`.execute(db);
  const due: { surveyId: string; day: string }[] = [];
  for (const s of surveys.rows) {
    if (!s.first_at) continue;
    const states = await db
      .selectFrom("survey_day_rollup_state")
      .select(["day", "stale"])
      .where("survey_id", "=", s.survey_id)
      .execute();
    const fresh = new Set(states.filter((st) => !st.stale).map((st) => st.day));
    for (let day = vnDay(s.first_at); day < today && due.length < maxDays; day = nextDay(day)) {
      if (!fresh.has(day)) due.push({ surveyId: s.survey_id, day });
    }
    if (due.length >= maxDays) break;
  }
  for (const { surveyId, day } of due) await rollupDay(db, surveyId, day, now);
  return due.length;
}

/** An edited answer changes a day already counted: that day is counted again at the next run. */
export async function markDayStale(db: Db, surveyId: string, createdAt: Date): Promise<void> {
  await db
    .updateTable("survey_day_rollup_state")
    .set({ stale: true })
    .where("survey_id", "=", surveyId)
    .where("day", "=", vnDay(createdAt))
    .execute();
}

/**
 * A survey's counts for the days [fromDay, toDay] up to `until`: fresh rolled-up days are read
 * from the rollup; the rest (today, or days the job has not reached) are counted from responses.
 */
export async function surveyCounts(
  db: Db,
  surveyId: string,
  fromDay: string,
  toDay: string,
  until: Date,
): Promise<CountRow[]> {
  const fresh = new Set(
    (
      await db
        .selectFrom("survey_day_rollup_state")
        .select("day")
        .where("survey_id", "=", surveyId)
        .where("day", ">=", fromDay)
        .where("day", "<=", toDay)
        .where("stale", "=", false)
        .execute()
    ).map((r) => r.day),
  );
  const rolled =
    fresh.size === 0
      ? []
      : await db
          .selectFrom("survey_day_rollup")
          .select(["link_id", "question_id", "value", sql<number>`sum(count)::int`.as("count")])
          .where("survey_id", "=", surveyId)
          .where("day", "in", [...fresh])
          .groupBy(["link_id", "question_id", "value"])
          .execute();
  const totals = new Map<string, CountRow>();
  const add = (row: CountRow) => {
    const key = `${row.linkId}\u0000${row.questionId}\u0000${row.value}`;
    const seen = totals.get(key);
    if (seen) seen.count += row.count;
    else totals.set(key, { ...row });
  };
  for (const r of rolled)
    add({ linkId: r.link_id, questionId: r.question_id, value: r.value, count: r.count });

  // Consecutive runs of days that are not rolled up are counted live, one query per run.
  const keys = await countedQuestionIds(db, surveyId);
  const lastDay = vnDay(until) < toDay ? vnDay(until) : toDay;
  let runStart: string | null = null;
  const flush = async (endDay: string) => {
    if (runStart === null) return;
    // `until` itself is included: an answer stamped at this very instant is counted.
    const to = new Date(Math.min(vnDayStart(nextDay(endDay)).getTime(), until.getTime() + 1));
    for (const row of await aggregate(db, surveyId, vnDayStart(runStart), to, keys)) add(row);
    runStart = null;
  };
  let previous = fromDay;
  for (let day = fromDay; day <= lastDay; day = nextDay(day)) {
    if (fresh.has(day)) await flush(previous);
    else runStart ??= day;
    previous = day;
  }
  await flush(lastDay);
  return [...totals.values()];
}
