import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Per-day answer counts of each survey, link and question: summaries read these instead of
  // scanning raw responses. A day is rolled up once it is over (Vietnam time); an edit of an answer
  // of a rolled-up day marks that day stale so the next run recounts it. Only choice answers are
  // counted (never free text). `question_id = ''` rows count the responses themselves.
  await db.schema
    .createTable("survey_day_rollup")
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("survey.id"))
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("link_id", "uuid", (c) => c.notNull())
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("survey_day_rollup_pk", ["survey_id", "day", "link_id", "question_id", "value"])
    .execute();
  await db.schema
    .createTable("survey_day_rollup_state")
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("survey.id"))
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("computed_at", "timestamptz", (c) => c.notNull())
    .addColumn("stale", "boolean", (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint("survey_day_rollup_state_pk", ["survey_id", "day"])
    .execute();

  // Administrative procedures of the month (from the one-stop system), typed in or imported.
  await db.schema
    .createTable("procedure_month")
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("unit.id"))
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("received", "integer", (c) => c.notNull())
    .addColumn("resolved_early", "integer", (c) => c.notNull())
    .addColumn("resolved_on_time", "integer", (c) => c.notNull())
    .addColumn("resolved_late", "integer", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_by", "uuid", (c) => c.references("app_user.id"))
    .addPrimaryKeyConstraint("procedure_month_pk", ["unit_id", "month"])
    .execute();

  // Monthly summaries: one draft at a time per unit and month (made by the month-end job or on
  // request), reviewed and published as numbered revisions. A published revision never changes.
  await db.schema
    .createTable("monthly_summary")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("unit.id"))
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn("revision", "integer")
    .addColumn("figures", "jsonb", (c) => c.notNull())
    .addColumn("commentary", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("changes", "text")
    .addColumn("options", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id"))
    .addColumn("published_at", "timestamptz")
    .addColumn("published_by", "uuid", (c) => c.references("app_user.id"))
    .execute();
  await sql`create unique index monthly_summary_draft_idx on monthly_summary (unit_id, month) where status = 'draft'`.execute(
    db,
  );
  await sql`create unique index monthly_summary_revision_idx on monthly_summary (unit_id, month, revision)
    where status = 'published'`.execute(db);
  await sql`
    create function monthly_summary_published_is_frozen() returns trigger language plpgsql as $$
    begin
      if old.status = 'published' then
        raise exception 'a published summary never changes: publish a new revision instead';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$`.execute(db);
  await sql`
    create trigger monthly_summary_frozen before update or delete on monthly_summary
    for each row execute function monthly_summary_published_is_frozen()`.execute(db);

  // Runs of scheduled jobs: one row per job and period, claimed before running, so a period is done
  // once however many servers run the job, and a missed period is caught up.
  await db.schema
    .createTable("job_run")
    .addColumn("job", "text", (c) => c.notNull())
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("claimed_until", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('running', 'ok', 'failed')`))
    .addColumn("duration_ms", "integer")
    .addColumn("details", "jsonb")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint("job_run_pk", ["job", "period"])
    .execute();

  // When each unit wants its summary drafted (hour of the last day of the month, Vietnam time) and
  // its satisfaction target (the Ministry of Education's plan: at least 85% by 2025).
  await db.schema
    .alterTable("unit")
    .addColumn("report_settings", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
}
