import { randomBytes } from "node:crypto";
import type { Database } from "@gopy/db";
import { Hono } from "hono";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { writeAudit } from "../../audit.ts";
import { notFound } from "../../errors.ts";
import { describe, ZTimestamp, ZUuid } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { validate } from "../../http/validate.ts";
import { authorize, UUID, unitParam } from "../../middleware/authorize.ts";
import { MAX_ATTEMPTS } from "../../outbox/worker.ts";
import { enqueueDelivery, envelope, WEBHOOK_EVENTS } from "../../webhooks/events.ts";

const ZUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .meta({ description: "Where deliveries are POSTed (http or https)" });
const ZEvents = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length);
const ZCreate = z.strictObject({
  url: ZUrl,
  description: z.string().trim().normalize("NFC").max(200).default(""),
  events: ZEvents,
  internal: z.boolean().default(false),
});
const ZUpdate = z.strictObject({
  url: ZUrl.optional(),
  description: z.string().trim().normalize("NFC").max(200).optional(),
  events: ZEvents.optional(),
  internal: z.boolean().optional(),
});
const ZDeliveryQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const ZWebhook = z.strictObject({
  id: ZUuid,
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  internal: z.boolean().meta({
    description: "Deliveries may carry personal data and the case's tracking code (set by an admin)",
  }),
  createdAt: ZTimestamp,
  deliveries: z.strictObject({
    pending: z.number().int(),
    failed: z.number().int(),
    lastDeliveredAt: ZTimestamp.nullable(),
  }),
});
const ZDeliveryState = z.enum(["pending", "delivered", "failed"]);
const ZDelivery = z.strictObject({
  id: z.number().int(),
  event: z.string(),
  createdAt: ZTimestamp,
  state: ZDeliveryState,
  attempts: z.number().int(),
  nextAttemptAt: ZTimestamp.nullable(),
  lastError: z.string().nullable(),
  payload: z.looseObject({ id: z.string(), type: z.string(), createdAt: z.string() }),
  log: z.array(
    z.strictObject({
      at: ZTimestamp,
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
    }),
  ),
});

const newSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function listWebhooks(db: Kysely<Database>, unitId: string, id?: string) {
  const rows = await sql<{
    id: string;
    url: string;
    description: string;
    events: string[];
    internal: boolean;
    created_at: Date;
    pending: number;
    failed: number;
    last_delivered_at: Date | null;
  }>`
    select w.id, w.url, w.description, w.events, w.internal, w.created_at,
      (select count(*) from outbox o where o.channel = 'webhook' and o.recipient = w.id::text
        and o.sent_at is null and o.failed_at is null)::int as pending,
      (select count(*) from outbox o where o.channel = 'webhook' and o.recipient = w.id::text
        and o.failed_at is not null)::int as failed,
      (select max(o.sent_at) from outbox o where o.channel = 'webhook' and o.recipient = w.id::text) as last_delivered_at
    from webhook w
    where w.unit_id = ${unitId} and w.disabled_at is null ${id ? sql`and w.id = ${id}` : sql``}
    order by w.created_at desc`.execute(db);
  return rows.rows.map((w) => ({
    id: w.id,
    url: w.url,
    description: w.description,
    events: w.events as (typeof WEBHOOK_EVENTS)[number][],
    internal: w.internal,
    createdAt: w.created_at.toISOString(),
    deliveries: { pending: w.pending, failed: w.failed, lastDeliveredAt: iso(w.last_delivered_at) },
  }));
}

async function activeWebhook(db: Kysely<Database>, unitId: string, webhookId: string) {
  if (!UUID.test(webhookId)) throw notFound();
  const hook = await db
    .selectFrom("webhook")
    .selectAll()
    .where("id", "=", webhookId.toLowerCase())
    .where("unit_id", "=", unitId)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!hook) throw notFound();
  return hook;
}

const EVENTS_TEXT =
  "`petition.created`, `petition.state_changed` (with `previousState`), `petition.answered`, and " +
  "`survey.responses` (counts of new answers per survey and link, batched about once a minute) and `report.published` (a monthly summary or a correction is published). " +
  "Events of the unit and of every unit below it are delivered. A petition event carries the case's `id`; " +
  "its tracking code and tracking page (a bearer secret for following, rating, reopening and withdrawing " +
  "the case) only go to `internal` webhooks.";

/**
 * A unit's webhooks: outside systems told of petitions and survey answers as they happen.
 * Deliveries are signed (HMAC-SHA256 with a timestamp), retried with backoff through the outbox and
 * logged; without `internal` (an admin's choice) they never carry personal data or tracking codes.
 */
export const adminWebhookRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "List the unit's webhooks with their delivery counts",
      description: "Needs `integrations.manage` (the unit's admin). Secrets are never listed.",
      responses: { 200: z.strictObject({ items: z.array(ZWebhook) }) },
    }),
    authorize("integrations.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      return c.json({ items: await listWebhooks(c.var.deps.database.db, unitId) });
    },
  )
  .post(
    "/",
    describe({
      summary: "Create a webhook",
      description: `Events: ${EVENTS_TEXT} The signing secret is in this answer only.`,
      requestExample: {
        url: "https://truong-demo.edu.vn/hooks/gop-y",
        description: "Trang tin của trường",
        events: ["petition.created", "petition.answered"],
        internal: false,
      },
      responses: {
        201: ZWebhook.extend({
          secret: z.string().meta({ description: "The signing secret (`whsec_…`), shown once" }),
        }),
      },
    }),
    authorize("integrations.manage", unitParam),
    validate("json", ZCreate),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const input = c.req.valid("json");
      const secret = newSecret();
      const db = c.var.deps.database.db;
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("webhook")
          .values({
            unit_id: unitId,
            url: input.url,
            description: input.description,
            events: input.events,
            internal: input.internal,
            secret,
            created_at: c.var.deps.clock.now(),
            created_by: c.var.user.id,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await writeAudit(trx, c, {
          action: "webhook.create",
          unitId,
          targetType: "webhook",
          targetId: row.id,
          summary: { after: { url: input.url, events: input.events, internal: input.internal } },
        });
        return row.id;
      });
      const [created] = await listWebhooks(db, unitId, id);
      return c.json({ ...created!, secret }, 201);
    },
  )
  .patch(
    "/:webhookId",
    describe({
      summary: "Change a webhook's address, events, description or internal flag",
      responses: { 200: ZWebhook },
    }),
    authorize("integrations.manage", unitParam),
    validate("json", ZUpdate),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const db = c.var.deps.database.db;
      const hook = await activeWebhook(db, unitId, c.req.param("webhookId"));
      const input = c.req.valid("json");
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("webhook").set(input).where("id", "=", hook.id).execute();
        await writeAudit(trx, c, {
          action: "webhook.update",
          unitId,
          targetType: "webhook",
          targetId: hook.id,
          summary: {
            before: { url: hook.url, events: hook.events, internal: hook.internal },
            after: input,
          },
        });
      });
      const [updated] = await listWebhooks(db, unitId, hook.id);
      return c.json(updated!);
    },
  )
  .delete(
    "/:webhookId",
    describe({
      summary: "Delete a webhook",
      description: "Nothing more is delivered to it, including deliveries still waiting for a retry.",
      responses: { 204: { description: "Deleted" } },
    }),
    authorize("integrations.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const db = c.var.deps.database.db;
      const hook = await activeWebhook(db, unitId, c.req.param("webhookId"));
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("webhook")
          .set({ disabled_at: c.var.deps.clock.now() })
          .where("id", "=", hook.id)
          .execute();
        await writeAudit(trx, c, {
          action: "webhook.delete",
          unitId,
          targetType: "webhook",
          targetId: hook.id,
          summary: { before: { url: hook.url, events: hook.events } },
        });
      });
      return c.body(null, 204);
    },
  )
  .post(
    "/:webhookId/secret",
    describe({
      summary: "Replace a webhook's signing secret",
      description: "Deliveries from now on are signed with the new secret, shown in this answer only.",
      responses: { 200: z.strictObject({ secret: z.string() }) },
    }),
    authorize("integrations.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const db = c.var.deps.database.db;
      const hook = await activeWebhook(db, unitId, c.req.param("webhookId"));
      const secret = newSecret();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("webhook").set({ secret }).where("id", "=", hook.id).execute();
        await writeAudit(trx, c, {
          action: "webhook.rotate_secret",
          unitId,
          targetType: "webhook",
          targetId: hook.id,
        });
      });
      return c.json({ secret });
    },
  )
  .post(
    "/:webhookId/test",
    describe({
      summary: "Send a test delivery (`ping`)",
      description: "Queued at once and sent within seconds; its outcome appears in the delivery log.",
      responses: { 202: z.strictObject({ deliveryId: z.number().int() }) },
    }),
    authorize("integrations.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const db = c.var.deps.database.db;
      const hook = await activeWebhook(db, unitId, c.req.param("webhookId"));
      const unit = await db
        .selectFrom("unit")
        .select(["id", "slug", "name"])
        .where("id", "=", unitId)
        .executeTakeFirstOrThrow();
      const now = c.var.deps.clock.now();
      const data = { message: "Góp Ý webhook test", events: hook.events };
      const row = await enqueueDelivery(db, hook.id, "ping", envelope("ping", unit, data, now), now);
      return c.json({ deliveryId: Number(row.id) }, 202);
    },
  )
  .get(
    "/:webhookId/deliveries",
    describe({
      summary: "A webhook's delivery log, newest first",
      description:
        `Each delivery with its payload and every attempt (HTTP status, error, time taken). A delivery ` +
        `is retried with growing pauses (1 min, 2, 4 … up to 6 h) and given up after ${MAX_ATTEMPTS} attempts.`,
      responses: { 200: z.strictObject({ items: z.array(ZDelivery) }) },
    }),
    authorize("integrations.manage", unitParam),
    validate("query", ZDeliveryQuery),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const db = c.var.deps.database.db;
      const hook = await activeWebhook(db, unitId, c.req.param("webhookId"));
      const rows = await db
        .selectFrom("outbox")
        .select([
          "id",
          "subject",
          "body",
          "created_at",
          "attempts",
          "next_attempt_at",
          "sent_at",
          "failed_at",
          "last_error",
        ])
        .where("channel", "=", "webhook")
        .where("recipient", "=", hook.id)
        .orderBy("id", "desc")
        .limit(c.req.valid("query").limit)
        .execute();
      const attempts =
        rows.length === 0
          ? []
          : await db
              .selectFrom("webhook_attempt")
              .select(["outbox_id", "at", "status_code", "error", "duration_ms"])
              .where(
                "outbox_id",
                "in",
                rows.map((r) => r.id),
              )
              .orderBy("id")
              .execute();
      return c.json({
        items: rows.map((r) => {
          const state = r.sent_at ? "delivered" : r.failed_at ? "failed" : "pending";
          return {
            id: Number(r.id),
            event: r.subject,
            createdAt: r.created_at.toISOString(),
            state,
            attempts: r.attempts,
            nextAttemptAt: state === "pending" ? r.next_attempt_at.toISOString() : null,
            lastError: r.last_error,
            payload: JSON.parse(r.body),
            log: attempts
              .filter((a) => a.outbox_id === r.id)
              .map((a) => ({
                at: a.at.toISOString(),
                statusCode: a.status_code,
                error: a.error,
                durationMs: a.duration_ms,
              })),
          };
        }),
      });
    },
  )
  .post(
    "/:webhookId/deliveries/:deliveryId/retry",
    describe({
      summary: "Send a given-up delivery again",
      description: "Only a delivery that failed for good; it gets a fresh set of attempts. Otherwise 404.",
      responses: { 202: { description: "Queued again" } },
    }),
    authorize("integrations.manage", unitParam),
    async (c) => {
      const unitId = c.req.param("unitId")!.toLowerCase();
      const db = c.var.deps.database.db;
      const hook = await activeWebhook(db, unitId, c.req.param("webhookId"));
      const deliveryId = Number(c.req.param("deliveryId"));
      if (!Number.isSafeInteger(deliveryId) || deliveryId <= 0) throw notFound();
      const now = c.var.deps.clock.now();
      const retried = await db
        .updateTable("outbox")
        .set({ failed_at: null, attempts: 0, next_attempt_at: now, claimed_until: null })
        .where("id", "=", deliveryId)
        .where("channel", "=", "webhook")
        .where("recipient", "=", hook.id)
        .where("failed_at", "is not", null)
        .returning("id")
        .executeTakeFirst();
      if (!retried) throw notFound();
      return c.body(null, 202);
    },
  );
