import type { Database } from "@gopy/db";
import type { Kysely } from "kysely";
import type { Clock } from "../clock.ts";
import { type Delivery, PermanentFailure, type Transport } from "../outbox/transports.ts";
import { SIGNATURE_HEADER, signPayload } from "./signature.ts";

/** How long a receiver has to answer one attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Posts a queued delivery to its webhook, signed, and logs the attempt (status, error, time taken)
 * for the console. Any 2xx is success; anything else, a timeout or a network error is retried by
 * the outbox with backoff. A webhook that was deleted meanwhile is not retried.
 */
export function webhookTransport(
  db: Kysely<Database>,
  clock: Clock,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Transport {
  return {
    name: "webhook",
    async send(message: Delivery) {
      const hook = await db
        .selectFrom("webhook")
        .select(["url", "secret", "disabled_at"])
        .where("id", "=", message.recipient)
        .executeTakeFirst();
      if (!hook || hook.disabled_at) throw new PermanentFailure("webhook deleted");
      const at = clock.now();
      const timestamp = Math.floor(at.getTime() / 1000);
      const started = performance.now();
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetchImpl(hook.url, {
          method: "POST",
          body: message.body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "GopY-Webhooks/1",
            "Gopy-Event": message.subject,
            "Gopy-Delivery": String(message.id),
            [SIGNATURE_HEADER]: signPayload(hook.secret, timestamp, message.body),
          },
        });
        statusCode = res.status;
        await res.body?.cancel();
        if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
      } catch (caught) {
        const e = caught as Error;
        error = e.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : e.message || String(e);
      }
      await db
        .insertInto("webhook_attempt")
        .values({
          outbox_id: message.id,
          at,
          status_code: statusCode,
          error: error?.slice(0, 500) ?? null,
          duration_ms: Math.round(performance.now() - started),
        })
        .execute();
      if (error) throw new Error(error);
    },
  };
}
