import { vnDay } from "../time.ts";
import type { WorkCalendar } from "./calendar.ts";

export interface CaseFacts {
  unitId: string;
  state: string;
  receivedAt: Date;
  acknowledgeBy: Date;
  answerBy: Date;
  acknowledgedAt: Date | null;
  acknowledgeOutcome: "early" | "on_time" | "late" | null;
  answeredAt: Date | null;
  outcome: "early" | "on_time" | "late" | null;
  pausedAt: Date | null;
  /** When the case left the unit's hands (closed, forwarded, rejected or withdrawn); null while open. */
  closedAt: Date | null;
  rating: "satisfied" | "not_satisfied" | null;
  ratingReason: string | null;
  ratedAt: Date | null;
}

/** The targets of the yearly reform plans; a unit may set others later. */
export const TARGETS = { answered: 1, onTime: 1, early: 0.5, satisfied: 0.95 };
export type Targets = typeof TARGETS;

/**
 * Cases that left the unit's hands without an answer of its own. They count for timeliness until
 * the instant they left (so a closed month's figures never move when a case leaves later); after
 * that only a withdrawal made once the case was overdue still counts, as late.
 */
const NOT_FOR_TIMELINESS = new Set(["forwarded", "rejected", "withdrawn"]);

/** Whether the case had left without an answer of its own by `at` (a case with no stamp: always). */
const leftBy = (c: CaseFacts, at: Date) =>
  NOT_FOR_TIMELINESS.has(c.state) && (c.closedAt === null || c.closedAt <= at);

/**
 * Withdrawn by the citizen, never answered, after `deadline` had passed while the clock ran: the
 * case was overdue when it left, so it stays late rather than leaving the denominator.
 */
const withdrawnAfter = (c: CaseFacts, deadline: Date) =>
  c.state === "withdrawn" &&
  c.closedAt !== null &&
  c.answeredAt === null &&
  c.pausedAt === null &&
  deadline < c.closedAt;

export interface MonthFigures {
  month: string;
  /** The instant the figures describe: the month's end, or now for the running month. */
  asOf: string;
  received: number;
  acknowledgedInTime: number;
  acknowledgedLate: number;
  answered: number;
  early: number;
  onTime: number;
  late: number;
  openAtEnd: number;
  openOverdue: number;
  /** Cases the citizens withdrew during the month (before or after their deadline). */
  withdrawn: number;
  /** Of those, the ones withdrawn when already overdue: counted late in the on-time rate. */
  withdrawnLate: number;
  /**
   * (Early + on time) ÷ (answered + withdrawn when overdue + still open and already overdue): the
   * honest denominator. A case withdrawn before its deadline leaves the rate.
   */
  onTimeRate: number | null;
  earlyRate: number | null;
  /** Of the cases whose answer was due by the end of the month, the share answered. */
  responseRate: number | null;
  avgWorkingDaysToAnswer: number | null;
  p90WorkingDaysToAnswer: number | null;
  rated: number;
  satisfied: number;
  satisfiedRate: number | null;
  notSatisfiedReasons: Record<string, number>;
  targets: {
    answered: boolean | null;
    onTime: boolean | null;
    early: boolean | null;
    satisfied: boolean | null;
  };
  /** The targets the figures were compared with. */
  goals: Targets;
}

/** First instant of a month and of the next one, in Vietnam's time. */
export function monthBounds(month: string): { start: Date; end: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return { start: new Date(`${month}-01T00:00:00+07:00`), end: new Date(`${next}-01T00:00:00+07:00`) };
}

const within = (at: Date | null, start: Date, end: Date) => at !== null && at >= start && at < end;
const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // The nearest rank: for 0 < p ≤ 1 it lies between 1 and the count.
  return sorted[Math.ceil(p * sorted.length) - 1]!;
}

/**
 * The month's figures of the 100% dashboard, from the cases' stamped facts. Timeliness uses the
 * outcome stamped when each case was answered (never recomputed); "open overdue" uses the deadline
 * as it stood. `now` caps the running month.
 */
export function monthFigures(
  cases: readonly CaseFacts[],
  month: string,
  now: Date,
  calendarOf: (unitId: string) => WorkCalendar,
  ownTargets: Partial<Targets> = {},
): MonthFigures {
  const goal = { ...TARGETS, ...ownTargets };
  const { start, end } = monthBounds(month);
  const cutoff = new Date(Math.min(now.getTime(), end.getTime()));
  const received = cases.filter((c) => within(c.receivedAt, start, end));
  const answered = cases.filter((c) => within(c.answeredAt, start, end));
  const count = (list: readonly CaseFacts[], outcome: string) =>
    list.filter((c) => c.outcome === outcome).length;
  const openAt = cases.filter(
    (c) => c.receivedAt <= cutoff && (c.answeredAt === null || c.answeredAt > cutoff) && !leftBy(c, cutoff),
  );
  const openOverdue = openAt.filter((c) => c.pausedAt === null && c.answerBy < cutoff);
  const early = count(answered, "early");
  const onTime = count(answered, "on_time");
  const late = count(answered, "late");
  const withdrawn = cases.filter(
    (c) => c.state === "withdrawn" && within(c.closedAt, start, end) && c.closedAt! <= cutoff,
  );
  const withdrawnLate = withdrawn.filter((c) => withdrawnAfter(c, c.answerBy)).length;
  const due = cases.filter(
    (c) =>
      within(c.answerBy, start, end) &&
      c.answerBy < cutoff &&
      (!leftBy(c, cutoff) || withdrawnAfter(c, c.answerBy)),
  );
  const dueAnswered = due.filter((c) => c.answeredAt !== null && c.answeredAt <= cutoff);
  const days = answered.map((c) =>
    calendarOf(c.unitId).workingDaysBetween(vnDay(c.receivedAt), vnDay(c.answeredAt!)),
  );
  const rated = cases.filter((c) => within(c.ratedAt, start, end));
  const satisfied = rated.filter((c) => c.rating === "satisfied").length;
  const reasons: Record<string, number> = {};
  for (const c of rated) {
    if (c.rating !== "not_satisfied") continue;
    const reason = c.ratingReason ?? "other";
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  const denominator = answered.length + withdrawnLate + openOverdue.length;
  const onTimeRate = ratio(early + onTime, denominator);
  const earlyRate = ratio(early, denominator);
  const responseRate = ratio(dueAnswered.length, due.length);
  const satisfiedRate = ratio(satisfied, rated.length);
  const meets = (value: number | null, target: number) => (value === null ? null : value >= target - 1e-9);
  return {
    month,
    asOf: cutoff.toISOString(),
    received: received.length,
    acknowledgedInTime: received.filter(
      (c) => c.acknowledgeOutcome === "early" || c.acknowledgeOutcome === "on_time",
    ).length,
    acknowledgedLate: received.filter(
      (c) =>
        c.acknowledgeOutcome === "late" ||
        (c.acknowledgedAt === null &&
          c.acknowledgeBy < cutoff &&
          (!leftBy(c, cutoff) || withdrawnAfter(c, c.acknowledgeBy))),
    ).length,
    answered: answered.length,
    early,
    onTime,
    late,
    openAtEnd: openAt.length,
    openOverdue: openOverdue.length,
    withdrawn: withdrawn.length,
    withdrawnLate,
    onTimeRate,
    earlyRate,
    responseRate,
    avgWorkingDaysToAnswer: days.length === 0 ? null : days.reduce((a, b) => a + b, 0) / days.length,
    p90WorkingDaysToAnswer: percentile(days, 0.9),
    rated: rated.length,
    satisfied,
    satisfiedRate,
    notSatisfiedReasons: reasons,
    goals: goal,
    targets: {
      answered: meets(responseRate, goal.answered),
      onTime: meets(onTimeRate, goal.onTime),
      early: meets(earlyRate, goal.early),
      satisfied: meets(satisfiedRate, goal.satisfied),
    },
  };
}
