import type { Kysely } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("petition")
    // The apology for a late case: when it was recorded as sent, its number and the new date promised.
    .addColumn("apology_sent_at", "timestamptz")
    .addColumn("apology_number", "text")
    .addColumn("apology_new_date", "date")
    .addColumn("apology_signer", "text")
    // Reminders are sent once each: two working days before the deadline, and on the day it is missed.
    .addColumn("reminded_due_soon_at", "timestamptz")
    .addColumn("reminded_overdue_at", "timestamptz")
    .execute();
}
