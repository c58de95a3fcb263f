import { randomBytes } from "node:crypto";
import type { Database } from "@gopy/db";
import type { Kysely } from "kysely";
import type { SessionUser } from "../http/types.ts";
import { sha256 } from "./links.ts";

export const SESSION_COOKIE = "gopy_session";
/** A session ends after this long without use… */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** …and in any case this long after sign-in. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

const digest = sha256;

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(db: Kysely<Database>, userId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("session")
    .values({
      id: digest(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    })
    .execute();
  return token;
}

/** The user behind a session token, or undefined when it is unknown, idle too long or expired. */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<SessionUser | undefined> {
  const id = digest(token);
  const row = await db
    .selectFrom("session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .select([
      "s.last_seen_at as lastSeenAt",
      "s.expires_at as expiresAt",
      "u.id",
      "u.email",
      "u.display_name as displayName",
      "u.is_superadmin as isSuperadmin",
      "u.disabled_at as disabledAt",
    ])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  const idle = now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS;
  if (idle || now >= row.expiresAt || row.disabledAt !== null) {
    await db.deleteFrom("session").where("id", "=", id).execute();
    return undefined;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable("session").set({ last_seen_at: now }).where("id", "=", id).execute();
  }
  return { id: row.id, email: row.email, displayName: row.displayName, isSuperadmin: row.isSuperadmin };
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom("session").where("id", "=", digest(token)).execute();
}
