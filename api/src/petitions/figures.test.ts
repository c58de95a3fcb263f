import { describe, expect, it } from "vitest";
import { WorkCalendar } from "./calendar.ts";
import { type CaseFacts, monthFigures } from "./figures.ts";

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
