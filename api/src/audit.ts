import type { Database } from "@gopy/db";
import type { Context } from "hono";
import type { Kysely, Transaction } from "kysely";
import type { AppEnv } from "./http/types.ts";

export interface AuditEntry {
  action: string;
  unitId: string | null;
  targetType: string;
  targetId: string | null;
  /** Before/after of what changed: names and roles, never passwords, tokens or citizens' data. */
  summary?: Record<string, unknown>;
}

/** Records a staff write, in the same transaction as the write itself. */
export async function writeAudit(
  db: Kysely<Database> | Transaction<Database>,
  c: Context<AppEnv>,
  entry: AuditEntry,
): Promise<void> {
  const user = c.var.user;
  await db
    .insertInto("audit_log")
    .values({
      at: c.var.deps.clock.now(),
      actor_user_id: user?.id ?? null,
      actor_email: user?.email ?? null,
      unit_id: entry.unitId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      summary: JSON.stringify(entry.summary ?? {}),
      request_id: c.var.requestId,
    })
    .execute();
}
