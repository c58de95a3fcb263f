import type { Database } from "@gopy/db";
import { type Kysely, sql, type Transaction } from "kysely";

export const ERASED_TEXT = "[Nội dung đã được xoá để bảo vệ dữ liệu cá nhân]";

/**
 * Erases a case's personal data: the contact, the files, and the citizen's own text (which may name
 * people), plus their notes on the case. What the figures need stays: kind, dates, state, outcome,
 * rating. The unit's own answer is kept.
 */
export async function erasePersonalData(
  trx: Transaction<Database>,
  petitionId: string,
  now: Date,
): Promise<void> {
  await trx.deleteFrom("petition_contact").where("petition_id", "=", petitionId).execute();
  await trx.deleteFrom("petition_attachment").where("petition_id", "=", petitionId).execute();
  await trx
    .updateTable("petition_event")
    .set({ note: null })
    .where("petition_id", "=", petitionId)
    .where("actor", "=", "citizen")
    .execute();
  await trx
    .updateTable("petition")
    .set({
      subject: ERASED_TEXT,
      content: ERASED_TEXT,
      rating_reason: null,
      anonymized_at: now,
      updated_at: now,
    })
    .where("id", "=", petitionId)
    .execute();
}

/** Cases whose unit's retention period has passed since they ended: their personal data goes. */
export async function applyRetention(db: Kysely<Database>, now: Date): Promise<number> {
  const due = await db
    .selectFrom("petition as p")
    .innerJoin("unit as u", "u.id", "p.unit_id")
    .select("p.id")
    .where("p.anonymized_at", "is", null)
    .where(
      sql<boolean>`coalesce(p.closed_at, p.answered_at) + make_interval(years => u.retention_years) < ${now}`,
    )
    .limit(500)
    .execute();
  for (const row of due) {
    await db.transaction().execute((trx) => erasePersonalData(trx, row.id, now));
  }
  return due.length;
}
