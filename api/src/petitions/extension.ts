import type { Database, Petition } from "@gopy/db";
import type { Transaction } from "kysely";
import { AppError } from "../errors.ts";
import { vnDateText } from "../time.ts";
import { emitPetitionEvent } from "../webhooks/events.ts";
import { type ExtensionReason, extendedAnswerBy, extensionRefusal } from "./clocks.ts";
import type { PetitionKind } from "./deadlines.ts";
import { isOpenState, type PetitionState } from "./lifecycle.ts";
import { loadCalendar, loadPetitionSettings } from "./repository.ts";

export interface ExtensionInput {
  reason: ExtensionReason;
  /** Denunciations: up to 30 days each time (default 30). Complaints go to the law's longer limit. */
  days?: number | undefined;
  note?: string | undefined;
}

const REASON_VI: Record<ExtensionReason, string> = {
  complex: "vụ việc phức tạp",
  especially_complex: "vụ việc đặc biệt phức tạp",
};
const BASIS: Record<"complaint" | "denunciation", string> = {
  complaint: "Luật Khiếu nại 2011, Điều 28",
  denunciation: "Luật Tố cáo 2018, Điều 30",
};

/**
 * Extends the time to resolve an accepted complaint or denunciation, as its law allows, before the
 * current limit runs out (else 409: a late extension would launder a missed deadline). Recorded in the
 * case's public history with its reason and legal basis, and replayed when the calendar changes.
 */
export async function extendCase(
  trx: Transaction<Database>,
  petition: Petition,
  input: ExtensionInput,
  context: { actorUserId: string; now: Date; publicBaseUrl: string },
): Promise<Petition> {
  const kind = petition.kind as PetitionKind;
  if (!isOpenState(petition.state as PetitionState))
    throw new AppError("transition_not_allowed", 409, { params: { event: "extend", state: petition.state } });
  const previous = await trx
    .selectFrom("petition_event")
    .select("details")
    .where("petition_id", "=", petition.id)
    .where("event", "=", "extend")
    .execute();
  const refusal = extensionRefusal({
    kind,
    acceptedAt: petition.acknowledged_at,
    answerBy: petition.answer_by,
    now: context.now,
    previous: previous.map((e) => ((e.details ?? {}) as { reason?: ExtensionReason }).reason ?? "complex"),
    reason: input.reason,
  });
  if (refusal) throw new AppError(refusal, 409);

  const settings = await loadPetitionSettings(trx, petition.unit_id);
  const days = input.days ?? 30;
  const answerBy = extendedAnswerBy({
    kind,
    acceptedAt: petition.acknowledged_at!,
    answerBy: petition.answer_by,
    remoteArea: settings.remoteArea,
    days,
    calendar: await loadCalendar(trx, petition.unit_id),
  });
  const updated = await trx
    .updateTable("petition")
    .set({ answer_by: answerBy, updated_at: context.now })
    .where("id", "=", petition.id)
    .where("answer_by", "=", petition.answer_by) // a concurrent extension makes this one fail
    .returningAll()
    .executeTakeFirst();
  if (!updated)
    throw new AppError("transition_not_allowed", 409, { params: { event: "extend", state: petition.state } });
  const basis = BASIS[kind as "complaint" | "denunciation"];
  await trx
    .insertInto("petition_event")
    .values({
      petition_id: petition.id,
      at: context.now,
      actor: "staff",
      actor_user_id: context.actorUserId,
      event: "extend",
      from_state: petition.state,
      to_state: petition.state,
      public: true,
      note: `Gia hạn giải quyết đến ${vnDateText(answerBy)} (${REASON_VI[input.reason]}; ${basis})${input.note?.trim() ? ` — ${input.note.trim()}` : ""}`,
      details: JSON.stringify({ reason: input.reason, days, from: petition.answer_by, answerBy }),
    })
    .execute();
  await emitPetitionEvent(
    trx,
    updated,
    { type: "petition.state_changed", previousState: petition.state },
    context.now,
    context.publicBaseUrl,
  );
  return updated;
}
