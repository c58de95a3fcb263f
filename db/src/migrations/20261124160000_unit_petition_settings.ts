import type { Kysely } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // A unit's own petition settings: shorter time limits per kind (never longer than the law's) and
  // its targets for the dashboard. Null means the defaults (or the nearest unit above that set them).
  await db.schema
    .alterTable("unit")
    .addColumn("petition_rules", "jsonb")
    .addColumn("petition_targets", "jsonb")
    .execute();
}
