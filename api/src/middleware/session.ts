import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { resolveSession, SESSION_COOKIE } from "../auth/sessions.ts";
import { visibleUnitIds } from "../auth/units.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/types.ts";

/**
 * Requires a signed-in staff member and derives, once per request, the set of units they may
 * see. Every admin route sits behind it; handlers filter by `c.var.unitIds`.
 */
export const requireSession = createMiddleware<AppEnv>(async function requireSession(c, next) {
  const { database, clock } = c.var.deps;
  const token = getCookie(c, SESSION_COOKIE);
  const user = token ? await resolveSession(database.db, token, clock.now()) : undefined;
  if (!user) throw new AppError("unauthenticated", 401);
  c.set("user", user);
  c.set("unitIds", user.isSuperadmin ? "all" : await visibleUnitIds(database.db, user.id));
  await next();
});
