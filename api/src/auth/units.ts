import type { Database } from "@gopy/db";
import { type Kysely, sql } from "kysely";

/** The units a user may see: every unit they hold a role in, and all of its descendants. */
export async function visibleUnitIds(db: Kysely<Database>, userId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive visible(id) as (
      select unit_id from membership where user_id = ${userId}
      union
      select u.id from unit u join visible v on u.parent_id = v.id
    )
    select id from visible`.execute(db);
  return result.rows.map((r) => r.id);
}

export async function rolesOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("membership as m")
    .innerJoin("unit as u", "u.id", "m.unit_id")
    .select(["u.id as unitId", "u.name as unitName", "u.slug as unitSlug", "u.kind as unitKind", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("u.name")
    .execute();
}
