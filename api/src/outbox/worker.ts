import type { Database } from "@gopy/db";
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { type PeriodicJob, startPeriodic } from "../periodic.ts";
import { PermanentFailure, type Transport } from "./transports.ts";

export const MAX_ATTEMPTS = 8;
const CLAIM_MS = 5 * 60 * 1000;

/** 1 min, 2, 4 … capped at 6 hours. */
export const backoffMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3600_000);

/**
 * Sends due messages, one at a time. A message is claimed (so a second worker skips it), sent,
 * then marked sent. If the process dies after sending but before marking, the claim expires and
 * the message is sent again: at-least-once delivery, with the message id in every copy so the
 * receiving side can drop duplicates. If it dies before sending, nothing was sent and the claim
 * expires: never lost.
 */
export async function deliverDueMessages(
  db: Kysely<Database>,
  transport: Transport,
  clock: Clock,
  logger: Logger,
  batch = 20,
): Promise<number> {
  let delivered = 0;
  for (let i = 0; i < batch; i++) {
    const now = clock.now();
    const claimed = await sql<{
      id: number;
      channel: string;
      recipient: string;
      subject: string;
      body: string;
      attempts: number;
    }>`
      update outbox set claimed_until = ${new Date(now.getTime() + CLAIM_MS)}, attempts = attempts + 1
      where id = (
        select id from outbox
        where sent_at is null and failed_at is null and next_attempt_at <= ${now}
          and (claimed_until is null or claimed_until < ${now})
        order by next_attempt_at, id
        limit 1
        for update skip locked
      )
      returning id, channel, recipient, subject, body, attempts`.execute(db);
    const message = claimed.rows[0];
    if (!message) break;
    try {
      await transport.send(message);
      await db
        .updateTable("outbox")
        .set({ sent_at: clock.now(), claimed_until: null, last_error: null })
        .where("id", "=", message.id)
        .execute();
      delivered++;
      // The recipient is personal data: the log names the message, never the address.
      logger.info(
        {
          outboxId: message.id,
          channel: message.channel,
          transport: transport.name,
          ...(message.channel === "email" && "lastPath" in transport && { file: transport.lastPath }),
        },
        "message sent",
      );
    } catch (error) {
      const giveUp = message.attempts >= MAX_ATTEMPTS || error instanceof PermanentFailure;
      await db
        .updateTable("outbox")
        .set({
          claimed_until: null,
          last_error: String(error instanceof Error ? error.message : error).slice(0, 500),
          next_attempt_at: new Date(clock.now().getTime() + backoffMs(message.attempts)),
          ...(giveUp && { failed_at: clock.now() }),
        })
        .where("id", "=", message.id)
        .execute();
      logger.warn(
        { outboxId: message.id, channel: message.channel, attempts: message.attempts, giveUp },
        "message not sent",
      );
    }
  }
  return delivered;
}

/** Polls the outbox every `intervalMs` until stopped. */
export function startOutboxWorker(
  db: Kysely<Database>,
  transport: Transport,
  clock: Clock,
  logger: Logger,
  intervalMs = 2000,
): PeriodicJob {
  return startPeriodic(() => deliverDueMessages(db, transport, clock, logger), {
    intervalMs,
    logger,
    failure: "outbox poll failed",
  });
}
