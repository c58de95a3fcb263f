import type { Database } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The unit and every unit below it (a ward's schools, a department's wards and their schools).
 * Archived units below are left out unless `includeArchived` (a ward's inbox still holds the cases
 * of a school it archived).
 */
export async function subtreeIds(
  db: Db,
  unitId: string,
  options: { includeArchived?: boolean } = {},
): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with recursive sub(id) as (
      select id from unit where id = ${unitId}
      union all
      select u.id from unit u join sub on u.parent_id = sub.id
      where ${options.includeArchived ? sql`true` : sql`u.archived_at is null`}
    )
    select id from sub`.execute(db);
  return rows.rows.map((r) => r.id);
}
