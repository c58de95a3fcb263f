import { Hono } from "hono";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { createApiToken } from "../../auth/tokens.ts";
import { AppError, notFound } from "../../errors.ts";
import { describe, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { UUID } from "../../middleware/authorize.ts";

const ZCreateToken = z.strictObject({ name: z.string().trim().normalize("NFC").min(1).max(100) });

const ZToken = z.strictObject({
  id: ZUuid,
  name: z.string(),
  createdAt: ZTimestamp,
  lastUsedAt: ZTimestamp.nullable().meta({
    description: "Last request made with it (updated at most once a minute)",
  }),
  revokedAt: ZTimestamp.nullable(),
});
const ZCreatedToken = z.strictObject({
  id: ZUuid,
  name: z.string(),
  createdAt: ZTimestamp,
  token: z.string().meta({
    description: "The secret, `gopy_` then 43 base64url characters: shown this once, stored only hashed",
  }),
});

/** Personal API tokens: each person manages only their own, whatever their roles. */
export const adminTokenRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "List the caller's personal API tokens",
      description: "Only the caller's own tokens, newest first, revoked ones included; never the secrets.",
      responses: { 200: z.strictObject({ items: z.array(ZToken) }) },
    }),
    async (c) => {
      const items = await c.var.deps.database.db
        .selectFrom("api_token")
        .select([
          "id",
          "name",
          "created_at as createdAt",
          "last_used_at as lastUsedAt",
          "revoked_at as revokedAt",
        ])
        .where("user_id", "=", c.var.user.id)
        .orderBy("created_at", "desc")
        .execute();
      return c.json({ items });
    },
  )
  .post(
    "/",
    describe({
      summary: "Create a personal API token",
      description:
        "The token acts as the caller, with all of the caller's roles, when sent as `Authorization: Bearer`. " +
        "The secret is in this answer only. Recorded in the audit log as `token.create`.",
      responses: { 201: { description: "The token, with its secret", schema: ZCreatedToken } },
      requestExample: { name: "Đồng bộ số liệu với Phòng GD&ĐT" },
    }),
    validate("json", ZCreateToken),
    async (c) => {
      const { database, clock } = c.var.deps;
      // A leaked token must not be able to mint tokens that outlive its own revocation.
      if (c.var.authVia === "token") throw new AppError("token_cannot_create_tokens", 403);
      const created = await createApiToken(database.db, c.var.user.id, c.req.valid("json").name, clock.now());
      await writeAudit(database.db, c, {
        action: "token.create",
        unitId: null,
        targetType: "api_token",
        targetId: created.id,
        summary: { name: created.name },
      });
      // The only time the token is shown: it is stored hashed.
      return c.json(
        { id: created.id, name: created.name, createdAt: created.createdAt, token: created.token },
        201,
      );
    },
  )
  .delete(
    "/:tokenId",
    describe({
      summary: "Revoke one of the caller's personal API tokens",
      description:
        "The token stops working at once. Another person's token, or one already revoked, answers 404. " +
        "Recorded in the audit log as `token.revoke`.",
      responses: { 204: { description: "Revoked" } },
    }),
    async (c) => {
      const { database, clock } = c.var.deps;
      const tokenId = c.req.param("tokenId");
      if (!UUID.test(tokenId)) throw notFound();
      const revoked = await database.db
        .updateTable("api_token")
        .set({ revoked_at: clock.now() })
        .where("id", "=", tokenId)
        .where("user_id", "=", c.var.user.id)
        .where("revoked_at", "is", null)
        .returning("name")
        .executeTakeFirst();
      if (!revoked) throw notFound();
      await writeAudit(database.db, c, {
        action: "token.revoke",
        unitId: null,
        targetType: "api_token",
        targetId: tokenId,
        summary: { name: revoked.name },
      });
      return c.body(null, 204);
    },
  );
