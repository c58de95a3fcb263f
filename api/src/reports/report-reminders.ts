import type { Database } from "@gopy/db";
import { type Kysely, sql } from "kysely";
import { enqueueMessage } from "../outbox/outbox.ts";
import { addDays } from "../petitions/calendar.ts";
import { vnDay } from "../time.ts";
import { loadReportSettings } from "./summary.ts";

/** A report that falls due: the quarter's or the year's report to the supervising level. */
export interface DueReport {
  period: string;
  /** YYYY-MM-DD, Vietnam time. */
  dueDay: string;
  title: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The reports due around `today`: each quarter's report on `quarterlyDay` of the month after the
 * quarter, and the year's on `yearlyDate` ("MM-DD") of the same year.
 */
export function dueReports(today: string, quarterlyDay: number, yearlyDate: string): DueReport[] {
  const year = Number(today.slice(0, 4));
  const reports: DueReport[] = [];
  for (const y of [year - 1, year]) {
    for (let q = 1; q <= 4; q++) {
      const month = q * 3 + 1; // the month after the quarter
      const [dy, dm] = month > 12 ? [y + 1, month - 12] : [y, month];
      const day = Math.min(quarterlyDay, lastDayOf(dy, dm));
      const roman = ["I", "II", "III", "IV"][q - 1];
      reports.push({
        period: `${y}-Q${q}`,
        dueDay: `${dy}-${pad(dm)}-${pad(day)}`,
        title: `quý ${roman}/${y}`,
      });
    }
    reports.push({ period: String(y), dueDay: `${y}-${yearlyDate}`, title: `năm ${y}` });
  }
  return reports;
}

/**
 * Reminds each unit's admins of the quarterly and yearly reports `reminderDays` before they fall
 * due, once per unit and report (claimed in `job_run`, so several servers send it once).
 */
export async function sendReportReminders(
  db: Kysely<Database>,
  now: Date,
  publicBaseUrl: string,
): Promise<number> {
  const today = vnDay(now);
  const units = await db
    .selectFrom("unit")
    .select(["id", "name"])
    .where("archived_at", "is", null)
    .where("kind", "!=", "team")
    .execute();
  let sent = 0;
  for (const unit of units) {
    const settings = await loadReportSettings(db, unit.id);
    for (const report of dueReports(today, settings.quarterlyReportDay, settings.yearlyReportDate)) {
      if (today < addDays(report.dueDay, -settings.reportReminderDays) || today > report.dueDay) continue;
      sent += await db.transaction().execute(async (trx) => {
        const claimed = await sql`
          insert into job_run (job, period, started_at, claimed_until, finished_at, outcome, duration_ms)
          values (${`report_reminder:${unit.id}`}, ${report.period}, ${now}, ${now}, ${now}, 'ok', 0)
          on conflict (job, period) do nothing returning period`.execute(trx);
        if (claimed.rows.length === 0) return 0;
        const admins = await trx
          .selectFrom("membership as m")
          .innerJoin("app_user as u", "u.id", "m.user_id")
          .select("u.email")
          .where("m.unit_id", "=", unit.id)
          .where("m.role", "=", "admin")
          .where("u.disabled_at", "is", null)
          .execute();
        const [y, m, d] = report.dueDay.split("-");
        for (const admin of admins) {
          await enqueueMessage(
            trx,
            {
              recipient: admin.email,
              subject: `${unit.name}: báo cáo ${report.title} đến hạn ngày ${d}/${m}/${y}`,
              body: [
                `Báo cáo kết quả khảo sát sự hài lòng và tiếp nhận, xử lý phản ánh, kiến nghị ${report.title}`,
                `của ${unit.name} cần gửi cấp trên trước ngày ${d}/${m}/${y}.`,
                "",
                "Các tháng cần được công bố trước khi lập báo cáo. Xem và tải báo cáo tại:",
                `${publicBaseUrl}/admin/reports`,
              ].join("\n"),
            },
            now,
          );
        }
        return admins.length;
      });
    }
  }
  return sent;
}
