import type { Database } from "@gopy/db";
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { type PeriodicJob, startPeriodic } from "../periodic.ts";
import { monthBounds } from "../petitions/figures.ts";
import { vnDay } from "../time.ts";
import { latestRevision, makeDraft } from "./publishing.ts";
import { sendReportReminders } from "./report-reminders.ts";
import { rollupDueDays } from "./rollup.ts";

export const MONTH_END_JOB = "month_end";
/** How long a run may hold its claim; a server that died mid-run leaves it to the next tick after this. */
const CLAIM_MS = 15 * 60_000;
/** Months looked back for a run that was missed (the service was down on a month's last day). */
const CATCH_UP_MONTHS = 3;

const previousMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

/** When a month's drafts are due: its last day at `hour` o'clock, Vietnam time. */
export function draftDueAt(month: string, hour: number): Date {
  const { end } = monthBounds(month);
  return new Date(end.getTime() - 24 * 3600_000 + hour * 3600_000);
}

/** The months whose drafts are due at `now` and may still be missing, newest first. */
export function dueMonths(now: Date, hour: number): string[] {
  let month = vnDay(now).slice(0, 7);
  if (now < draftDueAt(month, hour)) month = previousMonth(month);
  const months: string[] = [];
  for (let i = 0; i < CATCH_UP_MONTHS; i++, month = previousMonth(month)) months.push(month);
  return months;
}

/** Claims the job's run for a period; false when it is done or another server is running it. */
async function claim(db: Kysely<Database>, period: string, now: Date): Promise<boolean> {
  const claimed = await sql<{ period: string }>`
    insert into job_run (job, period, started_at, claimed_until, outcome)
    values (${MONTH_END_JOB}, ${period}, ${now}, ${new Date(now.getTime() + CLAIM_MS)}, 'running')
    on conflict (job, period) do update
      set started_at = excluded.started_at, claimed_until = excluded.claimed_until, outcome = 'running',
        finished_at = null, attempts = job_run.attempts + 1
      where job_run.outcome = 'failed' or (job_run.outcome = 'running' and job_run.claimed_until < ${now})
    returning period`.execute(db);
  return claimed.rows.length > 0;
}

export interface MonthEndResult {
  month: string;
  units: number;
  drafted: number;
  skipped: number;
}

/**
 * Drafts the month's summary for every unit (schools, wards, departments) that has none yet: a
 * unit whose month already has a draft or a published revision is left alone, so a run that died
 * half-way is simply run again. Returns what it did.
 */
export async function draftMonth(db: Kysely<Database>, month: string, now: Date): Promise<MonthEndResult> {
  const units = await db
    .selectFrom("unit")
    .select("id")
    .where("archived_at", "is", null)
    .where("kind", "!=", "team")
    .orderBy("id")
    .execute();
  let drafted = 0;
  for (const { id } of units) {
    const draft = await db
      .selectFrom("monthly_summary")
      .select("id")
      .where("unit_id", "=", id)
      .where("month", "=", month)
      .where("status", "=", "draft")
      .executeTakeFirst();
    if (draft || (await latestRevision(db, id, month))) continue;
    await makeDraft(db, id, month, now, null);
    drafted++;
  }
  return { month, units: units.length, drafted, skipped: units.length - drafted };
}

/**
 * One tick of the month-end job: brings the per-day rollups up to date, then, for each due month
 * not done yet (including months missed while the service was down), claims the run, drafts the
 * summaries and records when, how long and how it ended. Safe with several servers: each month is
 * claimed by one of them; a claim left by a crashed server expires and is taken again.
 */
export async function runMonthEnd(
  db: Kysely<Database>,
  now: Date,
  hour: number,
  logger: Logger,
  publicBaseUrl = "",
): Promise<MonthEndResult[]> {
  await rollupDueDays(db, now);
  const reminded = await sendReportReminders(db, now, publicBaseUrl);
  if (reminded > 0) logger.info({ reminded }, "report due reminders queued");
  // Months that ended before the service held any unit have nothing to report.
  const first = await db.selectFrom("unit").select(sql<Date>`min(created_at)`.as("at")).executeTakeFirst();
  if (!first?.at) return [];
  const done: MonthEndResult[] = [];
  const months = dueMonths(now, hour).filter((m) => monthBounds(m).end > first.at);
  for (const month of months.reverse()) {
    if (!(await claim(db, month, now))) continue;
    const started = performance.now();
    try {
      const result = await draftMonth(db, month, now);
      await db
        .updateTable("job_run")
        .set({
          outcome: "ok",
          finished_at: new Date(now.getTime() + Math.round(performance.now() - started)),
          duration_ms: Math.round(performance.now() - started),
          details: JSON.stringify(result),
        })
        .where("job", "=", MONTH_END_JOB)
        .where("period", "=", month)
        .execute();
      logger.info(result, "month-end drafts made");
      done.push(result);
    } catch (error) {
      await db
        .updateTable("job_run")
        .set({
          outcome: "failed",
          finished_at: now,
          duration_ms: Math.round(performance.now() - started),
          details: JSON.stringify({ error: error instanceof Error ? error.message : String(error) }),
        })
        .where("job", "=", MONTH_END_JOB)
        .where("period", "=", month)
        .execute();
      logger.error({ err: error, month }, "month-end job failed");
    }
  }
  return done;
}

/** Runs the month-end job at start and every `intervalMs` (five minutes by default). */
export function startMonthEndJob(
  db: Kysely<Database>,
  clock: Clock,
  hour: number,
  publicBaseUrl: string,
  logger: Logger,
  intervalMs = 5 * 60_000,
): PeriodicJob {
  return startPeriodic(() => runMonthEnd(db, clock.now(), hour, logger, publicBaseUrl), {
    intervalMs,
    logger,
    failure: "month-end tick failed",
    immediately: true,
  });
}
