import { vnDay } from "../time.ts";
import { addDays, type WorkCalendar } from "./calendar.ts";
import {
  countsFromAcceptance,
  deadlineDay,
  deadlinesFor,
  effectiveRules,
  endOfVnDay,
  extendForPause,
  type KindRules,
  type PetitionKind,
} from "./deadlines.ts";

/**
 * The laws' own clocks for complaints and denunciations, and the replay of a case's deadlines from
 * its history (used when the calendar changes under open cases).
 *
 * - Complaints (Law on Complaints 2011, art. 28): resolved within 30 days of acceptance; a complex
 *   case within 45; in remote areas 45, and 60 when complex. One extension, to the longer limit.
 * - Denunciations (Law on Denunciations 2018, art. 30): resolved within 30 days of acceptance; a
 *   complex case may be extended once by up to 30 days, an especially complex one twice, each time
 *   by up to 30 days.
 * An extension must be decided before the time limit runs out; a late one is refused, so the honest
 * on-time rate never counts a deadline moved after it had passed.
 */
export type ExtensionReason = "complex" | "especially_complex";

/** Which law's clock a case runs on, for the tracking page. */
export type ClockLaw = "citizen_reception" | "complaints" | "denunciations";

export const clockLaw = (kind: PetitionKind): ClockLaw =>
  kind === "complaint" ? "complaints" : kind === "denunciation" ? "denunciations" : "citizen_reception";

/** Law on Complaints 2011, art. 28: complex cases 45 days, remote areas 45 and 60. */
export const complaintExtendedDays = (remoteArea: boolean) => (remoteArea ? 60 : 45);
/** Law on Denunciations 2018, art. 30: each extension up to 30 days. */
export const MAX_DENUNCIATION_EXTENSION_DAYS = 30;

export type ExtensionRefusal =
  | "extension_not_allowed"
  | "extension_before_acceptance"
  | "extension_too_late"
  | "extension_limit_reached";

/** Why an extension cannot be recorded now, or null when it can. */
export function extensionRefusal(input: {
  kind: PetitionKind;
  acceptedAt: Date | null;
  answerBy: Date;
  now: Date;
  previous: readonly ExtensionReason[];
  reason: ExtensionReason;
}): ExtensionRefusal | null {
  if (!countsFromAcceptance(input.kind)) return "extension_not_allowed";
  if (!input.acceptedAt) return "extension_before_acceptance";
  if (input.now.getTime() > input.answerBy.getTime()) return "extension_too_late";
  const allowed =
    input.kind === "complaint"
      ? 1
      : input.reason === "especially_complex" || input.previous.includes("especially_complex")
        ? 2
        : 1;
  return input.previous.length >= allowed ? "extension_limit_reached" : null;
}

/** The answer-by instant after an extension recorded on a case. */
export function extendedAnswerBy(input: {
  kind: PetitionKind;
  acceptedAt: Date;
  answerBy: Date;
  remoteArea: boolean;
  days: number;
  calendar: WorkCalendar;
}): Date {
  if (input.kind === "complaint") {
    const limit = { days: complaintExtendedDays(input.remoteArea), unit: "calendar" as const };
    return endOfVnDay(deadlineDay(input.acceptedAt, limit, input.calendar));
  }
  const days = Math.min(Math.max(1, input.days), MAX_DENUNCIATION_EXTENSION_DAYS);
  return endOfVnDay(input.calendar.onOrAfter(addDays(vnDay(input.answerBy), days)));
}

/** The answer-by instant of a case accepted at `acceptedAt`: its limit counted from acceptance. */
export function answerByFromAcceptance(
  kind: PetitionKind,
  acceptedAt: Date,
  calendar: WorkCalendar,
  unitRules?: Partial<KindRules>,
  remoteArea = false,
): Date {
  const limit = effectiveRules(kind, unitRules, remoteArea).answer;
  return endOfVnDay(deadlineDay(acceptedAt, limit, calendar));
}

/** One step of a case's history that moves its answer-by day. */
export type ClockEvent =
  | { at: Date; event: "request_info" | "info_received" | "reopen" }
  | { at: Date; event: "extend"; reason: ExtensionReason; days: number };

export interface CaseClock {
  kind: PetitionKind;
  receivedAt: Date;
  /** The first staff action: acceptance (thụ lý) for complaints and denunciations. */
  acceptedAt: Date | null;
  remoteArea: boolean;
  rules?: Partial<KindRules>;
  events: readonly ClockEvent[];
}

/**
 * A case's deadlines computed again from its history on `calendar`, step by step as they were set:
 * from receipt (or acceptance), then each pause for the citizen's information, extension and
 * reopening in order. An unfinished pause does not move the date yet.
 */
export function replayDeadlines(
  c: CaseClock,
  calendar: WorkCalendar,
): { acknowledgeBy: Date; answerBy: Date } {
  const base = deadlinesFor(c.kind, c.receivedAt, calendar, c.rules, c.remoteArea);
  let answerBy =
    countsFromAcceptance(c.kind) && c.acceptedAt
      ? answerByFromAcceptance(c.kind, c.acceptedAt, calendar, c.rules, c.remoteArea)
      : base.answerBy;
  let pausedAt: Date | null = null;
  for (const e of [...c.events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (e.event === "request_info") pausedAt = e.at;
    else if (e.event === "info_received") {
      if (pausedAt) answerBy = extendForPause(answerBy, pausedAt, e.at, calendar);
      pausedAt = null;
    } else if (e.event === "reopen") {
      answerBy = deadlinesFor(c.kind, e.at, calendar, c.rules, c.remoteArea).answerBy;
      pausedAt = null;
    } else if (e.event === "extend" && c.acceptedAt) {
      answerBy = extendedAnswerBy({
        kind: c.kind,
        acceptedAt: c.acceptedAt,
        answerBy,
        remoteArea: c.remoteArea,
        days: e.days,
        calendar,
      });
    }
  }
  return { acknowledgeBy: base.acknowledgeBy, answerBy };
}
