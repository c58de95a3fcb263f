import type { Database } from "@gopy/db";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Kysely } from "kysely";
import type { Action } from "../auth/permissions.ts";
import { AppError, notFound } from "../errors.ts";
import type { AppEnv } from "../http/types.ts";

/**
 * Finds the unit a request acts on: its id, undefined when the target does not exist, or null for
 * "the top of the tree" (only a platform superadmin acts there).
 */
export type UnitOf = (c: Context<AppEnv>) => Promise<string | null | undefined> | string | null | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The unit named by the `:unitId` route parameter. */
export const unitParam: UnitOf = (c) => {
  const id = c.req.param("unitId");
  return id && UUID.test(id) ? id.toLowerCase() : undefined;
};

/**
 * The one authorisation check of the admin API. With a target, the person must see the target's
 * unit (else 404: a unit outside one's tree does not exist for them) and hold a role there that
 * allows `action` (else 403). Without a target (lists), the action must be allowed somewhere, and
 * the handler filters by `c.var.access.unitsWhere(action)`.
 *
 * @example
 * app.patch("/:unitId", authorize("units.manage", unitParam), handler)
 */
export function authorize(action: Action, target?: UnitOf) {
  return createMiddleware<AppEnv>(async function authorize(c, next) {
    const access = c.var.access;
    if (target) {
      const unitId = await target(c);
      if (unitId === null) {
        if (!access.isSuperadmin) throw new AppError("top_level_unit", 403);
        return next();
      }
      if (unitId === undefined || !access.canSee(unitId)) throw notFound();
      // A superadmin "sees" every id, including ids of no unit: those are 404 too, never a 500 later.
      if (access.isSuperadmin && !(await unitExists(c.var.deps.database.db, unitId))) throw notFound();
      if (!access.can(action, unitId)) throw new AppError("forbidden", 403);
    } else if (!access.canAnywhere(action)) {
      throw new AppError("forbidden", 403);
    }
    await next();
  });
}

/** The unit named by a `parentId` in the JSON body (run after `validate("json", …)`). */
export const parentInBody: UnitOf = async (c) => {
  const body = (await c.req.json()) as { parentId?: unknown };
  if (body.parentId === null) return null;
  return typeof body.parentId === "string" && UUID.test(body.parentId)
    ? body.parentId.toLowerCase()
    : undefined;
};

export { UUID };

/** Whether a unit with this id exists (archived or not). */
export async function unitExists(db: Kysely<Database>, unitId: string): Promise<boolean> {
  const row = await db.selectFrom("unit").select("id").where("id", "=", unitId).executeTakeFirst();
  return row !== undefined;
}
