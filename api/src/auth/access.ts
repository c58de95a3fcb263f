import type { Database, Role } from "@gopy/db";
import { type Kysely, sql } from "kysely";
import { type Action, roleAllows } from "./permissions.ts";

/**
 * What one signed-in person may do where: their roles, inherited from each unit they hold a role
 * in down to every descendant. Built once per request; every admin route asks it.
 */
export class Access {
  constructor(
    readonly isSuperadmin: boolean,
    private readonly rolesByUnit: Map<string, Set<Role>>,
  ) {}

  /** Units the person can see at all (any role). */
  visibleUnitIds(): string[] | "all" {
    return this.isSuperadmin ? "all" : [...this.rolesByUnit.keys()];
  }

  canSee(unitId: string): boolean {
    return this.isSuperadmin || this.rolesByUnit.has(unitId);
  }

  can(action: Action, unitId: string): boolean {
    if (this.isSuperadmin) return true;
    const roles = this.rolesByUnit.get(unitId);
    return roles !== undefined && [...roles].some((role) => roleAllows(role, action));
  }

  /** Units where `action` is allowed, for filtering lists. */
  unitsWhere(action: Action): string[] | "all" {
    if (this.isSuperadmin) return "all";
    return [...this.rolesByUnit]
      .filter(([, roles]) => [...roles].some((r) => roleAllows(r, action)))
      .map(([id]) => id);
  }

  /** True when `action` is allowed on at least one unit. */
  canAnywhere(action: Action): boolean {
    const units = this.unitsWhere(action);
    return units === "all" || units.length > 0;
  }
}

export async function loadAccess(
  db: Kysely<Database>,
  userId: string,
  isSuperadmin: boolean,
): Promise<Access> {
  const result = await sql<{ unit_id: string; role: Role }>`
    with recursive scoped(unit_id, role) as (
      select m.unit_id, m.role from membership m
      join unit u on u.id = m.unit_id
      where m.user_id = ${userId} and u.archived_at is null
      union
      select u.id, s.role from unit u join scoped s on u.parent_id = s.unit_id
      where u.archived_at is null
    )
    select unit_id, role from scoped`.execute(db);
  const rolesByUnit = new Map<string, Set<Role>>();
  for (const row of result.rows) {
    const roles = rolesByUnit.get(row.unit_id) ?? new Set<Role>();
    roles.add(row.role);
    rolesByUnit.set(row.unit_id, roles);
  }
  return new Access(isSuperadmin, rolesByUnit);
}

/** The roles a person holds, one per unit, for "who am I" answers. */
export async function rolesOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("membership as m")
    .innerJoin("unit as u", "u.id", "m.unit_id")
    .select(["u.id as unitId", "u.name as unitName", "u.slug as unitSlug", "u.kind as unitKind", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("u.name")
    .execute();
}
