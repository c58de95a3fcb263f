import type { Database } from "@gopy/db";
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { AppError, notFound } from "../../errors.ts";
import { describe, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, parentInBody, UUID, unitExists, unitParam } from "../../middleware/authorize.ts";

const ZKind = z.enum(["department", "ward", "school", "team"]);
const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "lowercase letters, digits and -");
const ZName = z.string().trim().normalize("NFC").min(2).max(200);

const ZCreateUnit = z.strictObject({
  name: ZName,
  slug: ZSlug,
  kind: ZKind,
  parentId: z.string().regex(UUID).nullable(),
  address: z.string().trim().max(300).optional(),
});
const ZUpdateUnit = z.strictObject({
  name: ZName.optional(),
  parentId: z.string().regex(UUID).optional(),
  address: z.string().trim().max(300).nullable().optional(),
});

/** A unit as every route of this file sends it (`unitColumns`). */
const ZUnit = z.strictObject({
  id: ZUuid,
  slug: z.string(),
  name: z.string(),
  kind: ZKind,
  parentId: ZUuid.nullable().meta({ description: "The unit above; null for a top-level unit" }),
  address: z.string().nullable(),
  createdAt: ZTimestamp,
});

const unitColumns = [
  "id",
  "slug",
  "name",
  "kind",
  "parent_id as parentId",
  "address",
  "created_at as createdAt",
] as const;

async function isDescendant(db: Kysely<Database>, unitId: string, ancestorId: string): Promise<boolean> {
  let current: string | null = unitId;
  for (let depth = 0; current && depth < 64; depth++) {
    if (current === ancestorId) return true;
    const row: { parent_id: string | null } | undefined = await db
      .selectFrom("unit")
      .select("parent_id")
      .where("id", "=", current)
      .executeTakeFirst();
    current = row?.parent_id ?? null;
  }
  return false;
}

const slugTaken = () =>
  new AppError("slug_taken", 409, { fields: [{ field: "slug", message: "slug_taken" }] });

export const adminUnitRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "List the units the caller can see",
      description:
        "Every unit (not archived) where the caller holds a role, and every unit below those, sorted by " +
        "name; a superadmin sees all units.",
      responses: { 200: z.strictObject({ items: z.array(ZUnit) }) },
    }),
    authorize("units.read"),
    async (c) => {
      const visible = c.var.access.unitsWhere("units.read");
      let query = c.var.deps.database.db
        .selectFrom("unit")
        .select(unitColumns)
        .where("archived_at", "is", null)
        .orderBy("name");
      if (visible !== "all") {
        if (visible.length === 0) return c.json({ items: [] });
        query = query.where("id", "in", visible);
      }
      return c.json({ items: await query.execute() });
    },
  )
  .post(
    "/",
    describe({
      summary: "Create a unit",
      description:
        "Needs `units.manage` (unit admin) on the parent unit; only a superadmin creates a top-level unit " +
        "(`parentId: null`). The slug must be unused (409 `slug_taken`). Recorded in the audit log as `unit.create`.",
      responses: { 201: { description: "The unit created", schema: ZUnit } },
      requestExample: {
        name: "Trường THCS Cự Khê",
        slug: "thcs-cu-khe",
        kind: "school",
        parentId: "3f1c8a2e-6f1d-4d2a-9a55-1b0e2f0c9d11",
        address: "Thôn Cự Khê, xã Bình Minh, Hà Nội",
      },
    }),
    validate("json", ZCreateUnit),
    authorize("units.manage", parentInBody),
    async (c) => {
      const input = c.req.valid("json");
      const db = c.var.deps.database.db;
      const unit = await db.transaction().execute(async (trx) => {
        const created = await trx
          .insertInto("unit")
          .values({
            name: input.name,
            slug: input.slug,
            kind: input.kind,
            parent_id: input.parentId,
            address: input.address ?? null,
            created_at: c.var.deps.clock.now(),
          })
          .onConflict((oc) => oc.column("slug").doNothing())
          .returning(unitColumns)
          .executeTakeFirst();
        if (!created) throw slugTaken();
        await writeAudit(trx, c, {
          action: "unit.create",
          unitId: created.id,
          targetType: "unit",
          targetId: created.id,
          summary: {
            after: { name: created.name, slug: created.slug, kind: created.kind, parentId: created.parentId },
          },
        });
        return created;
      });
      return c.json(unit, 201);
    },
  )
  .get(
    "/:unitId",
    describe({
      summary: "Get one unit",
      description: "Any role in the unit or a unit above it allows this; other units answer 404.",
      responses: { 200: ZUnit },
    }),
    authorize("units.read", unitParam),
    async (c) => {
      const unit = await c.var.deps.database.db
        .selectFrom("unit")
        .select(unitColumns)
        .where("id", "=", c.req.param("unitId"))
        .executeTakeFirstOrThrow();
      return c.json(unit);
    },
  )
  .patch(
    "/:unitId",
    describe({
      summary: "Rename a unit, change its address or move it under another parent",
      description:
        "Needs `units.manage` on the unit, and also on the new parent when `parentId` changes; a unit cannot " +
        "be moved below itself (409 `unit_cycle`) nor made top-level. `address: null` clears the address. " +
        "Recorded in the audit log as `unit.move` (parent changed) or `unit.update`.",
      responses: { 200: { description: "The unit after the change", schema: ZUnit } },
      requestExample: { name: "Trường THCS Cự Khê (cơ sở 1)", address: "Số 12 đường Cự Khê, Hà Nội" },
    }),
    authorize("units.manage", unitParam),
    validate("json", ZUpdateUnit),
    async (c) => {
      const unitId = c.req.param("unitId");
      const input = c.req.valid("json");
      const access = c.var.access;
      const db = c.var.deps.database.db;
      const before = await db
        .selectFrom("unit")
        .select(unitColumns)
        .where("id", "=", unitId)
        .executeTakeFirstOrThrow();
      if (input.parentId !== undefined && input.parentId !== before.parentId) {
        if (!access.canSee(input.parentId) || !(await unitExists(db, input.parentId))) throw notFound();
        if (!access.can("units.manage", input.parentId)) throw new AppError("forbidden", 403);
        if (await isDescendant(db, input.parentId, unitId)) {
          throw new AppError("unit_cycle", 409, {
            fields: [{ field: "parentId", message: "field_invalid" }],
          });
        }
      }
      const after = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("unit")
          .set({
            ...(input.name !== undefined && { name: input.name }),
            ...(input.parentId !== undefined && { parent_id: input.parentId }),
            ...(input.address !== undefined && { address: input.address }),
          })
          .where("id", "=", unitId)
          .returning(unitColumns)
          .executeTakeFirstOrThrow();
        await writeAudit(trx, c, {
          action:
            input.parentId !== undefined && input.parentId !== before.parentId ? "unit.move" : "unit.update",
          unitId,
          targetType: "unit",
          targetId: unitId,
          summary: {
            before: { name: before.name, parentId: before.parentId, address: before.address },
            after: { name: updated.name, parentId: updated.parentId, address: updated.address },
          },
        });
        return updated;
      });
      return c.json(after);
    },
  )
  .post(
    "/:unitId/archive",
    describe({
      summary: "Archive a unit",
      description:
        "Needs `units.manage` on the unit. The unit leaves every list and its roles stop counting: people " +
        "whose access came through it (its members, and roles held above it) no longer see it nor the units " +
        "below it. There is no way back through the API. Recorded in the audit log as `unit.archive`.",
      responses: { 204: { description: "Archived" } },
    }),
    authorize("units.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId");
      const db = c.var.deps.database.db;
      await db.transaction().execute(async (trx) => {
        const archived = await trx
          .updateTable("unit")
          .set({ archived_at: c.var.deps.clock.now() })
          .where("id", "=", unitId)
          .where("archived_at", "is", null)
          .returning("id")
          .executeTakeFirst();
        // Unknown or already archived (only a superadmin still sees those): nothing to record.
        if (!archived) throw notFound();
        await writeAudit(trx, c, { action: "unit.archive", unitId, targetType: "unit", targetId: unitId });
      });
      return c.body(null, 204);
    },
  );
