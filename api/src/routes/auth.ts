import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { rolesOf } from "../auth/access.ts";
import { consumePasswordLink, createPasswordLink, passwordLinkUrl, sha256 } from "../auth/links.ts";
import { hashPassword, normalizeEmail, verifyPassword } from "../auth/password.ts";
import { checkNewPassword } from "../auth/password-policy.ts";
import { createSession, deleteSession, SESSION_ABSOLUTE_MS, SESSION_COOKIE } from "../auth/sessions.ts";
import { AppError, validationFailed } from "../errors.ts";
import { clientIp } from "../http/client-ip.ts";
import type { AppEnv } from "../http/types.ts";
import { validate } from "../http/validate.ts";
import { requireSession } from "../middleware/session.ts";
import { enqueueMessage } from "../outbox/outbox.ts";
import { type Limit, RateLimiter } from "../rate-limit.ts";

const ZEmail = z.email().max(254);
const ZLogin = z.strictObject({ email: ZEmail, password: z.string().min(1).max(1024) });
const ZPasswordChange = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
});
const ZResetRequest = z.strictObject({ email: ZEmail });
const ZResetConfirm = z.strictObject({
  token: z.string().min(20).max(200),
  newPassword: z.string().max(1024),
});

/** Failed sign-ins allowed per account and per address before a pause. */
export const LOGIN_LIMIT_PER_ACCOUNT: Limit = { max: 5, windowMs: 15 * 60_000 };
export const LOGIN_LIMIT_PER_IP: Limit = { max: 30, windowMs: 15 * 60_000 };
const RESET_LIMIT_PER_ACCOUNT: Limit = { max: 3, windowMs: 60 * 60_000 };

// Verifying against a real hash when the account does not exist keeps the response time the same,
// so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

export const authRoutes = new Hono<AppEnv>()
  .post("/login", validate("json", ZLogin), async (c) => {
    const { database, clock, config } = c.var.deps;
    const { email: rawEmail, password } = c.req.valid("json");
    const email = normalizeEmail(rawEmail);
    const now = clock.now();
    const limiter = new RateLimiter(database.db);
    // Account keys are hashed: the rate-limit table holds no email addresses.
    const accountKey = `login:account:${sha256(email)}`;
    const ipKey = `login:ip:${clientIp(c)}`;
    const [byAccount, byIp] = await Promise.all([
      limiter.peek(accountKey, LOGIN_LIMIT_PER_ACCOUNT, now),
      limiter.peek(ipKey, LOGIN_LIMIT_PER_IP, now),
    ]);
    const blocked = [
      byAccount.hits >= LOGIN_LIMIT_PER_ACCOUNT.max ? byAccount.retryAfterMs : 0,
      byIp.hits >= LOGIN_LIMIT_PER_IP.max ? byIp.retryAfterMs : 0,
    ];
    const waitMs = Math.max(...blocked);
    if (waitMs > 0) {
      throw new AppError("too_many_logins", 429, {
        headers: { "Retry-After": String(Math.ceil(waitMs / 1000)) },
        params: { minutes: Math.ceil(waitMs / 60_000) },
      });
    }

    const user = await database.db
      .selectFrom("app_user")
      .select(["id", "email", "display_name", "password_hash", "disabled_at"])
      .where("email", "=", email)
      .executeTakeFirst();
    dummyHash ??= hashPassword("not-a-real-password");
    const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
    if (!user || !valid || user.disabled_at !== null) {
      await Promise.all([
        limiter.hit(accountKey, LOGIN_LIMIT_PER_ACCOUNT, now),
        limiter.hit(ipKey, LOGIN_LIMIT_PER_IP, now),
      ]);
      throw new AppError("invalid_credentials", 401);
    }
    await limiter.reset(accountKey);

    // A new session id at every sign-in (no fixation); an older cookie on this browser is dropped.
    const old = getCookie(c, SESSION_COOKIE);
    if (old) await deleteSession(database.db, old);
    const token = await createSession(database.db, user.id, now);
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
  })
  .post("/password", requireSession, validate("json", ZPasswordChange), async (c) => {
    const { database } = c.var.deps;
    const { currentPassword, newPassword } = c.req.valid("json");
    const user = c.var.user;
    const row = await database.db
      .selectFrom("app_user")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(row.password_hash, currentPassword))) {
      throw validationFailed([{ field: "currentPassword", message: "wrong_password" }]);
    }
    const issues = checkNewPassword(newPassword, "newPassword", user.email);
    if (issues.length > 0) throw validationFailed(issues);
    const hash = await hashPassword(newPassword);
    const current = getCookie(c, SESSION_COOKIE);
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable("app_user").set({ password_hash: hash }).where("id", "=", user.id).execute();
      // Every other session of this person ends; this one stays signed in.
      await trx
        .deleteFrom("session")
        .where("user_id", "=", user.id)
        .$if(current !== undefined, (q) => q.where("id", "!=", sha256(current!)))
        .execute();
      await writeAudit(trx, c, {
        action: "user.password_change",
        unitId: null,
        targetType: "user",
        targetId: user.id,
      });
    });
    return c.body(null, 204);
  })
  .post("/password-reset/request", validate("json", ZResetRequest), async (c) => {
    const { database, clock, config } = c.var.deps;
    const email = normalizeEmail(c.req.valid("json").email);
    const now = clock.now();
    const user = await database.db
      .selectFrom("app_user")
      .select(["id", "disabled_at"])
      .where("email", "=", email)
      .executeTakeFirst();
    const limiter = new RateLimiter(database.db);
    const allowed =
      user !== undefined &&
      user.disabled_at === null &&
      (await limiter.hit(`reset:${sha256(email)}`, RESET_LIMIT_PER_ACCOUNT, now)).hits <=
        RESET_LIMIT_PER_ACCOUNT.max;
    if (allowed) {
      await database.db.transaction().execute(async (trx) => {
        const token = await createPasswordLink(trx, user.id, "reset", now);
        await enqueueMessage(trx, resetMessage(email, passwordLinkUrl(config.publicBaseUrl, token)), now);
      });
    }
    // The same answer whether or not the account exists.
    return c.body(null, 202);
  })
  .post("/password-reset/confirm", validate("json", ZResetConfirm), async (c) => {
    const { database, clock } = c.var.deps;
    const { token, newPassword } = c.req.valid("json");
    const issues = checkNewPassword(newPassword, "newPassword");
    if (issues.length > 0) throw validationFailed(issues);
    const hash = await hashPassword(newPassword);
    const now = clock.now();
    await database.db.transaction().execute(async (trx) => {
      const link = await consumePasswordLink(trx, token, now);
      if (!link) throw new AppError("reset_link_invalid", 410);
      await trx.updateTable("app_user").set({ password_hash: hash }).where("id", "=", link.userId).execute();
      await trx.deleteFrom("session").where("user_id", "=", link.userId).execute();
      await trx
        .insertInto("audit_log")
        .values({
          at: now,
          actor_user_id: link.userId,
          actor_email: null,
          unit_id: null,
          action: link.purpose === "invite" ? "user.invitation_accept" : "user.password_reset",
          target_type: "user",
          target_id: link.userId,
          summary: "{}",
          request_id: c.var.requestId,
        })
        .execute();
    });
    return c.body(null, 204);
  });

function resetMessage(email: string, url: string) {
  return {
    recipient: email,
    subject: "Góp Ý: đặt lại mật khẩu / password reset",
    body: [
      "Xin chào,",
      "",
      "Có yêu cầu đặt lại mật khẩu cho tài khoản Góp Ý của bạn. Mở liên kết sau trong vòng 1 giờ để đặt mật khẩu mới:",
      url,
      "",
      "Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.",
      "",
      "—",
      "Someone asked to reset the password of your Góp Ý account. Open the link above within 1 hour to choose a new one. If it was not you, ignore this email.",
    ].join("\n"),
  };
}
