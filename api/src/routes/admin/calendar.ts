import { Hono } from "hono";
import { sql } from "kysely";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { AppError, notFound } from "../../errors.ts";
import { describe, ZDay } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, unitParam } from "../../middleware/authorize.ts";
import { nationalDays } from "../../petitions/official-days.ts";
import { calendarChange, recomputeOpenDeadlines } from "../../petitions/recompute.ts";
import { loadNationalOverrides } from "../../petitions/repository.ts";
import { vnDay } from "../../time.ts";

const ZYear = z.strictObject({ year: z.coerce.number().int().min(2020).max(2100).optional() });
const ZEntry = z.strictObject({
  day: z.iso.date(),
  kind: z.enum(["holiday", "day_off", "working_day"]),
  name: z.string().trim().min(1).max(120),
});

const ZDayKind = z.enum(["holiday", "day_off", "working_day"]);
const ZCalendarEntry = z.strictObject({
  id: z.string().meta({
    description: "Numeric id of a unit's day, as a string; `national-YYYY-MM-DD` for a national day",
  }),
  day: ZDay,
  kind: ZDayKind,
  name: z.string(),
  source: z
    .enum(["national", "inherited", "own"])
    .meta({ description: "The national calendar, a unit above this one, or this unit itself" }),
  unitName: z.string().nullable().meta({ description: "The unit that set the day; null for national days" }),
  origin: z.enum(["statutory", "announced", "national"]).nullable().meta({
    description:
      "For a national day: the Labour Code's rule, a Government announcement or a console correction",
  }),
  reference: z
    .string()
    .nullable()
    .meta({ description: "The legal text or decision a national day rests on" }),
});

/**
 * A unit's working-day calendar: the national days, those set by the units above it, and its own.
 * Everyone in the unit may read it; its admin adds or removes the unit's own days (a storm closure,
 * a local holiday, a make-up Saturday). The open cases of the unit and those below whose deadlines
 * have not passed are recomputed; stamped outcomes never are.
 */
export const adminCalendarRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "A unit's working-day calendar for a year: national, inherited and its own days",
      description:
        "Every day that differs from the usual week (holidays, days off, make-up working days), in day order; " +
        "when several units set the same day, the nearest unit's entry is the one that counts for deadlines. National " +
        "days carry their origin and legal reference (see `/api/admin/national-calendar`). Defaults to the current year.",
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
        chain.depth
      from calendar_day d join chain on chain.id = d.unit_id
      where d.day >= ${`${year}-01-01`}::date and d.day <= ${`${year}-12-31`}::date
      order by d.day, chain.depth`.execute(c.var.deps.database.db);
      const national = nationalDays(year, await loadNationalOverrides(c.var.deps.database.db)).map((d) => ({
        id: `national-${d.day}`,
        day: d.day,
        kind: d.kind,
        name: d.name,
        source: "national" as const,
        unitName: null,
        origin: d.origin,
        reference: d.reference,
        depth: 1_000_000,
      }));
      const units = rows.rows.map((r) => ({
        id: r.id,
        day: r.day,
        kind: r.kind as z.infer<typeof ZDayKind>,
        name: r.name,
        source: r.unit_id === unitId ? ("own" as const) : ("inherited" as const),
        unitName: r.unit_name,
        origin: null,
        reference: null,
        depth: r.depth,
      }));
      const items = [...units, ...national]
        .sort((a, b) => a.day.localeCompare(b.day) || a.depth - b.depth)
        .map(({ depth: _, ...item }) => item);
      return c.json({ year, items });
    },
  )
  .post(
    "/",
    describe({
      summary: "Add a day to the unit's own calendar (a closure, a local holiday, a make-up working day)",
      description:
        "Applies to the unit and the units below it. The deadlines of their open cases that have not passed are " +
        "recomputed (`moved`), each case's history saying why. 409 when the unit already has an entry for that day.",
      requestExample: { day: "2026-12-24", kind: "day_off", name: "Nghỉ học do bão số 9" },
      responses: {
        201: ZCalendarEntry.omit({ unitName: true, origin: true, reference: true }).extend({
          source: z.literal("own"),
          moved: z.number().int().meta({ description: "Open cases whose deadlines were recomputed" }),
        }),
      },
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
        const moved = await recomputeOpenDeadlines(
          trx,
          unitId,
          c.var.deps.clock.now(),
          calendarChange("set", entry.name, entry.day),
        );
        return { ...row, moved };
      });
      return c.json({ id: String(created.id), ...entry, source: "own", moved: created.moved }, 201);
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
          .returning([sql<string>`to_char(day, 'YYYY-MM-DD')`.as("day"), "kind", "name"])
          .executeTakeFirst();
        if (!removed) throw notFound();
        await writeAudit(trx, c, {
          action: "calendar.remove",
          unitId,
          targetType: "calendar_day",
          targetId: entryId,
          summary: { before: removed },
        });
        await recomputeOpenDeadlines(
          trx,
          unitId,
          c.var.deps.clock.now(),
          calendarChange("remove", removed.name, removed.day),
        );
      });
      return c.body(null, 204);
    },
  );
