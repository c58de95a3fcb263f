import type { Database } from "@gopy/db";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { enqueueMessage } from "../outbox/outbox.ts";
import { type PeriodicJob, startPeriodic } from "../periodic.ts";
import { vnDateText, vnDay } from "../time.ts";
import { removeOrphanAttachments } from "./attachments.ts";
import { loadCalendar } from "./repository.ts";
import { applyRetention } from "./retention.ts";
import { vnIso } from "./service.ts";

const OPEN_STATES = ["received", "acknowledged", "assigned", "in_progress", "reopened"];

/**
 * Reminders through the outbox, each sent once: to the assignee two working days before a case's
 * answer-by day, and to the unit's admins on the day a case becomes overdue. Marking the case and
 * queueing the email happen in one transaction, so several servers never send one reminder twice.
 */
export async function sendDueReminders(
  db: Kysely<Database>,
  now: Date,
  publicBaseUrl: string,
): Promise<{ dueSoon: number; overdue: number }> {
  const today = vnDay(now);
  const open = await db
    .selectFrom("petition")
    .selectAll()
    .where("state", "in", OPEN_STATES)
    .where("paused_at", "is", null)
    .where((eb) => eb.or([eb("reminded_due_soon_at", "is", null), eb("reminded_overdue_at", "is", null)]))
    .execute();
  let dueSoon = 0;
  let overdue = 0;
  for (const p of open) {
    const due = vnDay(p.answer_by);
    const link = `${publicBaseUrl}/admin/petitions/${p.id}`;
    if (p.answer_by < now && p.reminded_overdue_at === null) {
      const sent = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable("petition")
          .set({ reminded_overdue_at: now })
          .where("id", "=", p.id)
          .where("reminded_overdue_at", "is", null)
          .returning("id")
          .executeTakeFirst();
        if (!claimed) return false;
        const admins = await trx
          .selectFrom("membership as m")
          .innerJoin("app_user as u", "u.id", "m.user_id")
          .select("u.email")
          .where("m.unit_id", "=", p.unit_id)
          .where("m.role", "=", "admin")
          .where("u.disabled_at", "is", null)
          .execute();
        for (const admin of admins) {
          await enqueueMessage(
            trx,
            {
              recipient: admin.email,
              subject: `Quá hạn: hồ sơ ${p.tracking_code} chưa được trả lời`,
              body: [
                `Hồ sơ ${p.tracking_code} (${p.subject}) đã quá hạn trả lời (${vnIso(p.answer_by)}).`,
                "Vui lòng trả lời ngay và gửi thư xin lỗi người gửi.",
                link,
              ].join("\n"),
            },
            now,
          );
        }
        return true;
      });
      if (sent) overdue++;
      continue;
    }
    if (p.assignee_user_id && p.reminded_due_soon_at === null && due >= today) {
      const calendar = await loadCalendar(db, p.unit_id);
      if (calendar.workingDaysBetween(today, due) > 2) continue;
      const sent = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable("petition")
          .set({ reminded_due_soon_at: now })
          .where("id", "=", p.id)
          .where("reminded_due_soon_at", "is", null)
          .returning("id")
          .executeTakeFirst();
        if (!claimed) return false;
        const assignee = await trx
          .selectFrom("app_user")
          .select("email")
          .where("id", "=", p.assignee_user_id!)
          .where("disabled_at", "is", null)
          .executeTakeFirst();
        if (!assignee) return true;
        await enqueueMessage(
          trx,
          {
            recipient: assignee.email,
            subject: `Sắp đến hạn: hồ sơ ${p.tracking_code} (hạn ${vnDateText(due)})`,
            body: [
              `Hồ sơ ${p.tracking_code} (${p.subject}) được giao cho bạn cần trả lời trước ${vnIso(p.answer_by)}.`,
              link,
            ].join("\n"),
          },
          now,
        );
        return true;
      });
      if (sent) dueSoon++;
    }
  }
  return { dueSoon, overdue };
}

/** Checks for reminders every `intervalMs` until stopped. */
export function startReminderJob(
  db: Kysely<Database>,
  clock: Clock,
  publicBaseUrl: string,
  logger: Logger,
  intervalMs = 10 * 60_000,
): PeriodicJob {
  return startPeriodic(
    async () => {
      await removeOrphanAttachments(db, clock.now());
      await applyRetention(db, clock.now());
      const sent = await sendDueReminders(db, clock.now(), publicBaseUrl);
      if (sent.dueSoon + sent.overdue > 0) logger.info(sent, "petition reminders queued");
    },
    { intervalMs, logger, failure: "petition reminders failed", immediately: true },
  );
}
