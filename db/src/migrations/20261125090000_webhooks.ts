import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // A unit's subscriptions: events of the unit and of every unit below it are posted to `url`,
  // signed with `secret` (kept in clear: the service must sign with it; shown once at creation).
  await db.schema
    .createTable("webhook")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("unit.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("events", sql`text[]`, (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    // Internal webhooks (the unit's own systems) may carry personal data; set by an admin only.
    .addColumn("internal", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_by", "uuid", (c) => c.references("app_user.id"))
    .addColumn("disabled_at", "timestamptz")
    // Survey responses are announced in batches: the last response id already announced.
    .addColumn("responses_cursor", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index webhook_unit_idx on webhook (unit_id) where disabled_at is null`.execute(db);

  // Deliveries travel through the outbox (channel 'webhook', recipient = webhook id); every
  // attempt is logged for the console's delivery log.
  await sql`create index outbox_webhook_idx on outbox (recipient, id) where channel = 'webhook'`.execute(db);
  await db.schema
    .createTable("webhook_attempt")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("outbox_id", "bigint", (c) => c.notNull().references("outbox.id").onDelete("cascade"))
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("status_code", "integer")
    .addColumn("error", "text")
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .execute();
  await sql`create index webhook_attempt_outbox_idx on webhook_attempt (outbox_id, id)`.execute(db);
}
