import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // Photos and documents sent with a case. Uploaded first (petition_id null until the case that
  // names them is submitted), kept in the database so a backup holds everything, never served
  // publicly.
  await db.schema
    .createTable("petition_attachment")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("unit_id", "uuid", (c) => c.notNull().references("unit.id"))
    .addColumn("petition_id", "uuid", (c) => c.references("petition.id").onDelete("cascade"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) =>
      c.notNull().check(sql`media_type in ('image/jpeg', 'image/png', 'application/pdf')`),
    )
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("data", "bytea", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.notNull().check(sql`uploaded_by in ('citizen', 'staff')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("petition_attachment_petition_idx")
    .on("petition_attachment")
    .column("petition_id")
    .execute();
}
