import { randomBytes } from "node:crypto";
import type { Database } from "@gopy/db";
import type { Kysely } from "kysely";
import type { SessionUser } from "../http/types.ts";
import { sha256 } from "./links.ts";

export const TOKEN_PREFIX = "gopy_";

export async function createApiToken(db: Kysely<Database>, userId: string, name: string, now: Date) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await db
    .insertInto("api_token")
    .values({ user_id: userId, name, token_hash: sha256(token), created_at: now })
    .returning(["id", "name", "created_at as createdAt"])
    .executeTakeFirstOrThrow();
  return { ...row, token };
}

/** The user behind a bearer token, unless it was revoked or the account disabled. */
export async function resolveApiToken(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<SessionUser | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const hash = sha256(token);
  const row = await db
    .selectFrom("api_token as t")
    .innerJoin("app_user as u", "u.id", "t.user_id")
    .select([
      "t.id as tokenId",
      "t.last_used_at as lastUsedAt",
      "u.id",
      "u.email",
      "u.display_name as displayName",
      "u.is_superadmin as isSuperadmin",
    ])
    .where("t.token_hash", "=", hash)
    .where("t.revoked_at", "is", null)
    .where("u.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.updateTable("api_token").set({ last_used_at: now }).where("id", "=", row.tokenId).execute();
  }
  return { id: row.id, email: row.email, displayName: row.displayName, isSuperadmin: row.isSuperadmin };
}
