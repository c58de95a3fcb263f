import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../../errors.ts";
import { toCsv } from "../../http/csv.ts";
import { describe, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, UUID } from "../../middleware/authorize.ts";

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const ZAuditQuery = z.strictObject({
  unitId: z.string().regex(UUID).optional(),
  action: z.string().max(64).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
type AuditQuery = z.infer<typeof ZAuditQuery>;

const ZAuditEntry = z.strictObject({
  id: z.number().int().meta({ description: "Increasing with time; pass it as `before` to page" }),
  at: ZTimestamp,
  actorEmail: z
    .string()
    .nullable()
    .meta({
      description:
        "Who did it; null when done through a link e-mailed to them, or by a case's sender with their key " +
        '(`summary.actor` is `"citizen"`)',
    }),
  unitId: ZUuid.nullable().meta({ description: "null for actions on a person's own account or tokens" }),
  unitName: z.string().nullable(),
  action: z.string().meta({ examples: ["unit.create", "staff.invite", "petition.publish"] }),
  targetType: z.string(),
  targetId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()).meta({
    description: "What changed (before/after of names and roles); never passwords, tokens or citizens' data",
  }),
  requestId: z.string().nullable(),
});

const AUDIT_SCOPE =
  "Needs `audit.read` (unit admin or People's Inspection Board) and covers the units where the caller has it " +
  "and those below; entries not tied to a unit are shown to superadmins only. Filters: `unitId` (404 outside the " +
  "caller's reach), `action` as a prefix (`staff.` matches every staff change), `from`/`to` as days in Vietnam " +
  "(both inclusive).";

/** Dates are days in Vietnam (UTC+7, no daylight saving). */
const vietnamDayStart = (day: string) => new Date(`${day}T00:00:00+07:00`);

async function queryAudit(c: import("hono").Context<AppEnv>, q: AuditQuery, limit: number) {
  const access = c.var.access;
  const allowed = access.unitsWhere("audit.read");
  if (q.unitId && !access.can("audit.read", q.unitId)) throw notFound();
  let query = c.var.deps.database.db
    .selectFrom("audit_log as a")
    .leftJoin("unit as u", "u.id", "a.unit_id")
    .select([
      "a.id",
      "a.at",
      "a.actor_email as actorEmail",
      "a.unit_id as unitId",
      "u.name as unitName",
      "a.action",
      "a.target_type as targetType",
      "a.target_id as targetId",
      "a.summary",
      "a.request_id as requestId",
    ])
    .orderBy("a.id", "desc")
    .limit(limit);
  if (q.unitId) query = query.where("a.unit_id", "=", q.unitId);
  else if (allowed !== "all")
    query = query.where(
      "a.unit_id",
      "in",
      allowed.length ? allowed : ["00000000-0000-0000-0000-000000000000"],
    );
  if (q.action) query = query.where("a.action", "like", `${q.action.replace(/[%_\\]/g, "\\$&")}%`);
  if (q.from) query = query.where("a.at", ">=", vietnamDayStart(q.from));
  if (q.to) query = query.where("a.at", "<", new Date(vietnamDayStart(q.to).getTime() + 86_400_000));
  if (q.before) query = query.where("a.id", "<", q.before);
  return query.execute();
}

export const adminAuditRoutes = new Hono<AppEnv>()
  .get(
    "/audit",
    describe({
      summary: "Read the audit log of staff actions",
      description: `Newest first, \`limit\` entries a page; the next page is \`before=<nextBefore>\`. ${AUDIT_SCOPE}`,
      responses: {
        200: z.strictObject({
          items: z.array(ZAuditEntry),
          nextBefore: z.number().int().nullable().meta({ description: "null on the last page" }),
        }),
      },
    }),
    authorize("audit.read"),
    validate("query", ZAuditQuery),
    async (c) => {
      const q = c.req.valid("query");
      const items = await queryAudit(c, q, q.limit + 1);
      const page = items.slice(0, q.limit);
      return c.json({ items: page, nextBefore: items.length > q.limit ? page[page.length - 1]!.id : null });
    },
  )
  .get(
    "/audit.csv",
    describe({
      summary: "Download the audit log as CSV",
      description:
        "The same entries and filters as the JSON list, newest first, without paging (`limit` is ignored; at " +
        "most 100,000 rows). UTF-8 with a byte-order mark for Excel; `summary` is a JSON cell. " +
        AUDIT_SCOPE,
      responses: {
        200: {
          description: "Columns: id, at, actor, unit, action, target_type, target_id, summary, request_id",
          contentType: "text/csv",
          headers: { "Content-Disposition": 'attachment; filename="nhat-ky-thao-tac.csv"' },
        },
      },
    }),
    authorize("audit.read"),
    validate("query", ZAuditQuery),
    async (c) => {
      const items = await queryAudit(c, c.req.valid("query"), 100_000);
      const csv = toCsv(
        ["id", "at", "actor", "unit", "action", "target_type", "target_id", "summary", "request_id"],
        items.map((r) => [
          r.id,
          r.at,
          r.actorEmail,
          r.unitName,
          r.action,
          r.targetType,
          r.targetId,
          JSON.stringify(r.summary),
          r.requestId,
        ]),
      );
      return c.body(csv, 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="nhat-ky-thao-tac.csv"',
        "Cache-Control": "no-store",
      });
    },
  );
