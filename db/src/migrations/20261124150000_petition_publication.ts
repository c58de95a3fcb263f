import type { Kysely } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("petition")
    // A redacted question and answer a staff member published (both sides consented).
    .addColumn("published_question", "text")
    .addColumn("published_answer", "text")
    .addColumn("published_at", "timestamptz")
    // The survey answer a case was opened from (channel survey_comment).
    .addColumn("source_response_id", "bigint", (c) => c.references("survey_response.id").onDelete("set null"))
    .addColumn("source_question_id", "text")
    .execute();
}
