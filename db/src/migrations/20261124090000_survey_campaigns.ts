import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // One answer per browser per survey: the browser keeps a random device token; only its hash is
  // stored. A second submission from the same device edits the first instead of counting twice.
  await db.schema
    .alterTable("survey_response")
    .addColumn("device_hash", "text")
    .addColumn("updated_at", "timestamptz")
    .execute();
  await sql`create unique index survey_response_device_idx on survey_response (survey_id, device_hash)
    where device_hash is not null`.execute(db);

  // Drafts are edited in place until published; the time of the last edit is shown to staff.
  await db.schema.alterTable("survey_version").addColumn("updated_at", "timestamptz").execute();
  await sql`create unique index survey_version_one_draft_idx on survey_version (survey_id)
    where published_at is null`.execute(db);

  // Submissions refused before storing (honeypot, rate limit, invalid, closed), counted per day so
  // staff can see them; nothing about the person is kept.
  await db.schema
    .createTable("survey_rejection")
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("survey.id").onDelete("cascade"))
    .addColumn("link_id", "uuid", (c) => c.notNull().references("survey_link.id").onDelete("cascade"))
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("reason", "text", (c) =>
      c.notNull().check(sql`reason in ('honeypot', 'rate_limited', 'invalid', 'closed')`),
    )
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("survey_rejection_pk", ["survey_id", "link_id", "day", "reason"])
    .execute();
}
