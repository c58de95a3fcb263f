import { type Kysely, sql } from "kysely";

// Frozen: never edit after release, never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  // The national calendar is computed for any year (the Labour Code's holidays) and overlaid with the
  // announced decisions shipped with each release; rows with no unit are now only the platform
  // superadmin's corrections, `removed` taking a computed or announced day away. The rows an earlier
  // release seeded for 2025-2027 are superseded by the computed calendar and are dropped.
  await sql`delete from calendar_day where unit_id is null`.execute(db);
  await sql`delete from app_meta where key like 'calendar_seeded_%'`.execute(db);
  await sql`alter table calendar_day drop constraint calendar_day_kind_check`.execute(db);
  await sql`alter table calendar_day add constraint calendar_day_kind_check
    check (kind in ('holiday', 'day_off', 'working_day') or (kind = 'removed' and unit_id is null))`.execute(
    db,
  );
  await db.schema.alterTable("calendar_day").addColumn("reference", "text").execute();

  // Complaints in remote areas have longer legal limits (Law on Complaints 2011, art. 28).
  await db.schema
    .alterTable("unit")
    .addColumn("remote_area", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  // Structured facts of an event that later computations replay (an extension's reason and days,
  // the deadlines a calendar change moved).
  await db.schema.alterTable("petition_event").addColumn("details", "jsonb").execute();
}
