import type { Kysely } from "kysely";
import { sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // One case per survey comment, even when two staff members open it at the same moment.
  await sql`create unique index petition_source_comment_idx on petition (source_response_id, source_question_id)
    where source_response_id is not null`.execute(db);
}
