import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@gopy/db";
import type { Kysely, Transaction } from "kysely";

export const INVITE_TTL_MS = 7 * 24 * 3600_000;
export const RESET_TTL_MS = 60 * 60_000;

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Creates a one-time password link and returns the token to put in the URL (only its hash is kept). */
export async function createPasswordLink(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  purpose: "invite" | "reset",
  now: Date,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("password_link")
    .values({
      id: sha256(token),
      user_id: userId,
      purpose,
      created_at: now,
      expires_at: new Date(now.getTime() + (purpose === "invite" ? INVITE_TTL_MS : RESET_TTL_MS)),
    })
    .execute();
  return token;
}

/**
 * Uses a link once: marks it used and returns its user, or undefined when it is unknown, used or
 * expired. The conditional update makes a double click or a replay lose the race cleanly.
 */
export async function consumePasswordLink(
  db: Transaction<Database>,
  token: string,
  now: Date,
): Promise<{ userId: string; purpose: "invite" | "reset" } | undefined> {
  const row = await db
    .updateTable("password_link")
    .set({ used_at: now })
    .where("id", "=", sha256(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["user_id", "purpose"])
    .executeTakeFirst();
  return row ? { userId: row.user_id, purpose: row.purpose } : undefined;
}

export const passwordLinkUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl}/admin/reset?token=${encodeURIComponent(token)}`;
