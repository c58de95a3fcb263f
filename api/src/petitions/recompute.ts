import type { Database } from "@gopy/db";
import type { Transaction } from "kysely";
import { vnDateText } from "../time.ts";
import { subtreeIds } from "../units.ts";
import { type ClockEvent, type ExtensionReason, replayDeadlines } from "./clocks.ts";
import type { PetitionKind } from "./deadlines.ts";
import { isOpenState, type PetitionState } from "./lifecycle.ts";
import { loadCalendar, loadPetitionSettings } from "./repository.ts";

/** How a history entry names a calendar change: `thêm "Nghỉ do bão" ngày 24/11/2026`. */
export function calendarChange(change: "set" | "remove", name: string, day: string): string {
  return `${change === "set" ? "thêm" : "bỏ"} "${name}" ngày ${vnDateText(day)}`;
}

/**
 * After a change of the working-day calendar (a national day, or a unit's own), the deadlines of the
 * open cases it concerns are computed again from each case's history on the new calendar. Only a
 * deadline that has not passed yet moves: what was already due stays due, and stamped outcomes are
 * history. Each moved case gets a public history entry saying why its date moved. Returns how many
 * cases moved.
 *
 * @param unitId the unit whose calendar changed (its subtree is concerned); null for the national calendar.
 */
export async function recomputeOpenDeadlines(
  trx: Transaction<Database>,
  unitId: string | null,
  now: Date,
  reason: string,
): Promise<number> {
  const units = unitId === null ? null : await subtreeIds(trx, unitId, { includeArchived: true });
  let query = trx
    .selectFrom("petition")
    .selectAll()
    .where((eb) =>
      eb.or([
        eb("answer_by", ">", now),
        eb.and([eb("acknowledged_at", "is", null), eb("acknowledge_by", ">", now)]),
      ]),
    );
  if (units !== null) {
    if (units.length === 0) return 0;
    query = query.where("unit_id", "in", units);
  }
  const cases = (await query.execute()).filter((p) => isOpenState(p.state as PetitionState));
  if (cases.length === 0) return 0;

  const events = await trx
    .selectFrom("petition_event")
    .select(["petition_id", "at", "event", "details"])
    .where(
      "petition_id",
      "in",
      cases.map((p) => p.id),
    )
    .where("event", "in", ["request_info", "info_received", "reopen", "extend"])
    .execute();
  const byCase = new Map<string, ClockEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.petition_id) ?? [];
    if (e.event === "extend") {
      const d = (e.details ?? {}) as { reason?: ExtensionReason; days?: number };
      list.push({ at: e.at, event: "extend", reason: d.reason ?? "complex", days: d.days ?? 30 });
    } else list.push({ at: e.at, event: e.event as "request_info" | "info_received" | "reopen" });
    byCase.set(e.petition_id, list);
  }

  let moved = 0;
  const calendars = new Map<string, Awaited<ReturnType<typeof loadCalendar>>>();
  const settings = new Map<string, Awaited<ReturnType<typeof loadPetitionSettings>>>();
  for (const p of cases) {
    if (!calendars.has(p.unit_id)) {
      calendars.set(p.unit_id, await loadCalendar(trx, p.unit_id));
      settings.set(p.unit_id, await loadPetitionSettings(trx, p.unit_id));
    }
    const kind = p.kind as PetitionKind;
    const unitSettings = settings.get(p.unit_id)!;
    const again = replayDeadlines(
      {
        kind,
        receivedAt: p.received_at,
        acceptedAt: p.acknowledged_at,
        remoteArea: unitSettings.remoteArea,
        rules: unitSettings.rules[kind],
        events: byCase.get(p.id) ?? [],
      },
      calendars.get(p.unit_id)!,
    );
    const changes: { acknowledge_by?: Date; answer_by?: Date } = {};
    const notes: string[] = [];
    if (
      p.acknowledged_at === null &&
      p.acknowledge_by > now &&
      again.acknowledgeBy.getTime() !== p.acknowledge_by.getTime()
    ) {
      changes.acknowledge_by = again.acknowledgeBy;
      notes.push(`hạn tiếp nhận từ ${vnDateText(p.acknowledge_by)} sang ${vnDateText(again.acknowledgeBy)}`);
    }
    if (p.answer_by > now && again.answerBy.getTime() !== p.answer_by.getTime()) {
      changes.answer_by = again.answerBy;
      notes.push(`hạn trả lời từ ${vnDateText(p.answer_by)} sang ${vnDateText(again.answerBy)}`);
    }
    if (notes.length === 0) continue;
    await trx
      .updateTable("petition")
      .set({ ...changes, updated_at: now })
      .where("id", "=", p.id)
      .execute();
    await trx
      .insertInto("petition_event")
      .values({
        petition_id: p.id,
        at: now,
        actor: "system",
        event: "deadline_moved",
        from_state: p.state,
        to_state: p.state,
        public: true,
        note: `Lịch nghỉ thay đổi (${reason}): ${notes.join("; ")}.`,
        details: JSON.stringify({
          reason,
          ...(changes.acknowledge_by && {
            acknowledgeBy: { from: p.acknowledge_by, to: changes.acknowledge_by },
          }),
          ...(changes.answer_by && { answerBy: { from: p.answer_by, to: changes.answer_by } }),
        }),
      })
      .execute();
    moved++;
  }
  return moved;
}
