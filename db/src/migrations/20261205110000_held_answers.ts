import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Recent accepted answers of a survey by source, for the sliding windows of the proof-of-work
  // difficulty and of the burst detector. Holds no address: a keyed hash of it and its network
  // (/24 of IPv4, /48 of IPv6). Rows older than an hour are deleted as new answers arrive.
  await db.schema
    .createTable("survey_answer_source")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("survey.id").onDelete("cascade"))
    .addColumn("link_id", "uuid", (c) => c.notNull())
    .addColumn("address_hash", "text", (c) => c.notNull())
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("pattern_hash", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("survey_answer_source_address_idx")
    .on("survey_answer_source")
    .columns(["survey_id", "address_hash", "at"])
    .execute();
  await db.schema
    .createIndex("survey_answer_source_network_idx")
    .on("survey_answer_source")
    .columns(["survey_id", "network", "at"])
    .execute();
  await db.schema
    .createIndex("survey_answer_source_pattern_idx")
    .on("survey_answer_source")
    .columns(["survey_id", "pattern_hash", "at"])
    .execute();
  await db.schema
    .createIndex("survey_answer_source_link_idx")
    .on("survey_answer_source")
    .columns(["link_id", "at"])
    .execute();
  await db.schema
    .createIndex("survey_answer_source_at_idx")
    .on("survey_answer_source")
    .column("at")
    .execute();

  // Answers that arrived in a burst: kept apart from `survey_response` (so no count, rollup or
  // export sees them) until a person includes them (copied into `survey_response` with their
  // original time and receipt) or discards them (never counted).
  await db.schema
    .createTable("survey_held_response")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("submission_id", "uuid", (c) => c.notNull().unique())
    .addColumn("survey_id", "uuid", (c) => c.notNull().references("survey.id"))
    .addColumn("version_id", "uuid", (c) => c.notNull().references("survey_version.id"))
    .addColumn("link_id", "uuid", (c) => c.notNull().references("survey_link.id"))
    .addColumn("receipt", "text", (c) => c.notNull().unique())
    .addColumn("answers", "jsonb", (c) => c.notNull())
    .addColumn("device_hash", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    // Why it was held: 'address', 'network' or 'pattern', and the evidence of that source.
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("address_hash", "text", (c) => c.notNull())
    .addColumn("network", "text", (c) => c.notNull())
    .addColumn("pattern_hash", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("decided_at", "timestamptz")
    .addColumn("decided_by", "uuid", (c) => c.references("app_user.id"))
    .addColumn("response_id", "bigint", (c) => c.references("survey_response.id").onDelete("set null"))
    .addCheckConstraint("survey_held_response_state_ck", sql`state in ('held', 'included', 'discarded')`)
    .addCheckConstraint("survey_held_response_reason_ck", sql`reason in ('address', 'network', 'pattern')`)
    .execute();
  await db.schema
    .createIndex("survey_held_response_survey_idx")
    .on("survey_held_response")
    .columns(["survey_id", "state", "created_at"])
    .execute();
  await db.schema
    .createIndex("survey_held_response_device_idx")
    .on("survey_held_response")
    .columns(["survey_id", "device_hash"])
    .execute();
}
