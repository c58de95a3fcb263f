import { describe, expect, it } from "vitest";
import { WorkCalendar } from "./calendar.ts";
import { type CaseFacts, monthBounds, monthFigures } from "./figures.ts";

const calendar = WorkCalendar.of({ holidays: [], daysOff: [], workingDays: [] });
const at = (local: string) => new Date(`${local}+07:00`);

function facts(over: Partial<CaseFacts>): CaseFacts {
  return {
    unitId: "u",
    state: "received",
    receivedAt: at("2026-11-02T09:00:00"),
    acknowledgeBy: at("2026-11-03T23:59:59"),
    answerBy: at("2026-11-16T23:59:59"),
    acknowledgedAt: null,
    acknowledgeOutcome: null,
    answeredAt: null,
    outcome: null,
    pausedAt: null,
    closedAt: null,
    rating: null,
    ratingReason: null,
    ratedAt: null,
    ...over,
  };
}
const answered = (
  outcome: "early" | "on_time" | "late",
  answeredAt: string,
  extra: Partial<CaseFacts> = {},
) =>
  facts({
    state: "answered",
    acknowledgedAt: at("2026-11-02T10:00:00"),
    acknowledgeOutcome: "early",
    answeredAt: at(answeredAt),
    outcome,
    ...extra,
  });

describe("the month's figures", () => {
  it("divide by answered plus open overdue cases, so late cases still open are not hidden", () => {
    const cases = [
      answered("early", "2026-11-10T10:00:00", { rating: "satisfied", ratedAt: at("2026-11-11T08:00:00") }),
      answered("on_time", "2026-11-16T15:00:00", {
        rating: "not_satisfied",
        ratingReason: "vague",
        ratedAt: at("2026-11-17T08:00:00"),
      }),
      facts({ subject: "open and overdue" } as Partial<CaseFacts>), // due 16/11, still open
      facts({
        receivedAt: at("2026-11-20T09:00:00"),
        acknowledgedAt: at("2026-11-20T10:00:00"),
        acknowledgeOutcome: "early",
        answerBy: at("2026-12-04T23:59:59"),
      }), // open, not yet due
      facts({ state: "forwarded", answerBy: at("2026-11-10T23:59:59") }), // not ours to answer
    ];
    const f = monthFigures(cases, "2026-11", at("2026-11-30T12:00:00"), () => calendar);
    expect(f).toMatchObject({
      received: 5,
      answered: 2,
      early: 1,
      onTime: 1,
      late: 0,
      openAtEnd: 2,
      openOverdue: 1,
    });
    // The naive rate (on time ÷ answered) would say 100 %.
    expect(f.onTimeRate).toBeCloseTo(2 / 3);
    expect(f.earlyRate).toBeCloseTo(1 / 3);
    expect(f.responseRate).toBeCloseTo(2 / 3); // three were due by the end of the month
    expect(f.avgWorkingDaysToAnswer).toBe(8); // 6 and 10 working days
    expect(f.p90WorkingDaysToAnswer).toBe(10);
    expect(f).toMatchObject({
      rated: 2,
      satisfied: 1,
      satisfiedRate: 0.5,
      notSatisfiedReasons: { vague: 1 },
    });
    expect(f.targets).toEqual({ answered: false, onTime: false, early: false, satisfied: false });
    expect(f.acknowledgedLate).toBe(1); // the overdue case was never acknowledged
  });

  it("stop at now for the running month, and meet the targets when all is answered early", () => {
    const cases = [answered("early", "2026-11-05T10:00:00"), answered("early", "2026-11-06T10:00:00")];
    const f = monthFigures(cases, "2026-11", at("2026-11-23T09:00:00"), () => calendar);
    expect(f.asOf).toBe("2026-11-23T02:00:00.000Z");
    expect(f.onTimeRate).toBe(1);
    expect(f.targets).toMatchObject({ onTime: true, early: true, satisfied: null });
    expect(f.responseRate).toBe(1);
  });

  it("keep a case answered in a later month out of this month's answers", () => {
    const f = monthFigures(
      [answered("late", "2026-12-02T10:00:00")],
      "2026-11",
      at("2026-12-05T00:00:00"),
      () => calendar,
    );
    expect(f.answered).toBe(0);
    expect(f.openOverdue).toBe(1); // at the end of November it was open and overdue
  });
});

const nov = (cases: CaseFacts[], now = at("2026-12-05T00:00:00")) =>
  monthFigures(cases, "2026-11", now, () => calendar);
const withdrawnAt = (c: CaseFacts, local: string): CaseFacts => ({
  ...c,
  state: "withdrawn",
  closedAt: at(local),
});

describe("withdrawn cases in the month's figures", () => {
  // Two answered on time, one late, three still open and overdue: 2 of 6 on time.
  const month = () => [
    answered("on_time", "2026-11-16T10:00:00"),
    answered("on_time", "2026-11-16T11:00:00"),
    answered("late", "2026-11-18T10:00:00"),
    facts({}),
    facts({}),
    facts({}),
  ];

  it("keep a case withdrawn after its deadline in the on-time rate, as late", () => {
    const now = at("2026-11-25T12:00:00");
    const before = monthFigures(month(), "2026-11", now, () => calendar);
    expect(before.onTimeRate).toBeCloseTo(2 / 6);
    const cases = month();
    cases[3] = withdrawnAt(cases[3]!, "2026-11-20T09:00:00"); // due 16/11: overdue when withdrawn
    const after = monthFigures(cases, "2026-11", now, () => calendar);
    expect(after.onTimeRate).toBeCloseTo(2 / 6); // not 2 / 5
    expect(after.earlyRate).toBe(0);
    expect(after).toMatchObject({ withdrawn: 1, withdrawnLate: 1, openOverdue: 2, openAtEnd: 2 });
    expect(after.responseRate).toBeCloseTo(before.responseRate!); // still due and unanswered
    expect(after.responseRate).toBeCloseTo(3 / 6);
    expect(after.acknowledgedLate).toBe(before.acknowledgedLate); // never acknowledged either
    expect(after.targets.onTime).toBe(false);
  });

  it("let a case withdrawn before its deadline leave the rate, shown only as a count", () => {
    const cases = [
      answered("on_time", "2026-11-10T10:00:00"),
      withdrawnAt(
        facts({ acknowledgedAt: at("2026-11-02T10:00:00"), acknowledgeOutcome: "on_time" }),
        "2026-11-12T09:00:00",
      ),
    ];
    const f = nov(cases);
    expect(f).toMatchObject({ withdrawn: 1, withdrawnLate: 0, openAtEnd: 0, openOverdue: 0 });
    expect(f.onTimeRate).toBe(1);
    expect(f.responseRate).toBe(1); // the withdrawn case was never due
    expect(f.acknowledgedLate).toBe(0);
  });

  it("count a withdrawal at the very instant of the deadline as in time", () => {
    const c = facts({ acknowledgedAt: at("2026-11-02T10:00:00"), acknowledgeOutcome: "early" });
    const f = nov([withdrawnAt(c, "2026-11-16T23:59:59")]);
    expect(f).toMatchObject({ withdrawn: 1, withdrawnLate: 0 });
    expect(f.onTimeRate).toBeNull();
    const g = nov([
      {
        ...withdrawnAt(c, "2026-11-16T23:59:59"),
        closedAt: new Date(at("2026-11-16T23:59:59").getTime() + 1),
      },
    ]);
    expect(g).toMatchObject({ withdrawn: 1, withdrawnLate: 1 });
    expect(g.onTimeRate).toBe(0);
  });

  it("do not count a case withdrawn while waiting for the citizen's information as late", () => {
    const c = facts({ pausedAt: at("2026-11-10T09:00:00") });
    const f = nov([withdrawnAt(c, "2026-11-25T09:00:00")]);
    expect(f).toMatchObject({ withdrawn: 1, withdrawnLate: 0 });
    expect(f.onTimeRate).toBeNull();
  });

  it("never move a closed month's figures when a case is withdrawn later", () => {
    const october = () => [
      facts({
        receivedAt: at("2026-10-05T09:00:00"),
        acknowledgeBy: at("2026-10-06T23:59:59"),
        answerBy: at("2026-10-19T23:59:59"),
      }),
      answered("on_time", "2026-10-19T10:00:00", {
        receivedAt: at("2026-10-05T09:00:00"),
        answerBy: at("2026-10-19T23:59:59"),
      }),
    ];
    const now = at("2026-11-20T09:00:00");
    const before = monthFigures(october(), "2026-10", now, () => calendar);
    const cases = october();
    cases[0] = withdrawnAt(cases[0]!, "2026-11-10T09:00:00");
    const after = monthFigures(cases, "2026-10", now, () => calendar);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ openOverdue: 1, withdrawn: 0, onTimeRate: 0.5, acknowledgedLate: 1 });
    // November sees the withdrawal, late, and nothing else of October's case.
    const november = monthFigures(cases, "2026-11", now, () => calendar);
    expect(november).toMatchObject({ withdrawn: 1, withdrawnLate: 1, openOverdue: 0, onTimeRate: 0 });
  });

  it("keep cases forwarded or rejected later in the months they were open", () => {
    const c = facts({ state: "forwarded", closedAt: at("2026-12-03T09:00:00") });
    const f = nov([c]);
    expect(f).toMatchObject({ openAtEnd: 1, openOverdue: 1, onTimeRate: 0, responseRate: 0 });
    // Forwarded within the month: not the unit's to answer, neither late nor due.
    const g = nov([{ ...c, closedAt: at("2026-11-20T09:00:00") }]);
    expect(g).toMatchObject({
      openAtEnd: 0,
      openOverdue: 0,
      withdrawn: 0,
      onTimeRate: null,
      responseRate: null,
    });
    expect(g.acknowledgedLate).toBe(0);
  });

  it("count a withdrawal of the running month only once it has happened", () => {
    const c = withdrawnAt(facts({}), "2026-11-25T09:00:00");
    expect(nov([c], at("2026-11-24T09:00:00"))).toMatchObject({ withdrawn: 0, openOverdue: 1 });
    expect(nov([c], at("2026-11-25T09:00:00"))).toMatchObject({
      withdrawn: 1,
      withdrawnLate: 1,
      openOverdue: 0,
    });
    // Withdrawn in December: not November's withdrawal.
    expect(nov([withdrawnAt(facts({}), "2026-12-01T09:00:00")])).toMatchObject({
      withdrawn: 0,
      openOverdue: 1,
    });
  });

  it("do not count again, as withdrawn late, a reopened case that was already answered", () => {
    const c = withdrawnAt(answered("late", "2026-11-18T10:00:00"), "2026-11-25T09:00:00");
    const f = nov([c]);
    expect(f).toMatchObject({ answered: 1, late: 1, withdrawn: 1, withdrawnLate: 0, onTimeRate: 0 });
  });
});

describe("the month's petition figures at their edges", () => {
  it("never count a case waiting for the citizen's information as overdue", () => {
    const f = nov([facts({ state: "awaiting_info", pausedAt: at("2026-11-10T09:00:00") })]);
    expect(f).toMatchObject({ openAtEnd: 1, openOverdue: 0, onTimeRate: null });
  });

  it("make a case overdue only after the last instant of its deadline", () => {
    const deadline = at("2026-11-16T23:59:59");
    const atDeadline = monthFigures([facts({})], "2026-11", deadline, () => calendar);
    expect(atDeadline).toMatchObject({ openOverdue: 0, responseRate: null });
    const justAfter = new Date(deadline.getTime() + 1);
    const after = monthFigures([facts({})], "2026-11", justAfter, () => calendar);
    expect(after).toMatchObject({ openOverdue: 1, onTimeRate: 0, responseRate: 0 });
  });

  it("leave answers given after the month's end out of its response rate", () => {
    const cases = [answered("late", "2026-12-02T10:00:00"), answered("on_time", "2026-11-16T10:00:00")];
    const f = nov(cases);
    expect(f.responseRate).toBe(0.5);
    // In the running month an answer counts once given, not before.
    const running = monthFigures(cases, "2026-11", at("2026-11-17T09:00:00"), () => calendar);
    expect(running.responseRate).toBe(0.5);
    const answeredAtCutoff = monthFigures(
      [answered("on_time", "2026-11-16T10:00:00")],
      "2026-11",
      at("2026-11-16T10:00:00"),
      () => calendar,
    );
    expect(answeredAtCutoff).toMatchObject({ answered: 1, openAtEnd: 0 });
  });

  it("take the 90th percentile as the value at rank ceil(0.9 n)", () => {
    // Answered after 1..10 working days (received Monday 2/11, no holidays).
    const days = ["03", "04", "05", "06", "09", "10", "11", "12", "13", "16"];
    const cases = days.map((d) => answered("on_time", `2026-11-${d}T10:00:00`));
    const f = nov(cases);
    expect(f.p90WorkingDaysToAnswer).toBe(9);
    expect(f.avgWorkingDaysToAnswer).toBe(5.5);
    expect(nov(cases.slice(0, 1)).p90WorkingDaysToAnswer).toBe(1);
    expect(nov([]).p90WorkingDaysToAnswer).toBeNull();
  });
});

describe("the month's bounds and counts", () => {
  it("run from the first instant of the month to the first of the next, in Vietnam's time", () => {
    expect(monthBounds("2026-12")).toEqual({
      start: new Date("2026-11-30T17:00:00Z"),
      end: new Date("2026-12-31T17:00:00Z"),
    });
    expect(monthBounds("2026-08").end).toEqual(new Date("2026-08-31T17:00:00Z"));
    expect(monthBounds("2026-09").end).toEqual(new Date("2026-09-30T17:00:00Z"));
  });

  it("count a case received at the first instant of the month in it, and one at the next month's in that", () => {
    const { start, end } = monthBounds("2026-11");
    const first = facts({ receivedAt: start });
    const next = facts({ receivedAt: end, answerBy: at("2026-12-14T23:59:59") });
    const before = facts({ receivedAt: at("2026-10-30T09:00:00"), answerBy: at("2026-11-13T23:59:59") });
    expect(nov([first, next, before]).received).toBe(1);
    // A case received in December was not open at the end of November.
    const later = { ...next, receivedAt: at("2026-12-01T09:00:00") };
    expect(nov([first, later, before])).toMatchObject({ openAtEnd: 2, openOverdue: 2 });
  });

  it("count a case received at this very instant of the running month as open", () => {
    const now = at("2026-11-20T09:00:00");
    const c = facts({ receivedAt: now, answerBy: at("2026-12-04T23:59:59") });
    expect(monthFigures([c], "2026-11", now, () => calendar)).toMatchObject({ openAtEnd: 1, openOverdue: 0 });
  });

  it("count an answer given at this very instant of the running month as given", () => {
    const now = at("2026-11-18T10:00:00");
    const f = monthFigures([answered("late", "2026-11-18T10:00:00")], "2026-11", now, () => calendar);
    expect(f).toMatchObject({ answered: 1, late: 1, openAtEnd: 0, responseRate: 1, onTimeRate: 0 });
  });

  it("count acknowledgements in time and late", () => {
    const cases = [
      facts({ acknowledgedAt: at("2026-11-02T10:00:00"), acknowledgeOutcome: "early" }),
      facts({ acknowledgedAt: at("2026-11-03T10:00:00"), acknowledgeOutcome: "on_time" }),
      facts({ acknowledgedAt: at("2026-11-05T10:00:00"), acknowledgeOutcome: "late" }),
      facts({}), // never acknowledged, its day is past
      facts({ receivedAt: at("2026-11-30T09:00:00"), acknowledgeBy: at("2026-12-01T23:59:59") }),
    ];
    expect(nov(cases)).toMatchObject({ received: 5, acknowledgedInTime: 2, acknowledgedLate: 2 });
    // Running month: a case whose acknowledgement is due at this very instant is not late yet.
    const now = at("2026-11-03T23:59:59");
    expect(monthFigures([facts({})], "2026-11", now, () => calendar).acknowledgedLate).toBe(0);
  });

  it("leave rejected cases, like forwarded ones, out of timeliness once they left", () => {
    const c = facts({ state: "rejected", closedAt: at("2026-11-05T09:00:00") });
    expect(nov([c])).toMatchObject({ received: 1, openAtEnd: 0, openOverdue: 0, acknowledgedLate: 0 });
    expect(nov([c]).responseRate).toBeNull();
  });

  it("take the 90th percentile of the sorted durations, whatever the cases' order", () => {
    const days = ["16", "03", "13", "04", "12", "05", "11", "06", "10", "09"];
    const f = nov(days.map((d) => answered("on_time", `2026-11-${d}T10:00:00`)));
    expect(f.p90WorkingDaysToAnswer).toBe(9);
    const g = nov(["13", "03", "16"].map((d) => answered("on_time", `2026-11-${d}T10:00:00`)));
    expect(g.p90WorkingDaysToAnswer).toBe(10);
    expect(nov([]).avgWorkingDaysToAnswer).toBeNull();
  });

  it("count ratings and the reasons of the dissatisfied, 'other' when none was given", () => {
    const rated = (rating: "satisfied" | "not_satisfied", ratingReason: string | null = null) =>
      answered("early", "2026-11-05T10:00:00", { rating, ratingReason, ratedAt: at("2026-11-06T10:00:00") });
    const f = nov([
      rated("satisfied"),
      rated("satisfied", "ignored"),
      rated("not_satisfied", "vague"),
      rated("not_satisfied"),
      rated("not_satisfied", "vague"),
      rated("not_satisfied"),
    ]);
    expect(f).toMatchObject({ rated: 6, satisfied: 2 });
    expect(f.satisfiedRate).toBeCloseTo(2 / 6);
    expect(f.notSatisfiedReasons).toEqual({ vague: 2, other: 2 });
  });

  it("meet a target reached up to a rounding error, and the unit's own targets", () => {
    const cases = [answered("early", "2026-11-05T10:00:00"), answered("on_time", "2026-11-16T10:00:00")];
    expect(nov(cases).targets).toMatchObject({ onTime: true, early: true }); // 50 % early meets 50 %
    const own = monthFigures(cases, "2026-11", at("2026-12-05T00:00:00"), () => calendar, {
      onTime: 1 + 1e-9,
      early: 0.6,
    });
    expect(own.goals).toMatchObject({ onTime: 1 + 1e-9, early: 0.6, answered: 1 });
    expect(own.targets).toMatchObject({ onTime: true, early: false });
  });
});
