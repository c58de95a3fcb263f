import type { Database } from "@gopy/db";
import type { Kysely, Transaction } from "kysely";

export interface OutgoingMessage {
  channel?: "email";
  recipient: string;
  subject: string;
  body: string;
}

/**
 * Queues a message in the caller's transaction: it is sent only if the change that causes it
 * commits, and it is never lost once that change is committed.
 */
export async function enqueueMessage(
  db: Kysely<Database> | Transaction<Database>,
  message: OutgoingMessage,
  now: Date,
): Promise<void> {
  await db
    .insertInto("outbox")
    .values({
      channel: message.channel ?? "email",
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      created_at: now,
      next_attempt_at: now,
    })
    .execute();
}
