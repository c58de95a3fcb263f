import { vnDay } from "../time.ts";
import type { WorkCalendar } from "./calendar.ts";

export const PETITION_KINDS = [
  "reflection",
  "recommendation",
  "suggestion",
  "question",
  "complaint",
  "denunciation",
] as const;
export type PetitionKind = (typeof PETITION_KINDS)[number];

/** A time limit: so many working days, or so many days with a last day moved off holidays. */
export interface Limit {
  days: number;
  unit: "working" | "calendar";
}

export interface KindRules {
  acknowledge: Limit;
  answer: Limit;
}

/**
 * Legal defaults (see DOMAIN.md "Time limits"):
 * - reflections, recommendations, suggestions and questions: acknowledge in 1 working day, answer in
 *   10 working days (Law on Citizen Reception 2013, art. 28);
 * - complaints: accept (thụ lý) or refuse within 10 days of receipt (Law on Complaints 2011, art. 27),
 *   resolve within 30 days of acceptance, 45 in remote areas (art. 28; extensions in `clocks.ts`);
 * - denunciations: accept within 5 working days (stricter than the 7 of Law on Denunciations 2018,
 *   art. 24, as the notice to the denouncer follows the acceptance), resolve within 30 days of
 *   acceptance (art. 30; extensions in `clocks.ts`).
 */
export const LEGAL_RULES: Record<PetitionKind, KindRules> = {
  reflection: { acknowledge: { days: 1, unit: "working" }, answer: { days: 10, unit: "working" } },
  recommendation: { acknowledge: { days: 1, unit: "working" }, answer: { days: 10, unit: "working" } },
  suggestion: { acknowledge: { days: 1, unit: "working" }, answer: { days: 10, unit: "working" } },
  question: { acknowledge: { days: 1, unit: "working" }, answer: { days: 10, unit: "working" } },
  complaint: { acknowledge: { days: 10, unit: "calendar" }, answer: { days: 30, unit: "calendar" } },
  denunciation: { acknowledge: { days: 5, unit: "working" }, answer: { days: 30, unit: "calendar" } },
};

/**
 * Complaints and denunciations are resolved within a limit counted from their acceptance (thụ lý),
 * not their receipt (Law on Complaints 2011, art. 28; Law on Denunciations 2018, art. 30).
 */
export const countsFromAcceptance = (kind: PetitionKind) => kind === "complaint" || kind === "denunciation";

/** A complaint in a remote area (vùng sâu, vùng xa) may take 45 days (Law on Complaints 2011, art. 28). */
export const REMOTE_COMPLAINT_ANSWER: Limit = { days: 45, unit: "calendar" };

/**
 * A unit may only tighten a limit: a rule with more days, or a different counting, is refused and
 * the legal one applies.
 */
export function effectiveRules(
  kind: PetitionKind,
  unitRules?: Partial<KindRules>,
  remoteArea = false,
): KindRules {
  const legal =
    kind === "complaint" && remoteArea
      ? { ...LEGAL_RULES[kind], answer: REMOTE_COMPLAINT_ANSWER }
      : LEGAL_RULES[kind];
  const pick = (own: Limit | undefined, law: Limit): Limit =>
    own && own.unit === law.unit && own.days >= 0 && own.days <= law.days ? own : law;
  return {
    acknowledge: pick(unitRules?.acknowledge, legal.acknowledge),
    answer: pick(unitRules?.answer, legal.answer),
  };
}

/** The last instant of a Vietnamese calendar day (Vietnam has no daylight saving: +07:00). */
export function endOfVnDay(day: string): Date {
  return new Date(`${day}T23:59:59.999+07:00`);
}

/** The last day a limit allows for a case received at `receivedAt`. */
export function deadlineDay(receivedAt: Date, limit: Limit, calendar: WorkCalendar): string {
  const received = vnDay(receivedAt);
  return limit.unit === "working"
    ? calendar.addWorkingDays(received, limit.days)
    : calendar.addCalendarDays(received, limit.days);
}

export interface Deadlines {
  acknowledgeBy: Date;
  answerBy: Date;
}

/**
 * The deadlines of a case received at `receivedAt`. For a complaint or a denunciation the answer is
 * counted from its acceptance: until it is accepted, from the last day allowed to accept it (the
 * latest lawful date); `answerDeadlineFrom` recounts it when the case is accepted.
 */
export function deadlinesFor(
  kind: PetitionKind,
  receivedAt: Date,
  calendar: WorkCalendar,
  unitRules?: Partial<KindRules>,
  remoteArea = false,
): Deadlines {
  const rules = effectiveRules(kind, unitRules, remoteArea);
  const acknowledgeBy = endOfVnDay(deadlineDay(receivedAt, rules.acknowledge, calendar));
  const countFrom = countsFromAcceptance(kind) ? acknowledgeBy : receivedAt;
  return { acknowledgeBy, answerBy: endOfVnDay(deadlineDay(countFrom, rules.answer, calendar)) };
}

export type Outcome = "early" | "on_time" | "late";

/**
 * How an answer given at `answeredAt` stands against its deadline, stamped once when it happens
 * (later calendar edits never rewrite it): early when given before the answer-by day, on time on
 * that day, late after it — as the one-stop systems count "trước hạn / đúng hạn / quá hạn".
 */
export function outcomeOf(answeredAt: Date, answerBy: Date): Outcome {
  if (answeredAt.getTime() > answerBy.getTime()) return "late";
  return vnDay(answeredAt) < vnDay(answerBy) ? "early" : "on_time";
}

/**
 * While the unit waits for information it asked the citizen for, the clock stops: the answer-by
 * day moves later by the working days the wait covered (the day the request was sent not counted).
 */
export function extendForPause(
  answerBy: Date,
  pausedAt: Date,
  resumedAt: Date,
  calendar: WorkCalendar,
): Date {
  const paused = Math.max(0, calendar.workingDaysBetween(vnDay(pausedAt), vnDay(resumedAt)));
  if (paused === 0) return answerBy;
  return endOfVnDay(calendar.addWorkingDays(vnDay(answerBy), paused));
}
