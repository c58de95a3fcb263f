import { Hono } from "hono";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { createApiToken } from "../../auth/tokens.ts";
import { notFound } from "../../errors.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { UUID } from "../../middleware/authorize.ts";

const ZCreateToken = z.strictObject({ name: z.string().trim().normalize("NFC").min(1).max(100) });

/** Personal API tokens: each person manages only their own, whatever their roles. */
export const adminTokenRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
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
  })
  .post("/", validate("json", ZCreateToken), async (c) => {
    const { database, clock } = c.var.deps;
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
  })
  .delete("/:tokenId", async (c) => {
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
  });
