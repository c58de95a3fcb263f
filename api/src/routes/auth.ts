import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { rolesOf } from "../auth/access.ts";
import { hashPassword, normalizeEmail, verifyPassword } from "../auth/password.ts";
import { createSession, deleteSession, SESSION_ABSOLUTE_MS, SESSION_COOKIE } from "../auth/sessions.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http/types.ts";
import { validate } from "../http/validate.ts";
import { requireSession } from "../middleware/session.ts";

const ZLogin = z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(1024) });

// Verifying against a real hash when the account does not exist keeps the response time the same,
// so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

export const authRoutes = new Hono<AppEnv>()
  .post("/login", validate("json", ZLogin), async (c) => {
    const { database, clock, config } = c.var.deps;
    const { email, password } = c.req.valid("json");
    const user = await database.db
      .selectFrom("app_user")
      .select(["id", "email", "display_name", "password_hash", "disabled_at"])
      .where("email", "=", normalizeEmail(email))
      .executeTakeFirst();
    dummyHash ??= hashPassword("not-a-real-password");
    const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
    if (!user || !valid || user.disabled_at !== null) throw new AppError("invalid_credentials", 401);

    // A new session id at every sign-in (no fixation); an older cookie on this browser is dropped.
    const old = getCookie(c, SESSION_COOKIE);
    if (old) await deleteSession(database.db, old);
    const token = await createSession(database.db, user.id, clock.now());
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: "Lax",
      path: "/",
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });
    c.var.logger.info({ userId: user.id }, "signed in");
    return c.json({ user: { id: user.id, email: user.email, displayName: user.display_name } }, 200);
  })
  .post("/logout", async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.var.deps.database.db, token);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: c.var.deps.config.secureCookies });
    return c.body(null, 204);
  })
  .get("/me", requireSession, async (c) => {
    const user = c.var.user;
    const roles = await rolesOf(c.var.deps.database.db, user.id);
    return c.json({
      user: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        isSuperadmin: user.isSuperadmin,
      },
      roles,
    });
  });
