import type { Database, Petition } from "@gopy/db";
import type { Transaction } from "kysely";
import { AppError } from "../errors.ts";
import { enqueueMessage } from "../outbox/outbox.ts";
import { vnDay } from "../time.ts";
import { emitPetitionEvent } from "../webhooks/events.ts";
import { addDays } from "./calendar.ts";
import { answerByFromAcceptance } from "./clocks.ts";
import {
  countsFromAcceptance,
  deadlinesFor,
  extendForPause,
  outcomeOf,
  type PetitionKind,
} from "./deadlines.ts";
import {
  type Actor,
  nextState,
  type PetitionEvent,
  type PetitionState,
  REOPEN_WINDOW_DAYS,
} from "./lifecycle.ts";
import { loadCalendar, loadPetitionSettings } from "./repository.ts";
import { type OnBehalfDetails, vnIso } from "./service.ts";

export interface TransitionInput {
  event: PetitionEvent;
  /** Shown on the tracking page with the change (e.g. why it was forwarded). */
  publicNote?: string;
  answer?: string;
  assigneeUserId?: string | null;
  assigneeUnitId?: string | null;
  forwardedTo?: string;
  rejectReason?: string;
}

export interface TransitionContext {
  actor: Actor;
  actorUserId: string | null;
  now: Date;
  publicBaseUrl: string;
  /**
   * A sender's move (withdraw, reopen) that a staff member records at the sender's request: allowed
   * by the sender's rules, but recorded as that staff member's act, marked as done on the sender's
   * behalf, and the sender is told by email.
   */
  onBehalf?: { userId: string; via: OnBehalfDetails["via"] };
}

const REQUIRED: Partial<Record<PetitionEvent, keyof TransitionInput>> = {
  answer: "answer",
  forward: "forwardedTo",
  reject: "rejectReason",
};

/**
 * Moves a case through the state machine inside the caller's transaction: checks the move, stamps
 * its clocks once (acknowledged, answered with its outcome, closed), records the public history,
 * and queues the citizen's email. A move the machine forbids answers 409 and changes nothing.
 */
export async function applyTransition(
  trx: Transaction<Database>,
  petition: Petition,
  input: TransitionInput,
  context: TransitionContext,
): Promise<Petition> {
  const from = petition.state as PetitionState;
  const to = nextState(from, input.event, context.actor);
  if (!to) {
    throw new AppError("transition_not_allowed", 409, { params: { event: input.event, state: from } });
  }
  const needed = REQUIRED[input.event];
  if (needed && !String(input[needed] ?? "").trim()) {
    throw new AppError("validation_failed", 422, { fields: [{ field: needed, message: "field_required" }] });
  }
  if (input.event === "assign" && !input.assigneeUserId && !input.assigneeUnitId) {
    throw new AppError("validation_failed", 422, {
      fields: [{ field: "assigneeUserId", message: "field_required" }],
    });
  }
  const { now } = context;
  const changes: Partial<Record<keyof Petition, unknown>> = { state: to, updated_at: now };

  const calendar = await loadCalendar(trx, petition.unit_id);
  const kind = petition.kind as PetitionKind;
  // The first thing staff do to a case is its acknowledgement; its timeliness is stamped then. For a
  // complaint or a denunciation it is the acceptance (thụ lý): the time to resolve runs from it.
  if (context.actor === "staff" && petition.acknowledged_at === null) {
    changes.acknowledged_at = now;
    changes.acknowledge_outcome = outcomeOf(now, petition.acknowledge_by);
    if (countsFromAcceptance(kind) && !["forward", "reject"].includes(input.event)) {
      const settings = await loadPetitionSettings(trx, petition.unit_id);
      changes.answer_by = answerByFromAcceptance(
        kind,
        now,
        calendar,
        settings.rules[kind],
        settings.remoteArea,
      );
    }
  }
  switch (input.event) {
    case "assign":
      changes.assignee_user_id = input.assigneeUserId ?? null;
      changes.assignee_unit_id = input.assigneeUnitId ?? null;
      break;
    case "request_info":
      changes.paused_at = now;
      break;
    case "info_received":
      if (petition.paused_at)
        changes.answer_by = extendForPause(petition.answer_by, petition.paused_at, now, calendar);
      changes.paused_at = null;
      break;
    case "answer":
      changes.answer = input.answer!.normalize("NFC").trim();
      changes.answered_at = now;
      // Stamped at the first answer only: a reopened case does not rewrite how it was first answered.
      if (petition.outcome === null) changes.outcome = outcomeOf(now, petition.answer_by);
      break;
    case "close":
    case "withdraw":
      changes.closed_at = now;
      break;
    case "forward":
      changes.forwarded_to = input.forwardedTo!.trim();
      changes.closed_at = now;
      break;
    case "reject":
      changes.reject_reason = input.rejectReason!.trim();
      changes.closed_at = now;
      break;
    case "reopen": {
      const answered = petition.answered_at;
      if (!answered || addDays(vnDay(answered), REOPEN_WINDOW_DAYS) < vnDay(now)) {
        throw new AppError("reopen_window_passed", 409, { params: { days: REOPEN_WINDOW_DAYS } });
      }
      const settings = await loadPetitionSettings(trx, petition.unit_id);
      const again = deadlinesFor(kind, now, calendar, settings.rules[kind], settings.remoteArea);
      // The earlier rating was about the answer now contested: the next answer gets its own.
      changes.rating = null;
      changes.rating_reason = null;
      changes.rated_at = null;
      changes.closed_at = null;
      changes.answer_by = again.answerBy;
      break;
    }
  }

  const updated = await trx
    .updateTable("petition")
    .set(changes as never)
    .where("id", "=", petition.id)
    .where("state", "=", from) // a concurrent move makes this one fail instead of both applying
    .returningAll()
    .executeTakeFirst();
  if (!updated)
    throw new AppError("transition_not_allowed", 409, { params: { event: input.event, state: from } });

  const onBehalf = context.onBehalf;
  await trx
    .insertInto("petition_event")
    .values({
      petition_id: petition.id,
      at: now,
      actor: onBehalf ? "staff" : context.actor,
      actor_user_id: onBehalf ? onBehalf.userId : context.actorUserId,
      event: input.event,
      from_state: from,
      to_state: to,
      public: true,
      note: onBehalf ? onBehalfNote(onBehalf.via) : publicNoteFor(input, updated),
      details: onBehalf
        ? JSON.stringify({ onBehalfOfSender: true, via: onBehalf.via } satisfies OnBehalfDetails)
        : null,
    })
    .execute();

  await notifyCitizen(trx, updated, input.event, context);
  await emitPetitionEvent(
    trx,
    updated,
    { type: "petition.state_changed", previousState: from },
    now,
    context.publicBaseUrl,
  );
  return updated;
}

const VIA_VI: Record<OnBehalfDetails["via"], string> = {
  phone: "qua điện thoại",
  in_person: "trực tiếp",
  letter: "bằng văn bản",
  email: "qua email",
};

/** What the tracking page says of a move staff recorded for the sender: how they asked, no staff name. */
export const onBehalfNote = (via: OnBehalfDetails["via"]) =>
  `Nhà trường ghi nhận theo đề nghị của người gửi (${VIA_VI[via]}).`;

function publicNoteFor(input: TransitionInput, p: Petition): string | null {
  if (input.event === "forward")
    return `Chuyển đến: ${p.forwarded_to}${input.publicNote ? ` — ${input.publicNote}` : ""}`;
  if (input.event === "reject") return `Lý do: ${p.reject_reason}`;
  return input.publicNote?.trim() || null;
}

const MESSAGES: Partial<Record<PetitionEvent, string>> = {
  acknowledge: "đã được tiếp nhận",
  answer: "đã có câu trả lời",
  forward: "đã được chuyển đến cơ quan có thẩm quyền",
  reject: "không được thụ lý",
  request_info: "cần bạn bổ sung thông tin",
};

/** A move recorded for the sender is told to them: one they did not ask for is noticed. */
const ON_BEHALF_MESSAGES: Partial<Record<PetitionEvent, string>> = {
  withdraw: "đã được rút theo đề nghị của bạn",
  reopen: "đã được mở lại để xem xét theo đề nghị của bạn",
};

/** The citizen hears of the steps that concern them, when they left an email. */
async function notifyCitizen(
  trx: Transaction<Database>,
  p: Petition,
  event: PetitionEvent,
  context: TransitionContext,
): Promise<void> {
  const what = context.onBehalf ? ON_BEHALF_MESSAGES[event] : MESSAGES[event];
  if (!what || (context.actor !== "staff" && !context.onBehalf)) return;
  const contact = await trx
    .selectFrom("petition_contact")
    .select("email")
    .where("petition_id", "=", p.id)
    .executeTakeFirst();
  if (!contact?.email) return;
  const url = `${context.publicBaseUrl}/t/${p.tracking_code}`;
  const lines = [`Hồ sơ ${p.tracking_code} ${what}.`];
  if (event === "answer" && p.answer) lines.push("", "Câu trả lời:", p.answer);
  if (event === "forward") lines.push(`Chuyển đến: ${p.forwarded_to}`);
  if (event === "reject") lines.push(`Lý do: ${p.reject_reason}`);
  if (context.onBehalf)
    lines.push(
      `Nhà trường ghi nhận đề nghị ${VIA_VI[context.onBehalf.via]}. Nếu bạn không đề nghị việc này, vui lòng liên hệ nhà trường.`,
    );
  lines.push(
    "",
    "Xem chi tiết và đánh giá câu trả lời (nhập mã bí mật trong giấy biên nhận) tại:",
    url,
    "",
    `Hạn trả lời: ${vnIso(p.answer_by)}`,
  );
  await enqueueMessage(
    trx,
    { recipient: contact.email, subject: `Hồ sơ ${p.tracking_code} ${what}`, body: lines.join("\n") },
    context.now,
  );
}
