import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { loadAccess } from "../auth/access.ts";
import { resolveSession, SESSION_COOKIE } from "../auth/sessions.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/types.ts";

/**
 * Requires a signed-in staff member and derives, once per request, the set of units they may
 * see and do there (`c.var.access`). Every admin route sits behind it and `authorize`.
 */
export const requireSession = createMiddleware<AppEnv>(async function requireSession(c, next) {
  const { database, clock } = c.var.deps;
  const token = getCookie(c, SESSION_COOKIE);
  const user = token ? await resolveSession(database.db, token, clock.now()) : undefined;
  if (!user) throw new AppError("unauthenticated", 401);
  c.set("user", user);
  c.set("access", await loadAccess(database.db, user.id, user.isSuperadmin));
  await next();
});
