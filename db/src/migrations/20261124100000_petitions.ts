import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Working-day calendar: national entries (unit_id null) and a unit's own, inherited down the tree.
  await db.schema
    .createTable("calendar_day")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("unit_id", "uuid", (c) => c.references("unit.id").onDelete("cascade"))
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('holiday', 'day_off', 'working_day')`))
    .addColumn("name", "text", (c) => c.notNull())
    .execute();
  await sql`create unique index calendar_day_unit_day_idx
    on calendar_day (coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), day)`.execute(db);

  // Reflections, recommendations, suggestions, questions, complaints and denunciations. Contact
  // details live apart (petition_contact) so that they can be shown to fewer people and erased
  // while the case and its figures stay.
  await db.schema
    .createTable("petition")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("unit.id"))
    .addColumn("tracking_code", "text", (c) => c.notNull().unique())
    .addColumn("submission_id", "uuid", (c) => c.unique())
    .addColumn("kind", "text", (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('reflection', 'recommendation', 'suggestion', 'question', 'complaint', 'denunciation')`,
        ),
    )
    .addColumn("channel", "text", (c) =>
      c
        .notNull()
        .check(sql`channel in ('web', 'paper', 'phone', 'email', 'in_person', 'survey_comment', 'open311')`),
    )
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("received"))
    .addColumn("consent_contact", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("consent_publish", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("received_at", "timestamptz", (c) => c.notNull())
    .addColumn("acknowledge_by", "timestamptz", (c) => c.notNull())
    .addColumn("answer_by", "timestamptz", (c) => c.notNull())
    .addColumn("acknowledged_at", "timestamptz")
    .addColumn("answered_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    // Stamped when it happens; later calendar edits never rewrite it.
    .addColumn("acknowledge_outcome", "text", (c) =>
      c.check(sql`acknowledge_outcome in ('early', 'on_time', 'late')`),
    )
    .addColumn("outcome", "text", (c) => c.check(sql`outcome in ('early', 'on_time', 'late')`))
    .addColumn("paused_at", "timestamptz")
    .addColumn("assignee_user_id", "uuid", (c) => c.references("app_user.id"))
    .addColumn("assignee_unit_id", "uuid", (c) => c.references("unit.id"))
    .addColumn("answer", "text")
    .addColumn("rating", "text", (c) => c.check(sql`rating in ('satisfied', 'not_satisfied')`))
    .addColumn("rating_reason", "text")
    .addColumn("rated_at", "timestamptz")
    .addColumn("forwarded_to", "text")
    .addColumn("reject_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("petition_unit_state_idx")
    .on("petition")
    .columns(["unit_id", "state"])
    .execute();
  await db.schema
    .createIndex("petition_unit_received_idx")
    .on("petition")
    .columns(["unit_id", "received_at"])
    .execute();

  await db.schema
    .createTable("petition_contact")
    .addColumn("petition_id", "uuid", (c) => c.primaryKey().references("petition.id").onDelete("cascade"))
    .addColumn("name", "text")
    .addColumn("phone", "text")
    .addColumn("email", "text")
    .execute();

  // The case's history: public entries are shown on the tracking page, internal notes never.
  await db.schema
    .createTable("petition_event")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("petition_id", "uuid", (c) => c.notNull().references("petition.id").onDelete("cascade"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull().check(sql`actor in ('staff', 'citizen', 'system')`))
    .addColumn("actor_user_id", "uuid", (c) => c.references("app_user.id"))
    .addColumn("event", "text", (c) => c.notNull())
    .addColumn("from_state", "text")
    .addColumn("to_state", "text")
    .addColumn("public", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("note", "text")
    .execute();
  await db.schema
    .createIndex("petition_event_petition_idx")
    .on("petition_event")
    .columns(["petition_id", "at"])
    .execute();
}
