import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TQuestion, TSection, TSurveyDefinition } from "../surveys/definition.ts";
import { sipasTemplate } from "../surveys/templates/sipas.ts";
import {
  combineElements,
  type IndexElement,
  type QuestionCounts,
  questionFigures,
  SMALL_CELL_LABEL,
  satisfactionIndex,
  suppressSmallCells,
  wilson,
  Z_95,
} from "./satisfaction-index.ts";

const text = { vi: "x", en: "x" };
const likert = (id: string): TQuestion => ({ id, type: "likert5", required: false, text });
const rating = (id: string, max: 5 | 10): TQuestion => ({
  id,
  type: "rating",
  required: false,
  text,
  scale: max === 5 ? { min: 1, max: 5 } : { min: 0, max: 10 },
});
const section = (id: string, element: IndexElement | undefined, questions: TQuestion[]): TSection => ({
  id,
  title: text,
  ...(element ? { element } : {}),
  questions,
});
const survey = (...sections: TSection[]): TSurveyDefinition => ({ title: text, intro: text, sections });
const row = (questionId: string, counts: number[]): QuestionCounts => ({ questionId, counts });

/** Recursively: no NaN or infinity anywhere in a result. */
function finiteEverywhere(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(finiteEverywhere);
  if (value && typeof value === "object") return Object.values(value).every(finiteEverywhere);
  return true;
}

describe("the Wilson interval", () => {
  it("matches hand-computed values", () => {
    const eight = wilson(8, 10)!;
    expect(eight.low).toBeCloseTo(0.4902, 4);
    expect(eight.high).toBeCloseTo(0.9433, 4);
    // 0 of 10: the low bound is 0 and the high bound z² / (n + z²).
    const none = wilson(0, 10)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo((Z_95 * Z_95) / (10 + Z_95 * Z_95), 12);
    expect(wilson(10, 10)!.high).toBe(1);
    expect(wilson(10, 10)!.low).toBeCloseTo(1 - (Z_95 * Z_95) / (10 + Z_95 * Z_95), 12);
  });

  it("has no interval for 0 of 0", () => {
    expect(wilson(0, 0)).toBeNull();
  });

  it("is symmetric between x of n and n - x of n, and narrower with a smaller z", () => {
    const two = wilson(2, 10)!;
    const eight = wilson(8, 10)!;
    expect(two.low).toBeCloseTo(1 - eight.high, 12);
    expect(two.high).toBeCloseTo(1 - eight.low, 12);
    const narrow = wilson(8, 10, 1)!;
    expect(narrow.low).toBeGreaterThan(eight.low);
    expect(narrow.high).toBeLessThan(eight.high);
  });

  it("refuses counts that are not a proportion", () => {
    expect(() => wilson(11, 10)).toThrow(/successes/);
    expect(() => wilson(-1, 10)).toThrow(/successes/);
    expect(() => wilson(1, 0)).toThrow(/successes/);
    expect(() => wilson(1, 10, 0)).toThrow(/z must be/);
  });
});

describe("figures of one question", () => {
  it("are null, never NaN, when nobody answered", () => {
    const f = questionFigures(row("q", [0, 0, 0, 0, 0]), "1-5");
    expect(f.n).toBe(0);
    expect(f.mean).toBeNull();
    expect(f.topTwoBox).toMatchObject({ count: 0, n: 0, share: null, interval: null });
    expect(f.distribution.map((d) => d.share)).toEqual([null, null, null, null, null]);
    expect(f.nps).toBeNull();
    expect(finiteEverywhere(f)).toBe(true);
    const ten = questionFigures(row("r", new Array(11).fill(0)), "0-10");
    expect(ten.nps).toMatchObject({ score: null });
    expect(finiteEverywhere(ten)).toBe(true);
  });

  it("give the distribution, mean and top-two-box share on the 1-5 scale", () => {
    const f = questionFigures(row("q", [1, 1, 2, 3, 3]), "1-5");
    expect(f.n).toBe(10);
    expect(f.distribution.map((d) => [d.level, d.count, d.share])).toEqual([
      [1, 1, 0.1],
      [2, 1, 0.1],
      [3, 2, 0.2],
      [4, 3, 0.3],
      [5, 3, 0.3],
    ]);
    expect(f.mean).toBeCloseTo((1 + 2 + 6 + 12 + 15) / 10, 12);
    expect(f.topTwoBox.share).toBeCloseTo(0.6, 12);
    expect(f.topTwoBox.interval).toEqual(wilson(6, 10));
    expect(f.distribution[2]!.interval).toEqual(wilson(2, 10));
    expect(f.smallSample).toBe(true);
  });

  it("flag a small sample below 30 answers only", () => {
    expect(questionFigures(row("q", [0, 0, 9, 10, 10]), "1-5").smallSample).toBe(true);
    const thirty = questionFigures(row("q", [0, 0, 10, 10, 10]), "1-5");
    expect(thirty.smallSample).toBe(false);
    expect(thirty.topTwoBox.smallSample).toBe(false);
    expect(questionFigures(row("q", [0, 0, 9, 10, 10]), "1-5").topTwoBox.smallSample).toBe(true);
  });

  it("give the NPS on the 0-10 scale (METHOD.md example)", () => {
    // 8 answers from 0 to 6, 12 at 7-8, 20 at 9-10.
    const f = questionFigures(row("nps", [1, 0, 1, 1, 0, 2, 3, 5, 7, 8, 12]), "0-10");
    expect(f.n).toBe(40);
    expect(f.nps!.detractors.count).toBe(8);
    expect(f.nps!.passives.count).toBe(12);
    expect(f.nps!.promoters.count).toBe(20);
    expect(f.nps!.score).toBeCloseTo(0.3, 12);
    expect(f.topTwoBox.share).toBeCloseTo(0.5, 12);
    const scores = 0 + 0 + 2 + 3 + 0 + 10 + 18 + 35 + 56 + 72 + 120;
    expect(f.mean).toBeCloseTo(scores / 40, 12);
    expect(f.distribution[0]!.level).toBe(0);
    expect(f.distribution[10]!.level).toBe(10);
  });

  it("refuse counts that do not fit the scale", () => {
    expect(() => questionFigures(row("q", [1, 2, 3, 4]), "1-5")).toThrow(/q: a 1-5 scale needs 5 counts/);
    expect(() => questionFigures(row("q", [1, 2, 3, 4, 5]), "0-10")).toThrow(/needs 11 counts/);
    expect(() => questionFigures(row("q", [1, -2, 3, 4, 5]), "1-5")).toThrow(/level 2/);
    expect(() => questionFigures(row("q", [1, 2.5, 3, 4, 5]), "1-5")).toThrow(/integer/);
  });
});

// The worked example of METHOD.md, counts and numbers as printed there.
const example = survey(
  section("s_access", "access", [likert("access_signs"), likert("access_seating")]),
  section("s_staff", "staff", [likert("staff_polite"), likert("staff_guidance")]),
  section("s_result", "result", [likert("result_ontime"), rating("result_quality", 5)]),
  section("s_overall", "overall", [likert("overall_satisfaction")]),
);
const exampleCounts = [
  row("access_signs", [0, 2, 6, 17, 15]),
  row("access_seating", [1, 3, 8, 18, 10]),
  row("staff_polite", [0, 1, 3, 14, 22]),
  row("staff_guidance", [1, 1, 4, 16, 18]),
  row("result_ontime", [2, 3, 5, 15, 15]),
  row("result_quality", [1, 2, 3, 8, 6]),
  row("overall_satisfaction", [1, 1, 5, 18, 15]),
];
const exampleWeights = { staff: 2, access: 1, result: 1 };

describe("the worked example of METHOD.md", () => {
  const result = satisfactionIndex(example, exampleCounts, { weights: exampleWeights });
  const question = (id: string) => result.questions.find((q) => q.questionId === id)!;
  const element = (e: string) => result.elements.find((x) => x.element === e)!;

  it("has the criteria's n, top-two-box shares and mean scores", () => {
    const table: [string, number, number, number, number][] = [
      ["access_signs", 40, 32, 0.8, 4.125],
      ["access_seating", 40, 28, 0.7, 3.825],
      ["staff_polite", 40, 36, 0.9, 4.425],
      ["staff_guidance", 40, 34, 0.85, 4.225],
      ["result_ontime", 40, 30, 0.75, 3.95],
      ["result_quality", 20, 14, 0.7, 3.8],
      ["overall_satisfaction", 40, 33, 0.825, 4.125],
    ];
    for (const [id, n, top, share, mean] of table) {
      const q = question(id);
      expect(q.n, id).toBe(n);
      expect(q.topTwoBox.count, id).toBe(top);
      expect(q.topTwoBox.share!, id).toBeCloseTo(share, 4);
      expect(q.mean!, id).toBeCloseTo(mean, 4);
    }
    expect(question("access_signs").distribution.map((d) => d.share)).toEqual([0, 0.05, 0.15, 0.425, 0.375]);
  });

  it("shows the Wilson interval of result_quality, a small sample (14 of 20: 0.4810 to 0.8545)", () => {
    const q = question("result_quality");
    expect(q.smallSample).toBe(true);
    expect(q.topTwoBox.smallSample).toBe(true);
    expect(q.topTwoBox.interval!.low).toBeCloseTo(0.481, 4);
    expect(q.topTwoBox.interval!.high).toBeCloseTo(0.8545, 4);
    expect(question("access_signs").smallSample).toBe(false);
  });

  it("has the element indices, mean scores and weights", () => {
    expect(result.elements.map((e) => e.element)).toEqual(["access", "staff", "result"]);
    const table: [string, number, number, number, number, boolean][] = [
      ["access", 0.75, 3.975, 1, 0.25, false],
      ["staff", 0.875, 4.325, 2, 0.5, false],
      ["result", 0.725, 3.875, 1, 0.25, true],
    ];
    for (const [e, index, meanScore, weight, effective, small] of table) {
      expect(element(e).index!, e).toBeCloseTo(index, 4);
      expect(element(e).meanScore!, e).toBeCloseTo(meanScore, 4);
      expect(element(e).weight, e).toBe(weight);
      expect(element(e).effectiveWeight, e).toBeCloseTo(effective, 12);
      expect(element(e).smallSample, e).toBe(small);
      expect(element(e).criteria).toHaveLength(2);
    }
  });

  it("has the overall index 0.80625, without the overall question", () => {
    expect(result.index!).toBeCloseTo(0.80625, 10);
    expect(question("overall_satisfaction")).toMatchObject({ element: "overall", criterion: false });
    expect(result.elements.some((e) => e.criteria.some((c) => c.questionId === "overall_satisfaction"))).toBe(
      false,
    );
  });

  it("gives 0.7833 with equal weights and 0.8333 when the result element has no answers", () => {
    expect(satisfactionIndex(example, exampleCounts).index!).toBeCloseTo(0.7833, 4);
    const withoutResult = exampleCounts.filter((r) => !r.questionId.startsWith("result_"));
    const renormalised = satisfactionIndex(example, withoutResult, { weights: exampleWeights });
    expect(renormalised.index!).toBeCloseTo(0.8333, 4);
    expect(renormalised.elements.find((e) => e.element === "result")).toMatchObject({
      index: null,
      meanScore: null,
      criteria: [],
      effectiveWeight: 0,
    });
    expect(renormalised.elements.find((e) => e.element === "staff")!.effectiveWeight).toBeCloseTo(2 / 3, 12);
  });
});

describe("weights", () => {
  it("are a weighted mean of the element values", () => {
    const { index, effectiveWeights } = combineElements(
      { access: 0.6, staff: 0.9, result: 0.3 },
      { access: 1, staff: 3, result: 0 },
    );
    expect(index).toBeCloseTo((0.6 + 3 * 0.9) / 4, 12);
    expect(effectiveWeights).toEqual({ access: 0.25, staff: 0.75, result: 0 });
  });

  it("drop elements without data and renormalise the rest", () => {
    const { index, effectiveWeights } = combineElements(
      { access: null, staff: 0.9, result: 0.6 },
      { access: 5, staff: 1, result: 2 },
    );
    expect(index).toBeCloseTo((0.9 + 2 * 0.6) / 3, 12);
    expect(effectiveWeights.access).toBe(0);
    expect(effectiveWeights.result).toBeCloseTo(2 / 3, 12);
  });

  it("give no index when no element with a positive weight has data", () => {
    expect(combineElements({ access: null, staff: null }).index).toBeNull();
    expect(combineElements({ access: null, staff: 0.5 }, { access: 1, staff: 0 }).index).toBeNull();
  });

  it("refuse negative, all-zero, missing, non-numeric and unknown weights, naming the problem", () => {
    const values = { access: 0.5, staff: 0.7 };
    expect(() => combineElements(values, { access: -1, staff: 2 })).toThrow(/access is negative/);
    expect(() => combineElements(values, { access: 0, staff: 0 })).toThrow(/all weights are zero/);
    expect(() => combineElements(values, { access: 1 })).toThrow(/no weight for element staff/);
    expect(() => combineElements(values, { access: 1, staff: Number.NaN })).toThrow(/staff must be a finite/);
    expect(() => combineElements(values, { access: 1, staff: 1, overall: 1 } as never)).toThrow(
      /"overall" is not an element/,
    );
    expect(() => satisfactionIndex(example, exampleCounts, { weights: { staff: 2, access: 1 } })).toThrow(
      /no weight for element result/,
    );
  });

  it("may name elements the survey does not have", () => {
    const r = satisfactionIndex(example, exampleCounts, { weights: { ...exampleWeights, facilities: 10 } });
    expect(r.index!).toBeCloseTo(0.80625, 10);
  });
});

describe("the survey's questions", () => {
  it("add up several rows of one question (e.g. one per day)", () => {
    const r = satisfactionIndex(example, [
      row("staff_polite", [0, 1, 0, 4, 5]),
      row("staff_polite", [0, 0, 3, 10, 17]),
    ]);
    const polite = r.questions.find((q) => q.questionId === "staff_polite")!;
    expect(polite.distribution.map((d) => d.count)).toEqual([0, 1, 3, 14, 22]);
    expect(polite.topTwoBox.share).toBeCloseTo(0.9, 12);
  });

  it("leave a question without answers out of its element, with null figures", () => {
    const r = satisfactionIndex(example, [row("access_signs", [0, 2, 6, 17, 15])]);
    const seating = r.questions.find((q) => q.questionId === "access_seating")!;
    expect(seating).toMatchObject({ n: 0, mean: null, criterion: false });
    const access = r.elements.find((e) => e.element === "access")!;
    expect(access.criteria.map((c) => c.questionId)).toEqual(["access_signs"]);
    expect(access.index).toBeCloseTo(0.8, 12);
    expect(r.index).toBeCloseTo(0.8, 12);
    expect(finiteEverywhere(r)).toBe(true);
  });

  it("score only likert5 and rating questions; 0-10 ratings are not criteria", () => {
    const def = survey(
      section("s", "staff", [
        likert("a"),
        rating("b", 10),
        { id: "c", type: "yesno", required: false, text },
        { id: "d", type: "text", required: false, text, maxLength: 100 },
      ]),
      section("free", undefined, [likert("e")]),
    );
    const r = satisfactionIndex(def, [
      row("a", [0, 0, 0, 3, 2]),
      row("b", new Array(11).fill(1)),
      row("e", [5, 0, 0, 0, 0]),
    ]);
    expect(r.questions.map((q) => [q.questionId, q.element, q.criterion])).toEqual([
      ["a", "staff", true],
      ["b", "staff", false],
      ["e", null, false],
    ]);
    expect(r.elements.map((e) => e.element)).toEqual(["staff"]);
    expect(r.index).toBe(1);
    expect(() => satisfactionIndex(def, [row("c", [1, 1, 1, 1, 1])])).toThrow(/c is not a likert5 or rating/);
    expect(() => satisfactionIndex(def, [row("zz", [1, 1, 1, 1, 1])])).toThrow(/zz is not in the survey/);
    expect(() => satisfactionIndex(def, [row("b", [1, 1, 1, 1, 1])])).toThrow(/b: a 0-10 scale needs 11/);
  });

  it("leave out a criterion with fewer than 5 answers, and petition ratings fewer than 5", () => {
    const def = survey(
      section("s", "staff", [likert("a"), likert("b")]),
      section("f", "feedback", [likert("c")]),
    );
    const r = satisfactionIndex(
      def,
      [row("a", [0, 0, 0, 0, 4]), row("b", [1, 1, 1, 1, 1]), row("c", [0, 0, 5, 0, 0])],
      { petitionRatings: { satisfied: 4, unsatisfied: 0 } },
    );
    expect(r.questions.map((q) => [q.questionId, q.criterion])).toEqual([
      ["a", false],
      ["b", true],
      ["c", true],
    ]);
    expect(r.elements.find((e) => e.element === "staff")!.index).toBeCloseTo(0.4, 12);
    // Four ratings would be published through the feedback element: they stay out.
    expect(r.elements.find((e) => e.element === "feedback")!.criteria.map((c) => c.source)).toEqual([
      "question",
    ]);
    expect(r.elements.find((e) => e.element === "feedback")!.index).toBe(0);
  });

  it("handle the SIPAS template with no answers at all: nulls, no NaN", () => {
    const r = satisfactionIndex(sipasTemplate, []);
    expect(r.index).toBeNull();
    expect(r.elements.map((e) => e.element)).toEqual(["access", "procedure", "staff", "result", "feedback"]);
    expect(r.elements.every((e) => e.index === null && e.effectiveWeight === 0)).toBe(true);
    expect(finiteEverywhere(r)).toBe(true);
  });
});

describe("petition-answer ratings as the feedback element", () => {
  const def = survey(
    section("s_staff", "staff", [likert("staff_polite")]),
    section("s_feedback", "feedback", [likert("fb_1"), likert("fb_2")]),
  );
  const counts = [
    row("staff_polite", [0, 0, 1, 4, 5]),
    row("fb_1", [0, 1, 1, 4, 4]), // 0.8
    row("fb_2", [1, 1, 1, 3, 4]), // 0.7
  ];

  it("count as one more criterion (METHOD.md: 0.8, 0.7 and 15 of 24 give 0.7083)", () => {
    const r = satisfactionIndex(def, counts, { petitionRatings: { satisfied: 15, unsatisfied: 9 } });
    const feedback = r.elements.find((e) => e.element === "feedback")!;
    expect(feedback.index!).toBeCloseTo(0.7083, 4);
    expect(feedback.criteria.at(-1)).toEqual({
      source: "petitions",
      questionId: null,
      n: 24,
      share: 0.625,
      mean: null,
    });
    // The mean score comes from the survey questions only.
    expect(feedback.meanScore).toBeCloseTo((4.1 + 3.8) / 2, 12);
    expect(feedback.smallSample).toBe(true);
  });

  it("are not used when the option is off", () => {
    const r = satisfactionIndex(def, counts);
    expect(r.elements.find((e) => e.element === "feedback")!.index).toBeCloseTo(0.75, 12);
  });

  it("are the whole element when the survey has no feedback question, and absent when there are none", () => {
    const staffOnly = survey(section("s_staff", "staff", [likert("staff_polite")]));
    const on = satisfactionIndex(staffOnly, [counts[0]!], {
      petitionRatings: { satisfied: 30, unsatisfied: 10 },
    });
    expect(on.elements.map((e) => [e.element, e.index])).toEqual([
      ["staff", 0.9],
      ["feedback", 0.75],
    ]);
    expect(on.index).toBeCloseTo((0.9 + 0.75) / 2, 12);
    const none = satisfactionIndex(staffOnly, [counts[0]!], {
      petitionRatings: { satisfied: 0, unsatisfied: 0 },
    });
    expect(none.elements.find((e) => e.element === "feedback")).toMatchObject({ index: null, criteria: [] });
    expect(none.index).toBeCloseTo(0.9, 12);
    expect(() =>
      satisfactionIndex(staffOnly, [], { petitionRatings: { satisfied: -1, unsatisfied: 0 } }),
    ).toThrow(/satisfied must be an integer/);
  });
});

describe("small-cell suppression", () => {
  it("reproduces the channel example of METHOD.md: one small cell withholds the whole breakdown", () => {
    const r = suppressSmallCells([
      { key: "gate", count: 23 },
      { key: "zalo", count: 9 },
      { key: "website", count: 3 },
      { key: "paper", count: 0 },
      { key: "phone", count: 6 },
    ]);
    expect(r.total).toBe(41);
    expect(r.totalSuppressed).toBe(false);
    expect(r.withheld).toBe(true);
    expect(r.cells.map((c) => [c.key, c.count, c.share, c.suppressed])).toEqual([
      ["gate", null, null, true],
      ["zalo", null, null, true],
      ["website", null, null, true],
      ["paper", null, null, true],
      ["phone", null, null, true],
    ]);
    expect(SMALL_CELL_LABEL).toBe("*");
  });

  it("leaves a breakdown without small cells untouched, zeros included", () => {
    const r = suppressSmallCells([
      { key: "a", count: 5 },
      { key: "b", count: 0 },
      { key: "c", count: 15 },
    ]);
    expect(r.withheld).toBe(false);
    expect(r.cells.map((c) => [c.count, c.share])).toEqual([
      [5, 0.25],
      [0, 0],
      [15, 0.75],
    ]);
  });

  it("suppresses everything, zeros included, when the total is below 5", () => {
    const r = suppressSmallCells([
      { key: "a", count: 4 },
      { key: "b", count: 0 },
    ]);
    expect(r).toEqual({
      total: null,
      totalSuppressed: true,
      withheld: true,
      cells: [
        { key: "a", count: null, share: null, suppressed: true },
        { key: "b", count: null, share: null, suppressed: true },
      ],
    });
  });

  it("shows an all-zero breakdown as zeros without shares", () => {
    const r = suppressSmallCells([
      { key: "a", count: 0 },
      { key: "b", count: 0 },
    ]);
    expect(r.total).toBe(0);
    expect(r.cells.map((c) => [c.count, c.share, c.suppressed])).toEqual([
      [0, null, false],
      [0, null, false],
    ]);
  });

  it("refuses bad cells", () => {
    expect(() =>
      suppressSmallCells([
        { key: "a", count: 1 },
        { key: "a", count: 9 },
      ]),
    ).toThrow(/a appears twice/);
    expect(() => suppressSmallCells([{ key: "a", count: -3 }])).toThrow(/count of a/);
  });

  it("never shows a count from 1 to 4, and leaves every small cell open to another value", () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 }));
    fc.assert(
      fc.property(fc.array(count, { minLength: 2, maxLength: 8 }), (counts) => {
        const publish = (cs: number[]) =>
          JSON.stringify(suppressSmallCells(cs.map((c, i) => ({ key: `k${i}`, count: c }))));
        const r = suppressSmallCells(counts.map((c, i) => ({ key: `k${i}`, count: c })));
        const total = counts.reduce((a, b) => a + b, 0);
        for (const c of r.cells) if (c.count !== null) expect(c.count === 0 || c.count >= 5).toBe(true);
        if (r.total === null) expect(total >= 1 && total <= 4).toBe(true);
        else expect(r.total).toBe(total);
        // For each small cell, a breakdown where that cell holds another value publishes the same.
        counts.forEach((c, i) => {
          if (c < 1 || c > 4) return;
          const donor = counts.findIndex((x, j) => j !== i && x >= 1);
          const other = [...counts];
          if (c >= 2) {
            other[i] = c - 1;
            other[(i + 1) % counts.length]! += 1;
          } else if (donor >= 0) {
            other[i] = 2;
            other[donor]! -= 1;
          } else return; // the total is 1: everything is hidden, and the total with it
          expect(publish(other)).toBe(publish(counts));
        });
      }),
      { numRuns: 2000 },
    );
  });
});
