import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import type { Database } from "@gopy/db";
import type { Kysely } from "kysely";
import type { Clock } from "../clock.ts";
import { type Delivery, PermanentFailure, type Transport } from "../outbox/transports.ts";
import { SIGNATURE_HEADER, signPayload } from "./signature.ts";

/** How long a receiver has to answer one attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookTransportOptions {
  /**
   * Also deliver to loopback, private and link-local addresses (a receiver on the school's own
   * network). Off by default: a webhook URL must not reach the service's own machine or network.
   */
  allowPrivate?: boolean;
  timeoutMs?: number;
}

/** Addresses a webhook may not reach unless private receivers are allowed. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv6");
}

/** Whether `address` (v4, v6 or v4-mapped v6) is loopback, private, link-local or reserved. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

class AddressRefused extends Error {}

/**
 * A `dns.lookup` for sockets that refuses private addresses: the connection goes to the address
 * checked here, so a name cannot resolve to a public address for the check and a private one for
 * the connection.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new AddressRefused(`address ${refused.address} is not allowed`), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** POSTs `body` to `url` and resolves with the status (the answer's body is discarded). */
function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<number> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!options.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
    return Promise.reject(new AddressRefused(`address ${host} is not allowed`));
  }
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * Posts a queued delivery to its webhook, signed, and logs the attempt (status, error, time taken)
 * for the console. Any 2xx is success; anything else, a timeout or a network error is retried by
 * the outbox with backoff. A webhook that was deleted meanwhile is not retried.
 */
export function webhookTransport(
  db: Kysely<Database>,
  clock: Clock,
  options: WebhookTransportOptions = {},
): Transport {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const allowPrivate = options.allowPrivate ?? false;
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
      let refused = false;
      try {
        statusCode = await post(
          new URL(hook.url),
          message.body,
          {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "GopY-Webhooks/1",
            "Gopy-Event": message.subject,
            "Gopy-Delivery": String(message.id),
            [SIGNATURE_HEADER]: signPayload(hook.secret, timestamp, message.body),
          },
          { timeoutMs, allowPrivate },
        );
        if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
      } catch (caught) {
        const e = caught as Error;
        refused = e instanceof AddressRefused;
        error =
          e.name === "TimeoutError" || e.name === "AbortError"
            ? `no answer within ${timeoutMs / 1000} s`
            : e.message || String(e);
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
      // A refused address stays refused: not retried.
      if (refused) throw new PermanentFailure(error!);
      if (error) throw new Error(error);
    },
  };
}
