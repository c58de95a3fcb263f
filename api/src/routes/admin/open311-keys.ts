import { Hono } from "hono";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { notFound } from "../../errors.ts";
import { describe, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, UUID, unitParam } from "../../middleware/authorize.ts";
import { newOpen311Key } from "../../open311/georeport.ts";

const ZKey = z.strictObject({ name: z.string().trim().min(1).max(80) });

/** Keys for a unit's Open311 clients: shown once at creation, stored hashed, revocable. */
export const adminOpen311KeyRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "List the unit's Open311 client keys, newest first",
      description: "Needs `integrations.manage`. The keys themselves are never shown again after creation.",
      responses: {
        200: z.strictObject({
          items: z.array(
            z.strictObject({
              id: ZUuid,
              name: z.string(),
              createdAt: ZTimestamp,
              lastUsedAt: ZTimestamp.nullable(),
              revokedAt: ZTimestamp.nullable(),
            }),
          ),
        }),
      },
    }),
    authorize("integrations.manage", unitParam),
    async (c) => {
      const rows = await c.var.deps.database.db
        .selectFrom("open311_key")
        .select(["id", "name", "created_at", "last_used_at", "revoked_at"])
        .where("unit_id", "=", c.req.param("unitId")!.toLowerCase())
        .orderBy("created_at", "desc")
        .execute();
      return c.json({
        items: rows.map((k) => ({
          id: k.id,
          name: k.name,
          createdAt: k.created_at.toISOString(),
          lastUsedAt: k.last_used_at?.toISOString() ?? null,
          revokedAt: k.revoked_at?.toISOString() ?? null,
        })),
      });
    },
  )
  .post(
    "/",
    describe({
      summary: "Create a key for an Open311 client of the unit",
      description:
        "The key is in this answer only (it is stored hashed): the client sends it as `api_key` to " +
        "`POST /open311/v2/requests.json` (or `.xml`) to file petitions with the unit.",
      requestExample: { name: "Cổng dịch vụ công phường" },
      responses: {
        201: z.strictObject({
          id: ZUuid,
          name: z.string(),
          key: z.string().meta({ description: "The secret key (`o311_…`), shown once" }),
        }),
      },
    }),
    authorize("integrations.manage", unitParam),
    validate("json", ZKey),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const { name } = c.req.valid("json");
      const { key, hash } = newOpen311Key();
      const row = await c.var.deps.database.db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto("open311_key")
          .values({ unit_id: unitId, name, key_hash: hash, created_at: c.var.deps.clock.now() })
          .returning("id")
          .executeTakeFirstOrThrow();
        await writeAudit(trx, c, {
          action: "open311_key.create",
          unitId,
          targetType: "open311_key",
          targetId: created.id,
          summary: { after: { name } },
        });
        return created;
      });
      return c.json({ id: row.id, name, key }, 201);
    },
  )
  .delete(
    "/:keyId",
    describe({
      summary: "Revoke an Open311 client key",
      description: "The key stops working at once; it stays in the list as revoked. Already revoked: 404.",
      responses: { 204: { description: "Revoked" } },
    }),
    authorize("integrations.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const keyId = c.req.param("keyId");
      if (!UUID.test(keyId)) throw notFound();
      await c.var.deps.database.db.transaction().execute(async (trx) => {
        const revoked = await trx
          .updateTable("open311_key")
          .set({ revoked_at: c.var.deps.clock.now() })
          .where("id", "=", keyId)
          .where("unit_id", "=", unitId)
          .where("revoked_at", "is", null)
          .returning("name")
          .executeTakeFirst();
        if (!revoked) throw notFound();
        await writeAudit(trx, c, {
          action: "open311_key.revoke",
          unitId,
          targetType: "open311_key",
          targetId: keyId,
          summary: { before: { name: revoked.name } },
        });
      });
      return c.body(null, 204);
    },
  );
