import { Hono } from "hono";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { notFound } from "../../errors.ts";
import { describe, ZDay } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize } from "../../middleware/authorize.ts";
import { nationalDays, tetBreakEntered } from "../../petitions/official-days.ts";
import { calendarChange, recomputeOpenDeadlines } from "../../petitions/recompute.ts";
import { loadNationalOverrides } from "../../petitions/repository.ts";
import { tetDay } from "../../petitions/statutory-days.ts";
import { vnDay } from "../../time.ts";

const ZYear = z.strictObject({ year: z.coerce.number().int().min(2020).max(2100).optional() });
const ZDayKind = z.enum(["holiday", "day_off", "working_day"]);
const ZNationalEntry = z.strictObject({
  day: ZDay,
  kind: ZDayKind,
  name: z.string().trim().min(1).max(120),
  reference: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .meta({ description: "The decision or official letter the day rests on, with its date" }),
});
export const ZNationalDay = z.strictObject({
  id: z.string().meta({ description: "`national-YYYY-MM-DD`" }),
  day: ZDay,
  kind: ZDayKind,
  name: z.string(),
  origin: z.enum(["statutory", "announced", "national"]).meta({
    description: "The Labour Code's own rule, a shipped Government announcement, or a console correction",
  }),
  reference: z.string().meta({ description: "The legal text or decision the day rests on" }),
});
const ZTetBreak = z.strictObject({
  year: z.number().int(),
  entered: z.boolean().meta({ description: "The year's Tết break has been announced (shipped or entered)" }),
  warn: z.boolean().meta({ description: "From 1 November until next year's Tết break is entered" }),
});

/** Only the platform superadmin changes the national calendar: it is "the top of the tree". */
const topOfTree = () => null;
const superadminOnly = authorize("calendar.manage", topOfTree);

/**
 * The national working-day calendar: the Labour Code's holidays computed for any year, the
 * Government's announced decisions shipped with the release, and the platform superadmin's
 * corrections, which every unit inherits. A change recomputes the deadlines of open cases that have
 * not passed yet, each case's history saying why its date moved.
 */
export const adminNationalCalendarRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "The national calendar of a year, each day with its origin and legal basis",
      description:
        "Every national day that differs from the usual week, with where it comes from (`statutory`: computed from " +
        "the Labour Code 2019, art. 111-112; `announced`: a Government decision shipped with the release; `national`: " +
        "a correction made in the console) and its reference. `tetBreak` says whether next year's Tết break has been " +
        "entered (`warn` from 1 November until it is). Defaults to the current year.",
      responses: {
        200: z.strictObject({ year: z.number().int(), items: z.array(ZNationalDay), tetBreak: ZTetBreak }),
      },
    }),
    authorize("units.read"),
    validate("query", ZYear),
    async (c) => {
      const today = vnDay(c.var.deps.clock.now());
      const year = c.req.valid("query").year ?? Number(today.slice(0, 4));
      const overrides = await loadNationalOverrides(c.var.deps.database.db);
      return c.json({
        year,
        items: nationalDays(year, overrides).map(({ occasion: _, ...d }) => ({
          id: `national-${d.day}`,
          ...d,
        })),
        tetBreak: tetBreakStatus(today, overrides),
      });
    },
  )
  .post(
    "/",
    describe({
      summary: "Add or correct a national day (platform superadmin)",
      description:
        "Replaces whatever the national calendar says of that day, for every unit. The deadlines of open cases not yet " +
        "passed are recomputed (`moved`). Recorded in the audit log as `calendar.national.set`.",
      requestExample: {
        day: "2027-02-12",
        kind: "day_off",
        name: "Nghỉ hoán đổi dịp Tết Đinh Mùi (làm bù thứ Bảy 20/02)",
        reference: "Thông báo của Bộ Nội vụ ngày 15/10/2026",
      },
      responses: { 201: z.strictObject({ item: ZNationalDay, moved: z.number().int() }) },
    }),
    superadminOnly,
    validate("json", ZNationalEntry),
    async (c) => {
      const entry = c.req.valid("json");
      const now = c.var.deps.clock.now();
      const moved = await c.var.deps.database.db.transaction().execute(async (trx) => {
        const before = await trx
          .deleteFrom("calendar_day")
          .where("unit_id", "is", null)
          .where("day", "=", entry.day)
          .returning(["kind", "name", "reference"])
          .executeTakeFirst();
        await trx
          .insertInto("calendar_day")
          .values({
            unit_id: null,
            day: entry.day,
            kind: entry.kind,
            name: entry.name,
            reference: entry.reference,
          })
          .execute();
        await writeAudit(trx, c, {
          action: "calendar.national.set",
          unitId: null,
          targetType: "calendar_day",
          targetId: entry.day,
          summary: { before: before ?? null, after: entry },
        });
        return recomputeOpenDeadlines(trx, null, now, calendarChange("set", entry.name, entry.day));
      });
      return c.json(
        { item: { id: `national-${entry.day}`, ...entry, origin: "national" as const }, moved },
        201,
      );
    },
  )
  .delete(
    "/:day",
    describe({
      summary: "Remove a day from the national calendar (platform superadmin)",
      description:
        "A correction made in the console is dropped; a computed or announced day is marked removed. Open cases' " +
        "deadlines not yet passed are recomputed (`moved`). 404 when the national calendar has no such day. " +
        "Recorded in the audit log as `calendar.national.remove`.",
      responses: { 200: z.strictObject({ moved: z.number().int() }) },
    }),
    superadminOnly,
    async (c) => {
      const day = c.req.param("day");
      const parsed = ZDay.safeParse(day);
      if (!parsed.success) throw notFound();
      const now = c.var.deps.clock.now();
      const db = c.var.deps.database.db;
      const moved = await db.transaction().execute(async (trx) => {
        const overrides = await loadNationalOverrides(trx);
        const current = nationalDays(Number(day.slice(0, 4)), overrides).find((d) => d.day === day);
        if (!current) throw notFound();
        const without = nationalDays(
          Number(day.slice(0, 4)),
          overrides.filter((o) => o.day !== day),
        ).find((d) => d.day === day);
        await trx.deleteFrom("calendar_day").where("unit_id", "is", null).where("day", "=", day).execute();
        // Still there once the correction is gone: the law or a decision says so; mark it removed.
        if (without)
          await trx
            .insertInto("calendar_day")
            .values({ unit_id: null, day, kind: "removed", name: current.name, reference: null })
            .execute();
        await writeAudit(trx, c, {
          action: "calendar.national.remove",
          unitId: null,
          targetType: "calendar_day",
          targetId: day,
          summary: {
            before: {
              kind: current.kind,
              name: current.name,
              origin: current.origin,
              reference: current.reference,
            },
          },
        });
        return recomputeOpenDeadlines(trx, null, now, calendarChange("remove", current.name, day));
      });
      return c.json({ moved });
    },
  );

/**
 * Whether the coming Tết break is entered (this year's until its first day, then next year's), and
 * whether admins should be warned: from 1 November, and until that Tết, while it is not.
 */
export function tetBreakStatus(
  today: string,
  overrides: Parameters<typeof tetBreakEntered>[1],
): z.infer<typeof ZTetBreak> {
  const thisYear = Number(today.slice(0, 4));
  const year = today < tetDay(thisYear) ? thisYear : thisYear + 1;
  const entered = tetBreakEntered(year, overrides);
  return { year, entered, warn: !entered && (year === thisYear || today.slice(5) >= "11-01") };
}
