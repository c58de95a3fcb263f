import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { loadAccess } from "../auth/access.ts";
import { resolveSession, SESSION_COOKIE } from "../auth/sessions.ts";
import { resolveApiToken } from "../auth/tokens.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/types.ts";

/**
 * Requires a signed-in staff member (session cookie, or a personal API token sent as
 * `Authorization: Bearer`) and derives, once per request, the set of units they may
 * see and do there (`c.var.access`). Every admin route sits behind it and `authorize`.
 */
export const requireSession = createMiddleware<AppEnv>(async function requireSession(c, next) {
  const { database, clock } = c.var.deps;
  const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const cookie = getCookie(c, SESSION_COOKIE);
  const user = bearer
    ? await resolveApiToken(database.db, bearer, clock.now())
    : cookie
      ? await resolveSession(database.db, cookie, clock.now())
      : undefined;
  if (!user) throw new AppError("unauthenticated", 401);
  c.set("user", user);
  c.set("authVia", bearer ? "token" : "session");
  c.set("access", await loadAccess(database.db, user.id, user.isSuperadmin));
  await next();
});
