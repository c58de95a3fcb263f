import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Keys for Open311 GeoReport v2 clients (a provincial portal, a city app), one unit each;
  // only a hash of the key is kept.
  await db.schema
    .createTable("open311_key")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("unit.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  // Where a request is about, when an Open311 client gives it (else the unit's address applies).
  await db.schema
    .alterTable("petition")
    .addColumn("lat", "double precision")
    .addColumn("long", "double precision")
    .addColumn("address", "text")
    .execute();
}
