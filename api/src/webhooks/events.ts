import { randomUUID } from "node:crypto";
import type { Database, Petition } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";
import { vnIso } from "../petitions/service.ts";

/** Events a webhook can subscribe to. `ping` is sent only by the console's "send test" button. */
export const WEBHOOK_EVENTS = [
  "petition.created",
  "petition.state_changed",
  "petition.answered",
  "survey.responses",
  "report.published",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | "ping";

type Db = Kysely<Database> | Transaction<Database>;

export interface Subscriber {
  id: string;
  internal: boolean;
}

/** Active webhooks of `unitId` and of every unit above it that subscribe to `event`. */
export async function subscribersOf(db: Db, unitId: string, event: WebhookEvent): Promise<Subscriber[]> {
  const rows = await sql<Subscriber>`
    with recursive up(id, parent_id) as (
      select id, parent_id from unit where id = ${unitId}
      union all
      select u.id, u.parent_id from unit u join up on u.id = up.parent_id
    )
    select w.id, w.internal from webhook w join up on up.id = w.unit_id
    where w.disabled_at is null and ${event} = any(w.events)
    order by w.created_at`.execute(db);
  return rows.rows;
}

/** The envelope every delivery has; `data` depends on the event and on whether the webhook is internal. */
export function envelope(
  type: WebhookEvent,
  unit: { id: string; slug: string; name: string },
  data: unknown,
  now: Date,
): string {
  return JSON.stringify({ id: randomUUID(), type, createdAt: vnIso(now), unit, data });
}

/** Queues one delivery in the caller's transaction: it leaves only if the change commits. */
export async function enqueueDelivery(
  db: Db,
  webhookId: string,
  type: WebhookEvent,
  body: string,
  now: Date,
) {
  return db
    .insertInto("outbox")
    .values({
      channel: "webhook",
      recipient: webhookId,
      subject: type,
      body,
      created_at: now,
      next_attempt_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/**
 * The case as a webhook sees it. Without `internal`: the case's id, kind, channel, state and clocks,
 * and the question and answer only as published (redacted, with the sender's consent) — never the
 * tracking code or tracking page (a case registered before senders' keys opens with the code alone),
 * the sender, the text they wrote or staff's answer. The sender's key is never sent. Internal webhooks (the
 * unit's own systems, marked by an admin) also get the tracking code and page, the subject,
 * content, answer and assignee, and the contact when the sender agreed to be contacted; a
 * denouncer's identity is never sent.
 */
export async function petitionData(
  db: Db,
  petition: Petition,
  internal: boolean,
  publicBaseUrl: string,
  previousState?: string,
) {
  const iso = (d: Date | null) => (d ? vnIso(d) : null);
  const base = {
    id: petition.id,
    kind: petition.kind,
    channel: petition.channel,
    state: petition.state,
    ...(previousState !== undefined && { previousState }),
    receivedAt: iso(petition.received_at),
    acknowledgeBy: iso(petition.acknowledge_by),
    answerBy: iso(petition.answer_by),
    acknowledgedAt: iso(petition.acknowledged_at),
    answeredAt: iso(petition.answered_at),
    closedAt: iso(petition.closed_at),
    outcome: petition.outcome,
    published:
      petition.published_at && petition.published_question && petition.published_answer
        ? { question: petition.published_question, answer: petition.published_answer }
        : null,
  };
  if (!internal) return base;
  const contact =
    petition.kind !== "denunciation" && petition.consent_contact && petition.anonymized_at === null
      ? ((await db
          .selectFrom("petition_contact")
          .select(["name", "phone", "email"])
          .where("petition_id", "=", petition.id)
          .executeTakeFirst()) ?? null)
      : null;
  return {
    ...base,
    trackingCode: petition.tracking_code,
    trackingUrl: `${publicBaseUrl}/t/${petition.tracking_code}`,
    subject: petition.anonymized_at ? null : petition.subject,
    content: petition.anonymized_at ? null : petition.content,
    answer: petition.answer,
    assigneeUserId: petition.assignee_user_id,
    assigneeUnitId: petition.assignee_unit_id,
    contact,
  };
}

/**
 * Announces a change of a case to every webhook that listens, in the transaction of the change:
 * `petition.created`, `petition.state_changed` (with the previous state) and, when the case was
 * just answered, also `petition.answered`.
 */
export async function emitPetitionEvent(
  trx: Transaction<Database>,
  petition: Petition,
  change: { type: "petition.created" } | { type: "petition.state_changed"; previousState: string },
  now: Date,
  publicBaseUrl: string,
): Promise<void> {
  const types: WebhookEvent[] = [change.type];
  if (change.type === "petition.state_changed" && petition.state === "answered")
    types.push("petition.answered");
  let unit: { id: string; slug: string; name: string } | undefined;
  for (const type of types) {
    const subscribers = await subscribersOf(trx, petition.unit_id, type);
    if (subscribers.length === 0) continue;
    unit ??= await trx
      .selectFrom("unit")
      .select(["id", "slug", "name"])
      .where("id", "=", petition.unit_id)
      .executeTakeFirstOrThrow();
    const previous = change.type === "petition.state_changed" ? change.previousState : undefined;
    for (const hook of subscribers) {
      const data = { petition: await petitionData(trx, petition, hook.internal, publicBaseUrl, previous) };
      await enqueueDelivery(trx, hook.id, type, envelope(type, unit, data, now), now);
    }
  }
}
