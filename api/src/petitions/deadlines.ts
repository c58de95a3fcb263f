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
 * Legal defaults (see DOMAIN.md "Time limits"): reflections, recommendations, suggestions and
 * questions — acknowledge in 1 working day, answer in 10 working days (Law on Citizen Reception 2013
 * art. 28); complaints — accept or refuse in 10 days, resolve in 30 (Law on Complaints 2011);
 * denunciations — notify in 5 working days, resolve in 30 days (Law on Denunciations 2018).
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
 * A unit may only tighten a limit: a rule with more days, or a different counting, is refused and
 * the legal one applies.
 */
export function effectiveRules(kind: PetitionKind, unitRules?: Partial<KindRules>): KindRules {
  const legal = LEGAL_RULES[kind];
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

export function deadlinesFor(
  kind: PetitionKind,
  receivedAt: Date,
  calendar: WorkCalendar,
  unitRules?: Partial<KindRules>,
): Deadlines {
  const rules = effectiveRules(kind, unitRules);
  return {
    acknowledgeBy: endOfVnDay(deadlineDay(receivedAt, rules.acknowledge, calendar)),
    answerBy: endOfVnDay(deadlineDay(receivedAt, rules.answer, calendar)),
  };
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
