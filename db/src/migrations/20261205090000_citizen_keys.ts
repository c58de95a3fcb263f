import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // The sender's secret for following, rating, reopening and withdrawing a case: only its hash is
  // kept. The tracking code alone is the case's reference for staff and opens nothing publicly,
  // except for cases registered before keys existed (their senders hold only the code).
  await db.schema.alterTable("petition").addColumn("citizen_key_hash", "text").execute();
  await db.schema
    .alterTable("petition")
    .addColumn("legacy_code_access", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`update petition set legacy_code_access = true`.execute(db);
}
