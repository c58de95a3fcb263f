import type { Role } from "@gopy/db";
import { Hono } from "hono";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { createPasswordLink, passwordLinkUrl } from "../../auth/links.ts";
import { normalizeEmail } from "../../auth/password.ts";
import { ROLES } from "../../auth/permissions.ts";
import { AppError, notFound } from "../../errors.ts";
import { describe, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, UUID, unitParam } from "../../middleware/authorize.ts";
import { enqueueMessage } from "../../outbox/outbox.ts";

const ZRole = z.enum(ROLES as [Role, ...Role[]]);
const ZInvite = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().trim().normalize("NFC").min(2).max(120),
  role: ZRole,
});
const ZChangeRole = z.strictObject({ role: ZRole });

// ---------- response schemas (documentation only) ----------

const ZMember = z.strictObject({
  membershipId: ZUuid,
  userId: ZUuid,
  email: z.string(),
  displayName: z.string(),
  role: ZRole,
  createdAt: ZTimestamp.meta({ description: "When the person was given this role in the unit" }),
  disabled: z.boolean().meta({ description: "The account is disabled everywhere: it cannot sign in" }),
  pendingInvitation: z.boolean().meta({ description: "Invited, but no password set yet" }),
});
const ZInvited = z.strictObject({
  membershipId: ZUuid,
  userId: ZUuid,
  invited: z.boolean().meta({
    description:
      "true: a new account was created and an invitation e-mailed; false: an existing account was added",
  }),
});
const ZRoleChanged = z.strictObject({
  membershipId: ZUuid.meta({ description: "The id as given in the path" }),
  role: ZRole,
});
const DISABLE_RULE =
  "The account, not only the membership, is affected, so the caller needs `staff.manage` in every unit " +
  "where the person holds a role (else 403); units that were archived do not count.";

/** An account that exists but has never set a password cannot sign in: its hash is not argon2. */
const NO_PASSWORD = "!invited";

export const adminMemberRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "List the staff of a unit",
      description:
        "The people who hold a role in this unit itself (not those whose role is in a unit above), sorted " +
        "by name, with their e-mail addresses. Needs `staff.read` (unit admin or manager).",
      responses: { 200: z.strictObject({ items: z.array(ZMember) }) },
    }),
    authorize("staff.read", unitParam),
    async (c) => {
      const rows = await c.var.deps.database.db
        .selectFrom("membership as m")
        .innerJoin("app_user as u", "u.id", "m.user_id")
        .select([
          "m.id as membershipId",
          "u.id as userId",
          "u.email",
          "u.display_name as displayName",
          "m.role",
          "u.disabled_at as disabledAt",
          "u.password_hash as passwordHash",
          "m.created_at as createdAt",
        ])
        .where("m.unit_id", "=", c.req.param("unitId")!)
        .orderBy("u.display_name")
        .execute();
      return c.json({
        items: rows.map(({ passwordHash, disabledAt, ...row }) => ({
          ...row,
          disabled: disabledAt !== null,
          pendingInvitation: passwordHash === NO_PASSWORD,
        })),
      });
    },
  )
  .post(
    "/",
    describe({
      summary: "Give a person a role in the unit, inviting them if they have no account",
      description:
        "Needs `staff.manage` (unit admin). For an e-mail address without an account, creates the account " +
        "and e-mails an invitation link (valid 7 days) to set a password; an existing account just gets the " +
        "role (`displayName` is then ignored, no e-mail is sent). 409 `member_exists` if the person already " +
        "holds a role in this unit. Recorded in the audit log as `staff.invite` or `staff.add`.",
      responses: { 201: { description: "The membership created", schema: ZInvited } },
      requestExample: {
        email: "nguyenvanan@thcs-cukhe.edu.vn",
        displayName: "Nguyễn Văn An",
        role: "officer",
      },
    }),
    authorize("staff.manage", unitParam),
    validate("json", ZInvite),
    async (c) => {
      const { database, clock, config } = c.var.deps;
      const unitId = c.req.param("unitId")!;
      const input = c.req.valid("json");
      const email = normalizeEmail(input.email);
      const now = clock.now();
      const result = await database.db.transaction().execute(async (trx) => {
        const unit = await trx
          .selectFrom("unit")
          .select("name")
          .where("id", "=", unitId)
          .executeTakeFirstOrThrow();
        let user = await trx
          .selectFrom("app_user")
          .select(["id"])
          .where("email", "=", email)
          .executeTakeFirst();
        const invited = user === undefined;
        if (!user) {
          user = await trx
            .insertInto("app_user")
            .values({ email, display_name: input.displayName, password_hash: NO_PASSWORD, created_at: now })
            .returning("id")
            .executeTakeFirstOrThrow();
        }
        const membership = await trx
          .insertInto("membership")
          .values({ user_id: user.id, unit_id: unitId, role: input.role, created_at: now })
          .onConflict((oc) => oc.columns(["user_id", "unit_id"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!membership) {
          throw new AppError("member_exists", 409, {
            fields: [{ field: "email", message: "member_exists" }],
          });
        }
        if (invited) {
          const token = await createPasswordLink(trx, user.id, "invite", now);
          await enqueueMessage(
            trx,
            invitationMessage(email, unit.name, input.role, passwordLinkUrl(config.publicBaseUrl, token)),
            now,
          );
        }
        await writeAudit(trx, c, {
          action: invited ? "staff.invite" : "staff.add",
          unitId,
          targetType: "membership",
          targetId: membership.id,
          summary: { after: { email, role: input.role } },
        });
        return { membershipId: membership.id, userId: user.id, invited };
      });
      return c.json(result, 201);
    },
  )
  .patch(
    "/:membershipId",
    describe({
      summary: "Change a person's role in the unit",
      description: "Needs `staff.manage` (unit admin). Recorded in the audit log as `staff.role_change`.",
      responses: { 200: { description: "The new role", schema: ZRoleChanged } },
      requestExample: { role: "manager" },
    }),
    authorize("staff.manage", unitParam),
    validate("json", ZChangeRole),
    async (c) => {
      const { database } = c.var.deps;
      const unitId = c.req.param("unitId")!;
      const membershipId = c.req.param("membershipId")!;
      const { role } = c.req.valid("json");
      if (!UUID.test(membershipId)) throw notFound();
      const updated = await database.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom("membership")
          .innerJoin("app_user", "app_user.id", "membership.user_id")
          .select(["membership.role", "app_user.email"])
          .where("membership.id", "=", membershipId)
          .where("membership.unit_id", "=", unitId)
          .executeTakeFirst();
        if (!before) throw notFound();
        await trx.updateTable("membership").set({ role }).where("id", "=", membershipId).execute();
        await writeAudit(trx, c, {
          action: "staff.role_change",
          unitId,
          targetType: "membership",
          targetId: membershipId,
          summary: { email: before.email, before: { role: before.role }, after: { role } },
        });
        return { membershipId, role };
      });
      return c.json(updated);
    },
  )
  .delete(
    "/:membershipId",
    describe({
      summary: "Remove a person's role in the unit",
      description:
        "Needs `staff.manage` (unit admin). The account itself stays (with its roles in other units). " +
        "Recorded in the audit log as `staff.remove`.",
      responses: { 204: { description: "Removed" } },
    }),
    authorize("staff.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId")!;
      const membershipId = c.req.param("membershipId")!;
      if (!UUID.test(membershipId)) throw notFound();
      await c.var.deps.database.db.transaction().execute(async (trx) => {
        const removed = await trx
          .deleteFrom("membership")
          .where("id", "=", membershipId)
          .where("unit_id", "=", unitId)
          .returning(["role", "user_id"])
          .executeTakeFirst();
        if (!removed) throw notFound();
        const person = await trx
          .selectFrom("app_user")
          .select("email")
          .where("id", "=", removed.user_id)
          .executeTakeFirstOrThrow();
        await writeAudit(trx, c, {
          action: "staff.remove",
          unitId,
          targetType: "membership",
          targetId: membershipId,
          summary: { email: person.email, before: { role: removed.role } },
        });
      });
      return c.body(null, 204);
    },
  )
  .post(
    "/:membershipId/disable",
    describe({
      summary: "Disable the account of a unit's staff member",
      description: `The person can no longer sign in; their sessions end and their API tokens stop working. ${DISABLE_RULE} Recorded in the audit log as \`user.disable\`.`,
      responses: { 204: { description: "Disabled" } },
    }),
    authorize("staff.manage", unitParam),
    async (c) => setDisabled(c, true),
  )
  .post(
    "/:membershipId/enable",
    describe({
      summary: "Enable a disabled account again",
      description: `${DISABLE_RULE} Recorded in the audit log as \`user.enable\`.`,
      responses: { 204: { description: "Enabled" } },
    }),
    authorize("staff.manage", unitParam),
    async (c) => setDisabled(c, false),
  );

/**
 * Disabling an account affects every unit the person works in, so the caller must manage all of
 * them: a school principal cannot lock out a ward officer who also sits in the school.
 */
async function setDisabled(c: import("hono").Context<AppEnv>, disabled: boolean) {
  const { database, clock } = c.var.deps;
  const unitId = c.req.param("unitId")!;
  const membershipId = c.req.param("membershipId")!;
  if (!UUID.test(membershipId)) throw notFound();
  const membership = await database.db
    .selectFrom("membership")
    .innerJoin("app_user", "app_user.id", "membership.user_id")
    .select(["membership.user_id", "app_user.email"])
    .where("membership.id", "=", membershipId)
    .where("membership.unit_id", "=", unitId)
    .executeTakeFirst();
  if (!membership) throw notFound();
  // Roles in archived units grant nothing any more: they do not call for their unit's admins.
  const units = await database.db
    .selectFrom("membership")
    .innerJoin("unit", "unit.id", "membership.unit_id")
    .select("membership.unit_id")
    .where("membership.user_id", "=", membership.user_id)
    .where("unit.archived_at", "is", null)
    .execute();
  if (!units.every((u) => c.var.access.can("staff.manage", u.unit_id))) throw new AppError("forbidden", 403);
  await database.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("app_user")
      .set({ disabled_at: disabled ? clock.now() : null })
      .where("id", "=", membership.user_id)
      .execute();
    if (disabled) await trx.deleteFrom("session").where("user_id", "=", membership.user_id).execute();
    await writeAudit(trx, c, {
      action: disabled ? "user.disable" : "user.enable",
      unitId,
      targetType: "user",
      targetId: membership.user_id,
      summary: { email: membership.email },
    });
  });
  return c.body(null, 204);
}

const ROLE_NAMES: Record<Role, string> = {
  admin: "quản trị đơn vị (hiệu trưởng)",
  manager: "quản lý (phó hiệu trưởng)",
  officer: "cán bộ xử lý",
  inspector: "Ban Thanh tra nhân dân",
  viewer: "cấp trên (xem số liệu)",
};

function invitationMessage(email: string, unitName: string, role: Role, url: string) {
  return {
    recipient: email,
    subject: `Góp Ý: lời mời tham gia ${unitName}`,
    body: [
      "Xin chào,",
      "",
      `Bạn được mời tham gia Góp Ý của ${unitName} với vai trò ${ROLE_NAMES[role]}.`,
      "Mở liên kết sau trong vòng 7 ngày để đặt mật khẩu và đăng nhập:",
      url,
      "",
      "—",
      `You have been invited to Góp Ý for ${unitName}. Open the link above within 7 days to set your password.`,
    ].join("\n"),
  };
}
