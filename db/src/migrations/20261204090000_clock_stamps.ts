import type { Kysely } from "kysely";

/**
 * Every timestamp the service later reasons about (month ends, deadlines, retention, rate windows)
 * is written by the application from its injected clock. The database's `now()` defaults let an
 * insert silently take the machine's time instead, which made behaviour depend on the day a test
 * ran: they are dropped, so a write that forgets its stamp fails loudly (NOT NULL).
 */
const STAMPS: ReadonlyArray<readonly [table: string, column: string]> = [
  ["app_meta", "updated_at"],
  ["unit", "created_at"],
  ["app_user", "created_at"],
  ["membership", "created_at"],
  ["session", "created_at"],
  ["session", "last_seen_at"],
  ["survey", "created_at"],
  ["survey_version", "created_at"],
  ["survey_link", "created_at"],
  ["survey_response", "created_at"],
  ["audit_log", "at"],
  ["api_token", "created_at"],
  ["outbox", "created_at"],
  ["outbox", "next_attempt_at"],
  ["password_link", "created_at"],
  ["petition", "created_at"],
  ["petition", "updated_at"],
  ["petition_attachment", "created_at"],
  ["open311_key", "created_at"],
  ["webhook", "created_at"],
];

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of STAMPS) {
    await db.schema
      .alterTable(table)
      .alterColumn(column, (c) => c.dropDefault())
      .execute();
  }
}
