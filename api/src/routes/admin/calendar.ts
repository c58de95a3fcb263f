import { Hono } from "hono";
import { sql } from "kysely";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { AppError, notFound } from "../../errors.ts";
import { describe, ZDay } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, unitParam } from "../../middleware/authorize.ts";
import { vnDay } from "../../time.ts";

const ZYear = z.strictObject({ year: z.coerce.number().int().min(2020).max(2100).optional() });
const ZEntry = z.strictObject({
  day: z.iso.date(),
  kind: z.enum(["holiday", "day_off", "working_day"]),
  name: z.string().trim().min(1).max(120),
});

const ZDayKind = z.enum(["holiday", "day_off", "working_day"]);
const ZCalendarEntry = z.strictObject({
  id: z.string().meta({ description: "Numeric id, as a string" }),
  day: ZDay,
  kind: ZDayKind,
  name: z.string(),
  source: z
    .enum(["national", "inherited", "own"])
    .meta({ description: "The national calendar, a unit above this one, or this unit itself" }),
  unitName: z.string().nullable().meta({ description: "The unit that set the day; null for national days" }),
});

/**
 * A unit's working-day calendar: the national days, those set by the units above it, and its own.
 * Everyone in the unit may read it; its admin adds or removes the unit's own days (a storm closure,
 * a local holiday, a make-up Saturday). Deadlines already stamped are never recomputed.
 */
export const adminCalendarRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "A unit's working-day calendar for a year: national, inherited and its own days",
      description:
        "Every day that differs from the usual week (holidays, days off, make-up working days), in day order; " +
        "when several units set the same day, the nearest unit's entry is the one that counts for deadlines. " +
        "Defaults to the current year.",
      responses: { 200: z.strictObject({ year: z.number().int(), items: z.array(ZCalendarEntry) }) },
    }),
    authorize("units.read", unitParam),
    validate("query", ZYear),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const year = c.req.valid("query").year ?? Number(vnDay(c.var.deps.clock.now()).slice(0, 4));
      const rows = await sql<{
        id: string;
        day: string;
        kind: string;
        name: string;
        unit_id: string | null;
        unit_name: string | null;
        depth: number;
      }>`
      with recursive chain(id, parent_id, name, depth) as (
        select id, parent_id, name, 0 from unit where id = ${unitId}
        union all
        select u.id, u.parent_id, u.name, chain.depth + 1 from unit u join chain on u.id = chain.parent_id
      )
      select d.id::text as id, to_char(d.day, 'YYYY-MM-DD') as day, d.kind, d.name, d.unit_id, chain.name as unit_name,
        coalesce(chain.depth, 1000000) as depth
      from calendar_day d left join chain on chain.id = d.unit_id
      where (d.unit_id is null or chain.id is not null)
        and d.day >= ${`${year}-01-01`}::date and d.day <= ${`${year}-12-31`}::date
      order by d.day, depth`.execute(c.var.deps.database.db);
      return c.json({
        year,
        items: rows.rows.map((r) => ({
          id: r.id,
          day: r.day,
          kind: r.kind,
          name: r.name,
          source: r.unit_id === null ? "national" : r.unit_id === unitId ? "own" : "inherited",
          unitName: r.unit_name,
        })),
      });
    },
  )
  .post(
    "/",
    describe({
      summary: "Add a day to the unit's own calendar (a closure, a local holiday, a make-up working day)",
      description:
        "Applies to the unit and the units below it for deadlines counted from now on; deadlines already set " +
        "are not recomputed. 409 when the unit already has an entry for that day.",
      requestExample: { day: "2026-12-24", kind: "day_off", name: "Nghỉ học do bão số 9" },
      responses: { 201: ZCalendarEntry.omit({ unitName: true }).extend({ source: z.literal("own") }) },
    }),
    authorize("calendar.manage", unitParam),
    validate("json", ZEntry),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const entry = c.req.valid("json");
      const db = c.var.deps.database.db;
      const created = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("calendar_day")
          .values({ unit_id: unitId, day: entry.day, kind: entry.kind, name: entry.name })
          .onConflict((oc) => oc.doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!row) {
          throw new AppError("calendar_day_exists", 409, {
            fields: [{ field: "day", message: "calendar_day_exists" }],
          });
        }
        await writeAudit(trx, c, {
          action: "calendar.add",
          unitId,
          targetType: "calendar_day",
          targetId: String(row.id),
          summary: { after: entry },
        });
        return row;
      });
      return c.json({ id: String(created.id), ...entry, source: "own" }, 201);
    },
  )
  .delete(
    "/:entryId",
    describe({
      summary: "Remove a day from the unit's own calendar",
      description: "Only the unit's own entries; national and inherited days answer 404.",
      responses: { 204: { description: "Removed" } },
    }),
    authorize("calendar.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const entryId = c.req.param("entryId");
      if (!/^\d{1,18}$/.test(entryId)) throw notFound();
      await c.var.deps.database.db.transaction().execute(async (trx) => {
        // Only the unit's own days: national and inherited ones belong to others.
        const removed = await trx
          .deleteFrom("calendar_day")
          .where("id", "=", Number(entryId))
          .where("unit_id", "=", unitId)
          .returning(["day", "kind", "name"])
          .executeTakeFirst();
        if (!removed) throw notFound();
        await writeAudit(trx, c, {
          action: "calendar.remove",
          unitId,
          targetType: "calendar_day",
          targetId: entryId,
          summary: { before: removed },
        });
      });
      return c.body(null, 204);
    },
  );
