import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Personal data is erased on request or after the unit's retention period; the case, its dates
  // and outcome stay for the statistics.
  await db.schema.alterTable("petition").addColumn("anonymized_at", "timestamptz").execute();
  await db.schema
    .alterTable("unit")
    .addColumn("retention_years", "integer", (c) =>
      c.notNull().defaultTo(5).check(sql`retention_years between 1 and 20`),
    )
    .execute();
}
