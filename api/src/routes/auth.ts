import type { Role, UnitKind } from "@gopy/db";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { writeAudit } from "../audit.ts";
import { rolesOf } from "../auth/access.ts";
import { consumePasswordLink, createPasswordLink, passwordLinkUrl, sha256 } from "../auth/links.ts";
import { hashPassword, normalizeEmail, verifyPassword } from "../auth/password.ts";
import { checkNewPassword } from "../auth/password-policy.ts";
import { ROLES } from "../auth/permissions.ts";
import { createSession, deleteSession, SESSION_ABSOLUTE_MS, SESSION_COOKIE } from "../auth/sessions.ts";
import { AppError, validationFailed } from "../errors.ts";
import { clientIp } from "../http/client-ip.ts";
import { describe, ZUuid } from "../http/openapi.ts";
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

// ---------- response schemas (documentation only) ----------

const UNIT_KINDS = ["department", "ward", "school", "team"] as const satisfies readonly UnitKind[];
const ZSignedIn = z.strictObject({
  user: z.strictObject({ id: ZUuid, email: z.string(), displayName: z.string() }),
});
const ZMe = z.strictObject({
  user: z.strictObject({ id: ZUuid, email: z.string(), displayName: z.string(), isSuperadmin: z.boolean() }),
  roles: z
    .array(
      z.strictObject({
        unitId: ZUuid,
        unitName: z.string(),
        unitSlug: z.string(),
        unitKind: z.enum(UNIT_KINDS),
        role: z.enum(ROLES as [Role, ...Role[]]),
      }),
    )
    .meta({
      description:
        "The roles held directly, one per unit, by unit name; each also applies to the units below",
    }),
});
const SESSION_COOKIE_HEADER = {
  "Set-Cookie": `\`${SESSION_COOKIE}\`: HttpOnly, SameSite=Lax, valid 7 days (8 hours without use)`,
};

/** Failed sign-ins allowed per account and per address before a pause. */
export const LOGIN_LIMIT_PER_ACCOUNT: Limit = { max: 5, windowMs: 15 * 60_000 };
export const LOGIN_LIMIT_PER_IP: Limit = { max: 30, windowMs: 15 * 60_000 };
const RESET_LIMIT_PER_ACCOUNT: Limit = { max: 3, windowMs: 60 * 60_000 };

// Verifying against a real hash when the account does not exist keeps the response time the same,
// so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

export const authRoutes = new Hono<AppEnv>()
  .post(
    "/login",
    describe({
      summary: "Sign a staff member in with email and password",
      description:
        "Sets the session cookie (a new session id every time). A wrong password, an unknown email and a " +
        "disabled account all answer 401 `invalid_credentials`, in the same time. After 5 failures for one " +
        "account or 30 from one address within 15 minutes, sign-ins pause: 429 `too_many_logins` with " +
        "`Retry-After`.",
      responses: { 200: { description: "Signed in", schema: ZSignedIn, headers: SESSION_COOKIE_HEADER } },
      requestExample: { email: "hieutruong@thcs-nguyentrai.edu.vn", password: "Cổng-trường-2026-an-toàn" },
    }),
    validate("json", ZLogin),
    async (c) => {
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
    },
  )
  .post(
    "/logout",
    describe({
      summary: "Sign out: end this browser's session",
      description:
        "Ends the session named by the cookie, if any, and clears the cookie; 204 even without a session.",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await deleteSession(c.var.deps.database.db, token);
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: c.var.deps.config.secureCookies });
      return c.body(null, 204);
    },
  )
  .get(
    "/me",
    describe({
      summary: "Who is signed in, and their roles",
      description: "With the session cookie or a personal API token; 401 `unauthenticated` without either.",
      responses: { 200: ZMe },
    }),
    requireSession,
    async (c) => {
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
    },
  )
  .post(
    "/password",
    describe({
      summary: "Change the signed-in person's password",
      description:
        "A wrong `currentPassword` answers 422 naming it. The new password needs at least 10 characters, " +
        "must not be a common password or contain the email's local part (422 naming `newPassword`). Every " +
        "other session of the person ends; this one stays signed in. Recorded in the audit log.",
      auth: "session",
      responses: { 204: { description: "Changed" } },
      requestExample: {
        currentPassword: "Mat-khau-cu-cua-toi-2025",
        newPassword: "Phụ-huynh-đón-con-lúc-16h30",
      },
    }),
    requireSession,
    validate("json", ZPasswordChange),
    async (c) => {
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
    },
  )
  .post(
    "/password-reset/request",
    describe({
      summary: "Ask for a password reset link by email",
      description:
        "Always 202 with no body, whether or not the email has an (enabled) account, so the answer does not " +
        "reveal who has one. For an enabled account an email with a link valid for 1 hour is queued; at " +
        "most 3 per account per hour.",
      responses: { 202: { description: "Accepted (an email is sent if the account exists)" } },
      requestExample: { email: "hieutruong@thcs-nguyentrai.edu.vn" },
    }),
    validate("json", ZResetRequest),
    async (c) => {
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
    },
  )
  .post(
    "/password-reset/confirm",
    describe({
      summary: "Set a new password with the token from a reset or invitation link",
      description:
        "The token works once, within 1 hour for a reset and 7 days for an invitation; otherwise 410 " +
        "`reset_link_invalid`. The new password needs at least 10 characters and must not be a common " +
        "password (422). Every session of the person ends; they then sign in. Recorded in the audit log.",
      responses: { 204: { description: "Password set" } },
      requestExample: {
        token: "Zk8mP2qR5tV9wX3yB6nC1dF4gH7jK0lM2sA5uE8iO1r",
        newPassword: "Phụ-huynh-đón-con-lúc-16h30",
      },
    }),
    validate("json", ZResetConfirm),
    async (c) => {
      const { database, clock } = c.var.deps;
      const { token, newPassword } = c.req.valid("json");
      const issues = checkNewPassword(newPassword, "newPassword");
      if (issues.length > 0) throw validationFailed(issues);
      const hash = await hashPassword(newPassword);
      const now = clock.now();
      await database.db.transaction().execute(async (trx) => {
        const link = await consumePasswordLink(trx, token, now);
        if (!link) throw new AppError("reset_link_invalid", 410);
        await trx
          .updateTable("app_user")
          .set({ password_hash: hash })
          .where("id", "=", link.userId)
          .execute();
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
    },
  );

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
