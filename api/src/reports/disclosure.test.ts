import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MonthFigures } from "../petitions/figures.ts";
import type { TQuestion, TSection, TSurveyDefinition } from "../surveys/definition.ts";
import { guardRevision, publicPetitionFigures, questionDetail, ratingsPublishable } from "./disclosure.ts";
import { type PublishedBreakdown, possibleValues, recoveredCells } from "./inference.ts";
import { type CriterionElement, SMALL_CELL } from "./satisfaction-index.ts";
import { publishSurvey, type SurveySummary } from "./summary.ts";

const text = { vi: "x", en: "x" };
/** Random months per property: at least a thousand, fewer under mutation testing (each mutant reruns). */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1200);
const ELEMENTS: CriterionElement[] = ["access", "staff", "result", "facilities"];

/** A generated month of one survey: its definition and the true counts behind the publication. */
interface Month {
  definition: TSurveyDefinition;
  counts: { questionId: string; counts: number[] }[];
  links: number[];
}

const question = (id: string, tenPoint: boolean): TQuestion =>
  tenPoint
    ? { id, type: "rating", required: false, text, scale: { min: 0, max: 10 } }
    : { id, type: "likert5", required: false, text };

/** Counts that often hold small cells: each level is 0, small (1-4) or larger. */
const level = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 20 }) },
);

const monthArb: fc.Arbitrary<Month> = fc
  .record({
    questions: fc.array(
      fc.record({
        element: fc.constantFrom(...ELEMENTS, "overall" as const),
        tenPoint: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
        five: fc.array(level, { minLength: 5, maxLength: 5 }),
        eleven: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })), {
          minLength: 11,
          maxLength: 11,
        }),
      }),
      { minLength: 2, maxLength: 5 },
    ),
    links: fc.array(level, { minLength: 1, maxLength: 4 }),
  })
  .map(({ questions, links }) => {
    const sections: TSection[] = questions.map((q, i) => ({
      id: `s${i}`,
      title: text,
      element: q.element,
      questions: [question(`q${i}`, q.tenPoint && q.element !== "overall")],
    }));
    return {
      definition: { title: text, intro: text, sections },
      counts: questions.map((q, i) => ({
        questionId: `q${i}`,
        counts: q.tenPoint && q.element !== "overall" ? q.eleven : q.five,
      })),
      links,
    };
  });

const publish = (m: Month, ratings: { satisfied: number; unsatisfied: number } | null = null) =>
  publishSurvey(
    { id: "survey", title: text, definition: m.definition },
    m.counts,
    m.links.map((count, i) => ({ id: `l${i}`, channel: `c${i}`, count })),
    {},
    ratings,
  );

/** What a reader knows of one published question, as equations for the solver. */
function questionAsPublished(q: SurveySummary["questions"][number]): PublishedBreakdown {
  const levels = q.distribution.map((d) => d.level);
  const top = levels.length === 5 ? [3, 4] : [9, 10];
  return {
    cells: q.distribution.map((d) => d.count),
    total: q.n ?? { min: 1, max: SMALL_CELL - 1 },
    subsetSums: q.topTwoBox && q.n !== null ? [{ cells: top, sum: Math.round(q.topTwoBox.share * q.n) }] : [],
    ...(q.mean !== null && q.n !== null
      ? { weighted: { weights: levels, sum: Math.round(q.mean * q.n) } }
      : {}),
    hasSmallCell: q.detail === "all" ? false : q.detail === "share" ? true : null,
    smallCell: SMALL_CELL,
  };
}

/** Every hidden cell with a true count above zero must keep at least two possible values. */
function expectNothingRecovered(published: PublishedBreakdown, truth: number[]) {
  const values = possibleValues(published, 2);
  expect(values).not.toBeNull();
  truth.forEach((count, i) => {
    // The solver is right: the truth is always among the breakdowns it finds.
    if (published.cells[i] !== null) expect(published.cells[i]).toBe(count);
    else if (count > 0)
      expect(values![i]!.length, `cell ${i} of ${truth.join(",")}`).toBeGreaterThanOrEqual(2);
  });
  // Nothing from 1 to 4 is ever visible.
  for (const c of published.cells) if (c !== null) expect(c === 0 || c >= SMALL_CELL).toBe(true);
}

describe("the solver an attacker would use", () => {
  it("recovers the audit's cells from the old publication (count, mean and top-two-box beside hidden cells)", () => {
    // The published CSV before: levels 1 and 2 shown as "< 5", with n, the mean and the share.
    const counts = [1, 2, 5, 17, 15];
    const n = 40;
    const published: PublishedBreakdown = {
      cells: [null, null, 5, 17, 15],
      total: n,
      subsetSums: [{ cells: [3, 4], sum: 32 }],
      weighted: { weights: [1, 2, 3, 4, 5], sum: counts.reduce((s, c, i) => s + c * (i + 1), 0) },
      hasSmallCell: true,
      smallCell: SMALL_CELL,
    };
    expect(recoveredCells(published)).toEqual([
      { cell: 0, value: 1 },
      { cell: 1, value: 2 },
    ]);
  });
});

describe("suppression that survives arithmetic", () => {
  it("a month with 40 answers like the audit's publishes no recoverable cell", () => {
    const month: Month = {
      definition: {
        title: text,
        intro: text,
        sections: [
          {
            id: "a",
            title: text,
            element: "access",
            questions: [question("q0", false), question("q1", false)],
          },
          { id: "b", title: text, element: "staff", questions: [question("q2", false)] },
          { id: "o", title: text, element: "overall", questions: [question("q3", false)] },
        ],
      },
      counts: [
        { questionId: "q0", counts: [1, 2, 5, 17, 15] },
        { questionId: "q1", counts: [0, 3, 8, 18, 11] },
        { questionId: "q2", counts: [0, 0, 4, 16, 20] },
        { questionId: "q3", counts: [2, 0, 6, 20, 12] },
      ],
      links: [30, 7, 3],
    };
    const s = publish(month);
    expect(s.responses).toBe(40);
    expect(s.questions.map((q) => q.detail)).toEqual(["share", "share", "share", "share"]);
    // The satisfied share stays published (the index is made of it); the mean and levels do not.
    expect(s.questions[0]).toMatchObject({ n: 40, mean: null, topTwoBox: { share: 0.8 } });
    expect(s.elements.find((e) => e.element === "access")).toMatchObject({
      index: (0.8 + 29 / 40) / 2,
      meanScore: null,
    });
    s.questions.forEach((q, i) => {
      expectNothingRecovered(questionAsPublished(q), month.counts[i]!.counts);
    });
    expect(s.channels.every((c) => c.suppressed)).toBe(true);
    expectNothingRecovered(
      {
        cells: s.channels.map((c) => c.count),
        total: s.responses!,
        hasSmallCell: true,
        smallCell: SMALL_CELL,
      },
      month.links,
    );
  });

  it("over a thousand random months, an attacker who knows every published number recovers nothing", () => {
    fc.assert(
      fc.property(monthArb, (month) => {
        const s = publish(month);
        const responses = month.links.reduce((a, b) => a + b, 0);
        if (responses < SMALL_CELL) {
          // A survey with 1-4 responses shows nothing at all.
          expect(s).toMatchObject({ responses: responses === 0 ? 0 : null, questions: [], channels: [] });
          return;
        }
        for (const [i, q] of s.questions.entries())
          expectNothingRecovered(questionAsPublished(q), month.counts[i]!.counts);
        expectNothingRecovered(
          {
            cells: s.channels.map((c) => c.count),
            total: s.responses!,
            hasSmallCell: s.channels.some((c) => c.suppressed),
            smallCell: SMALL_CELL,
          },
          month.links,
        );
        // The element and overall figures add no equation: every criterion they average is itself
        // published with its share, and a mean score appears only when every mean it averages does.
        for (const e of s.elements) {
          const shown = s.questions.filter(
            (q) => q.element === e.element && q.topTwoBox !== null && q.distribution.length === 5,
          );
          expect(e.criteria).toBe(shown.length);
          if (e.meanScore !== null) expect(shown.every((q) => q.mean !== null)).toBe(true);
          const mean =
            shown.length === 0 ? null : shown.reduce((a, q) => a + q.topTwoBox!.share, 0) / shown.length;
          if (mean === null) expect(e.index).toBeNull();
          else expect(e.index).toBeCloseTo(mean, 12);
        }
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it("withholds the petition ratings' split under 5 ratings, and their reasons when one is small", () => {
    const base = {
      rated: 0,
      satisfied: 0,
      satisfiedRate: null,
      notSatisfiedReasons: {},
      targets: { answered: null, onTime: null, early: null, satisfied: null },
    } as unknown as MonthFigures;
    const one = publicPetitionFigures(
      { ...base, rated: 1, satisfied: 1, satisfiedRate: 1, targets: { ...base.targets, satisfied: true } },
      [],
    );
    expect(one).toMatchObject({ rated: 1, satisfied: null, satisfiedRate: null, ratingsWithheld: true });
    expect(one.targets.satisfied).toBeNull();
    fc.assert(
      fc.property(
        // Every reason is listed, zeros included, as the figures do.
        fc.array(level, { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }),
        (reasons, satisfied, children) => {
          const unsatisfied = reasons.reduce((a, b) => a + b, 0);
          const rated = satisfied + unsatisfied;
          const keys = ["vague", "no_evidence", "not_resolved", "slow"];
          const notSatisfiedReasons = Object.fromEntries(reasons.map((c, i) => [keys[i]!, c]));
          const p = publicPetitionFigures(
            {
              ...base,
              rated,
              satisfied,
              satisfiedRate: rated ? satisfied / rated : null,
              notSatisfiedReasons,
            },
            children,
          );
          const childSmall = children.some((c) => c > 0 && c < SMALL_CELL);
          expect(p.satisfied === null).toBe((rated > 0 && rated < SMALL_CELL) || childSmall);
          if (p.satisfied === null) {
            expect(Object.values(p.notSatisfiedReasons).every((v) => v === null)).toBe(true);
            return;
          }
          expectNothingRecovered(
            {
              cells: Object.values(p.notSatisfiedReasons),
              total: rated - p.satisfied,
              hasSmallCell: Object.values(p.notSatisfiedReasons).some((v) => v === null),
              smallCell: SMALL_CELL,
            },
            [...reasons, 0],
          );
        },
      ),
      { numRuns: Math.min(RUNS, 500) },
    );
  });
});

describe("corrections of a published month", () => {
  const month: Month = {
    definition: {
      title: text,
      intro: text,
      sections: [{ id: "a", title: text, element: "staff", questions: [question("q0", false)] }],
    },
    counts: [{ questionId: "q0", counts: [0, 0, 10, 20, 10] }],
    links: [40],
  };
  const figures = (s: SurveySummary, rated: number, satisfied: number) => ({
    satisfaction: { index: s.index, responses: s.responses, target: 0.85, met: null },
    surveys: [s],
    petitions: {
      rated,
      satisfied,
      satisfiedRate: rated ? satisfied / rated : null,
      notSatisfiedReasons: {},
      targets: { satisfied: null },
    },
  });

  it("keeps a survey's figures when a correction would move them by 1 to 4 answers", () => {
    const before = figures(publish(month), 10, 8);
    const twoMore = publish({
      ...month,
      counts: [{ questionId: "q0", counts: [0, 0, 10, 22, 10] }],
      links: [42],
    });
    const after = guardRevision(before, 1, figures(twoMore, 10, 8), false);
    expect(after.surveys[0]).toMatchObject({ responses: 40, asOfRevision: 1 });
    expect(after.satisfaction.responses).toBe(40);
    // Five or more new answers are a group like any other: the correction shows them.
    const fiveMore = publish({
      ...month,
      counts: [{ questionId: "q0", counts: [0, 0, 10, 25, 10] }],
      links: [45],
    });
    const shown = guardRevision(before, 1, figures(fiveMore, 10, 8), false);
    expect(shown.surveys[0]!.responses).toBe(45);
    expect(shown.surveys[0]!.asOfRevision).toBeUndefined();
  });

  it("keeps the ratings when one more rating came in, and the surveys too when ratings are in the index", () => {
    const s = publish(month);
    const before = figures(s, 10, 8);
    const after = guardRevision(before, 2, figures(s, 11, 9), true);
    expect(after.petitions).toMatchObject({ rated: 10, satisfied: 8, ratingsAsOfRevision: 2 });
    expect(after.surveys[0]!.asOfRevision).toBe(2);
    const alone = guardRevision(before, 2, figures(s, 11, 9), false);
    expect(alone.surveys[0]!.asOfRevision).toBeUndefined();
  });
});

describe("what each figure publishes, exactly", () => {
  const one = (counts: number[]): Month => ({
    definition: {
      title: text,
      intro: text,
      sections: [
        { id: "a", title: text, element: "staff", questions: [question("q0", counts.length === 11)] },
      ],
    },
    counts: [{ questionId: "q0", counts }],
    links: [counts.reduce((a, b) => a + b, 0)],
  });

  it("tells a question's detail at the boundaries: 4 answers, a cell of 4, a cell of 5, zeros", () => {
    expect(questionDetail({ n: 4, distribution: [{ count: 4 }] as never })).toBe("none");
    expect(questionDetail({ n: 0, distribution: [{ count: 0 }] as never })).toBe("none");
    expect(questionDetail({ n: 5, distribution: [{ count: 0 }, { count: 5 }] as never })).toBe("all");
    expect(questionDetail({ n: 9, distribution: [{ count: 4 }, { count: 5 }] as never })).toBe("share");
    expect(questionDetail({ n: 6, distribution: [{ count: 1 }, { count: 5 }] as never })).toBe("share");
  });

  it("publishes a question without small cells whole: levels, zeros, shares and mean", () => {
    const q = publish(one([0, 5, 0, 10, 5])).questions[0]!;
    expect(q).toMatchObject({ detail: "all", n: 20, mean: 3.75, topTwoBox: { share: 0.75 } });
    expect(q.distribution).toEqual([
      { level: 1, count: 0, share: 0, suppressed: false },
      { level: 2, count: 5, share: 0.25, suppressed: false },
      { level: 3, count: 0, share: 0, suppressed: false },
      { level: 4, count: 10, share: 0.5, suppressed: false },
      { level: 5, count: 5, share: 0.25, suppressed: false },
    ]);
    const s = publish(one([0, 5, 0, 10, 5]));
    expect(s.elements[0]).toMatchObject({ element: "staff", index: 0.75, meanScore: 3.75, criteria: 1 });
    expect(s.channels).toEqual([{ channel: "c0", count: 20, share: 1, suppressed: false }]);
  });

  it("publishes only the answers and the satisfied share of a question with a small cell", () => {
    const s = publish(one([1, 4, 0, 10, 5]));
    const q = s.questions[0]!;
    expect(q).toMatchObject({ detail: "share", n: 20, mean: null, topTwoBox: { share: 0.75 } });
    expect(q.distribution.every((d) => d.count === null && d.share === null && d.suppressed)).toBe(true);
    expect(s.elements[0]).toMatchObject({ index: 0.75, meanScore: null });
  });

  it("publishes nothing of a question with fewer than 5 answers, and leaves it out of the index", () => {
    const month: Month = {
      definition: {
        title: text,
        intro: text,
        sections: [
          {
            id: "a",
            title: text,
            element: "staff",
            questions: [question("q0", false), question("q1", false)],
          },
        ],
      },
      counts: [
        { questionId: "q0", counts: [0, 0, 0, 0, 3] },
        { questionId: "q1", counts: [0, 5, 0, 5, 0] },
      ],
      links: [10],
    };
    const s = publish(month);
    expect(s.questions[0]).toMatchObject({ detail: "none", n: null, mean: null, topTwoBox: null });
    expect(s.elements[0]).toMatchObject({ index: 0.5, criteria: 1, meanScore: 3 });
    const reviewerHidden = publishSurvey(
      { id: "survey", title: text, definition: month.definition },
      month.counts,
      [{ id: "l", channel: "c", count: 10 }],
      { hiddenQuestions: ["q1"] },
      null,
    );
    expect(reviewerHidden.questions.map((q) => q.id)).toEqual(["q0"]);
  });

  it("shows a survey of 1 to 4 responses as suppressed and one of none as zero", () => {
    expect(publish({ ...one([0, 0, 0, 0, 4]), links: [4] })).toMatchObject({
      responses: null,
      responsesSuppressed: true,
      index: null,
      questions: [],
      channels: [],
      elements: [],
    });
    expect(publish({ ...one([0, 0, 0, 0, 0]), links: [0] })).toMatchObject({
      responses: 0,
      responsesSuppressed: false,
    });
    expect(publish({ ...one([0, 0, 0, 0, 5]), links: [5] }).responses).toBe(5);
  });

  it("publishes the ratings' split from 5 ratings, with every reason when none is small", () => {
    const base = {
      rated: 10,
      satisfied: 5,
      satisfiedRate: 0.5,
      notSatisfiedReasons: { slow: 5 },
      targets: { answered: true, onTime: true, early: true, satisfied: false },
    } as unknown as MonthFigures;
    expect(ratingsPublishable(0)).toBe(true);
    expect(ratingsPublishable(4)).toBe(false);
    expect(ratingsPublishable(5)).toBe(true);
    const shown = publicPetitionFigures(base, [0, 5, 12]);
    expect(shown).toMatchObject({ satisfied: 5, satisfiedRate: 0.5, ratingsWithheld: false });
    expect(shown.targets).toEqual(base.targets);
    expect(shown.notSatisfiedReasons).toEqual({
      vague: 0,
      no_evidence: 0,
      not_resolved: 0,
      slow: 5,
      other: 0,
    });
    const fromChild = publicPetitionFigures(base, [4]);
    expect(fromChild).toMatchObject({ satisfied: null, satisfiedRate: null, ratingsWithheld: true });
    expect(fromChild.targets).toEqual({ ...base.targets, satisfied: null });
    expect(
      publicPetitionFigures({ ...base, rated: 0, satisfied: 0, notSatisfiedReasons: {} }, []).ratingsWithheld,
    ).toBe(false);
  });
});

describe("corrections, rule by rule", () => {
  type Figures = Parameters<typeof guardRevision>[0];
  const survey = (id: string, responses: number | null, index: number | null, extra: object = {}) =>
    ({
      id,
      responses,
      index,
      questions: [],
      channels: [],
      ...extra,
    }) as Figures["surveys"][number];
  const month = (surveys: Figures["surveys"], rated = 10, satisfied: number | null = 8): Figures => ({
    satisfaction: { index: null, responses: null, target: 0.74, met: null },
    surveys,
    petitions: {
      rated,
      satisfied,
      satisfiedRate: satisfied === null ? null : satisfied / rated,
      notSatisfiedReasons: {},
      targets: { satisfied: satisfied === null ? null : satisfied / rated >= 0.8 },
    },
  });

  it("recomputes the unit's index, target and responses from the surveys as shown", () => {
    const two = [survey("a", 40, 0.8), survey("b", 10, 0.5)];
    const g = guardRevision(month(two), 1, month(two), false);
    expect(g.satisfaction.index).toBeCloseTo(0.74, 12);
    expect(g.satisfaction).toMatchObject({ responses: 50, responsesPartial: false, met: true });
    const lower = guardRevision(month(two), 1, month([survey("a", 40, 0.7), survey("b", 10, 0.5)]), false);
    expect(lower.satisfaction.met).toBe(false);
    const partial = guardRevision(
      month([]),
      1,
      month([survey("a", 40, 0.8), survey("c", null, null)]),
      false,
    );
    expect(partial.satisfaction).toMatchObject({ responses: 40, responsesPartial: true, index: 0.8 });
    const none = guardRevision(month([]), 1, month([survey("c", null, null)]), false);
    expect(none.satisfaction).toMatchObject({
      responses: null,
      responsesPartial: true,
      index: null,
      met: null,
    });
    // A survey with responses but no scored question has no index: it counts in responses only.
    const unscored = guardRevision(month([]), 1, month([survey("a", 40, 0.8), survey("t", 10, null)]), false);
    expect(unscored.satisfaction).toMatchObject({ responses: 50, index: 0.8 });
    expect(unscored.surveys).toHaveLength(2);
    const empty = guardRevision(month([]), 1, month([]), false);
    expect(empty.satisfaction).toMatchObject({ responses: 0, responsesPartial: false, index: null });
  });

  it("keeps a survey whose question, level or channel moved by 1 to 4, and not one that moved by 5", () => {
    const q = (n: number, top: number, level5: number | null) => ({
      id: "q",
      n,
      topTwoBox: { share: top / n },
      distribution: [{ level: 5, count: level5 }],
    });
    const before = survey("a", 40, 0.8, {
      questions: [q(40, 30, 20)],
      channels: [{ channel: "c", count: 40 }],
    });
    const cases: [object, boolean][] = [
      [{ questions: [q(42, 30, null)] }, true], // two more answers to the question
      [{ questions: [q(40, 31, null)] }, true], // one answer changed side
      [{ questions: [q(40, 30, 21)] }, true], // one more at level 5
      [{ channels: [{ channel: "c", count: 43 }] }, true],
      [{ questions: [q(45, 35, 25)], channels: [{ channel: "c", count: 45 }] }, false],
      [{ questions: [q(40, 30, null)] }, false], // only hidden now: nothing moved
    ];
    for (const [change, kept] of cases) {
      const after = survey("a", 40, 0.8, {
        questions: [q(40, 30, 20)],
        channels: [{ channel: "c", count: 40 }],
        ...change,
      });
      const g = guardRevision(month([before]), 3, month([after]), false);
      expect(g.surveys[0]!.asOfRevision, JSON.stringify(change)).toBe(kept ? 3 : undefined);
    }
    // A survey kept twice still names the revision its figures come from.
    const kept = guardRevision(
      month([{ ...before, asOfRevision: 1 }]),
      2,
      month([survey("a", 41, 0.8)]),
      false,
    );
    expect(kept.surveys[0]).toMatchObject({ responses: 40, asOfRevision: 1 });
    // A new survey has nothing to compare with.
    expect(
      guardRevision(month([]), 1, month([survey("n", 7, 0.5)]), false).surveys[0]!.asOfRevision,
    ).toBeUndefined();
  });

  it("keeps a survey that answers discarded after review would hide or remove", () => {
    const before = month([survey("a", 6, 0.5), survey("z", null, null)]);
    const hidden = guardRevision(before, 1, month([survey("a", null, null)]), false);
    expect(hidden.surveys).toEqual([{ ...survey("a", 6, 0.5), asOfRevision: 1 }]);
    // A question published without figures (fewer than 5 answers) compares as nothing.
    const few = { id: "f", n: null, topTwoBox: null, distribution: [{ level: 5, count: null }] };
    const withFew = guardRevision(
      month([survey("a", 6, 0.5, { questions: [few] })]),
      1,
      month([survey("a", 11, 0.5, { questions: [few] })]),
      false,
    );
    expect(withFew.surveys[0]).toMatchObject({ responses: 11 });
    // A survey that had no answers and still has none is not brought back.
    expect(guardRevision(month([survey("e", 0, null)]), 1, month([]), false).surveys).toEqual([]);
    const gone = guardRevision(before, 1, month([]), false);
    expect(gone.surveys).toEqual([{ ...survey("a", 6, 0.5), asOfRevision: 1 }]);
    expect(gone.satisfaction.responses).toBe(6);
  });

  it("keeps the ratings only when their published split moved by 1 to 4", () => {
    const s = [survey("a", 40, 0.8)];
    const cases: [number, number | null, number, number | null, boolean][] = [
      [10, 8, 11, 8, true],
      [10, 8, 10, 9, true],
      [10, 8, 15, 13, false],
      [10, 8, 10, 8, false],
      [10, null, 11, 9, false], // nothing was published to compare with
      [10, 8, 11, null, false], // the new split is withheld anyway
    ];
    for (const [r1, s1, r2, s2, kept] of cases) {
      const g = guardRevision(month(s, r1, s1), 2, month(s, r2, s2), true);
      expect(g.petitions.ratingsAsOfRevision, `${r1},${s1} → ${r2},${s2}`).toBe(kept ? 2 : undefined);
      expect(g.petitions.rated).toBe(kept ? r1 : r2);
      expect(g.petitions.satisfied).toBe(kept ? s1 : s2);
      expect(g.petitions.satisfiedRate).toBe(
        kept ? month(s, r1, s1).petitions.satisfiedRate : month(s, r2, s2).petitions.satisfiedRate,
      );
      expect(g.petitions.targets.satisfied).toBe(
        kept ? s1! / r1 >= 0.8 : s2 === null ? null : s2 / r2 >= 0.8,
      );
      // With the ratings in the index, the surveys keep their figures with them.
      expect(g.surveys[0]!.asOfRevision).toBe(kept ? 2 : undefined);
    }
    const earlier = guardRevision(
      { ...month(s, 10, 8), petitions: { ...month(s, 10, 8).petitions, ratingsAsOfRevision: 1 } },
      2,
      month(s, 11, 9),
      false,
    );
    expect(earlier.petitions.ratingsAsOfRevision).toBe(1);
    expect(earlier.surveys[0]!.asOfRevision).toBeUndefined();
  });
});
