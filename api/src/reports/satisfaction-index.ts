import { type TQuestion, type TSection, type TSurveyDefinition, ZElement } from "../surveys/definition.ts";

/**
 * The satisfaction index (SIPAS-style, see METHOD.md at the repository root), computed from
 * aggregated answer counts only: never from raw responses, so that it can be fed from rollups.
 * Shares are numbers in [0, 1] and nothing is rounded here; formatting is the pages' job.
 */

/** Two-sided 95% normal quantile. */
export const Z_95 = 1.959964;
/** Below this many answers a figure is a small sample: pages show its interval next to it. */
export const SMALL_SAMPLE = 30;
/**
 * The smallest group of people a published figure may describe: cells with a count from 1 to
 * SMALL_CELL - 1 are suppressed, and a criterion needs this many answers to enter the index.
 */
export const SMALL_CELL = 5;
/** How a page shows a suppressed figure (whatever the reason: the mark says nothing about the count). */
export const SMALL_CELL_LABEL = "*";

export type IndexElement = NonNullable<TSection["element"]>;
/** Elements that take part in the overall index; `overall` is the standalone overall question. */
export type CriterionElement = Exclude<IndexElement, "overall">;
export type ElementWeights = Partial<Record<CriterionElement, number>>;
/** The answer scale of a scored question: 1-5 (likert5 or rating) or 0-10 (NPS-style rating). */
export type Scale = "1-5" | "0-10";

const CRITERION_ELEMENTS: readonly CriterionElement[] = ZElement.options.filter(
  (e): e is CriterionElement => e !== "overall",
);

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for `successes` out of `n`; null when n = 0 (no answers, no figure).
 * Throws on counts that cannot be a proportion.
 */
export function wilson(successes: number, n: number, z: number = Z_95): Interval | null {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`wilson: n must be a finite number >= 0, got ${n}`);
  if (!Number.isFinite(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilson: successes must be between 0 and n (${n}), got ${successes}`);
  }
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`wilson: z must be a finite number > 0, got ${z}`);
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At p = 0 and p = 1 the bound is exactly 0 or 1; clamp the floating-point noise there.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/** A share of answers with its Wilson interval. */
export interface Proportion {
  count: number;
  n: number;
  /** count / n, null when n = 0. */
  share: number | null;
  interval: Interval | null;
  /** n < SMALL_SAMPLE: pages show the interval with the figure. */
  smallSample: boolean;
}

export function proportion(count: number, n: number, z: number = Z_95): Proportion {
  const interval = wilson(count, n, z);
  return { count, n, share: n === 0 ? null : count / n, interval, smallSample: n < SMALL_SAMPLE };
}

/** Aggregated answers to one question: counts[i] answers at the scale's i-th level. */
export interface QuestionCounts {
  questionId: string;
  counts: readonly number[];
}

export interface QuestionFigures {
  questionId: string;
  scale: Scale;
  /** Number of answers (non-answers are not counted). */
  n: number;
  smallSample: boolean;
  /** One entry per level, lowest first (1..5 or 0..10). */
  distribution: (Proportion & { level: number })[];
  /** Mean of the levels answered; null when n = 0. */
  mean: number | null;
  /** Levels 4-5 ("Hài lòng" + "Rất hài lòng") on 1-5; levels 9-10 on 0-10. */
  topTwoBox: Proportion;
  /** Only for 0-10: promoters 9-10, passives 7-8, detractors 0-6; score = promoters - detractors in [-1, 1]. */
  nps: NpsFigures | null;
}

export interface NpsFigures {
  promoters: Proportion;
  passives: Proportion;
  detractors: Proportion;
  score: number | null;
}

const LOWEST: Record<Scale, number> = { "1-5": 1, "0-10": 0 };
const LEVELS: Record<Scale, number> = { "1-5": 5, "0-10": 11 };

/** The scale of a question that can be scored, or null for yesno / single / multi / text. */
export function scaleOf(question: TQuestion): Scale | null {
  if (question.type === "likert5") return "1-5";
  if (question.type === "rating") return question.scale.max === 5 ? "1-5" : "0-10";
  return null;
}

function checkCounts(questionId: string, scale: Scale, counts: readonly number[]): void {
  const levels = LEVELS[scale];
  if (counts.length !== levels) {
    throw new RangeError(
      `question ${questionId}: a ${scale} scale needs ${levels} counts (one per level), got ${counts.length}`,
    );
  }
  counts.forEach((c, i) => {
    if (!Number.isSafeInteger(c) || c < 0) {
      throw new RangeError(
        `question ${questionId}: the count at level ${i + LOWEST[scale]} must be an integer >= 0, got ${c}`,
      );
    }
  });
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Per-question figures from the answer counts of one scored question. */
export function questionFigures(input: QuestionCounts, scale: Scale, z: number = Z_95): QuestionFigures {
  const { questionId, counts } = input;
  checkCounts(questionId, scale, counts);
  const lowest = LOWEST[scale];
  const n = sum(counts);
  const distribution = counts.map((count, i) => ({ level: i + lowest, ...proportion(count, n, z) }));
  const mean = n === 0 ? null : sum(counts.map((count, i) => count * (i + lowest))) / n;
  const top = scale === "1-5" ? counts[3]! + counts[4]! : counts[9]! + counts[10]!;
  const topTwoBox = proportion(top, n, z);
  let nps: NpsFigures | null = null;
  if (scale === "0-10") {
    const detractors = proportion(sum(counts.slice(0, 7)), n, z);
    nps = {
      promoters: topTwoBox,
      passives: proportion(counts[7]! + counts[8]!, n, z),
      detractors,
      score: n === 0 ? null : (top - detractors.count) / n,
    };
  }
  return { questionId, scale, n, smallSample: n < SMALL_SAMPLE, distribution, mean, topTwoBox, nps };
}

/** Ratings citizens gave to the answers of their petitions (satisfied / not). */
export interface PetitionRatings {
  satisfied: number;
  unsatisfied: number;
}

export interface ElementCriterion {
  /** "question" for a survey criterion, "petitions" for the petition-answer ratings. */
  source: "question" | "petitions";
  /** The question, or null for the petition ratings. */
  questionId: string | null;
  n: number;
  /** Top-two-box share of the question, or satisfied / (satisfied + unsatisfied). */
  share: number;
  /** Mean score of the question; null for the petition ratings (they have no 5-level score). */
  mean: number | null;
}

export interface ElementFigures {
  element: CriterionElement;
  /**
   * The criteria counted: scored 1-5 questions of the element with at least SMALL_CELL answers, and
   * the petition ratings when there are at least SMALL_CELL of them.
   */
  criteria: ElementCriterion[];
  /** Unweighted mean of the criteria's shares; null when no criterion has data. */
  index: number | null;
  /** Unweighted mean of the criteria's mean scores (survey questions only); null when none. */
  meanScore: number | null;
  /** Some criterion has n < SMALL_SAMPLE. */
  smallSample: boolean;
  /** The weight configured (or 1 by default). */
  weight: number;
  /** The weight's share of the overall index after renormalisation; 0 when the element has no data. */
  effectiveWeight: number;
}

export interface SurveyQuestionFigures extends QuestionFigures {
  /** The element of the question's section, or null for a section without one. */
  element: IndexElement | null;
  /** Counted as a criterion of its element's index. */
  criterion: boolean;
}

export interface SatisfactionIndex {
  /** Every likert5 and rating question of the definition, in its order; others are not scored. */
  questions: SurveyQuestionFigures[];
  /** The elements of the definition (plus feedback when petition ratings are used), in ZElement order. */
  elements: ElementFigures[];
  /** Weighted mean of the element indices with data; null when none has data and a positive weight. */
  index: number | null;
}

export interface IndexOptions {
  /** Weights per element; equal weights when absent. Every element of the survey needs one. */
  weights?: ElementWeights;
  /** When given, the petition-answer ratings count as one more criterion of the feedback element. */
  petitionRatings?: PetitionRatings | null;
  z?: number;
}

/** Rejects weights that are negative, not finite, all zero, or for something that is not an element. */
export function checkWeights(weights: ElementWeights): void {
  const entries = Object.entries(weights) as [string, number | undefined][];
  for (const [element, weight] of entries) {
    if (!(CRITERION_ELEMENTS as readonly string[]).includes(element)) {
      throw new RangeError(`weights: "${element}" is not an element of the index`);
    }
    if (typeof weight !== "number" || !Number.isFinite(weight)) {
      throw new RangeError(`weights: the weight of ${element} must be a finite number, got ${weight}`);
    }
    if (weight < 0) throw new RangeError(`weights: the weight of ${element} is negative (${weight})`);
  }
  if (entries.length > 0 && entries.every(([, w]) => w === 0)) {
    throw new RangeError("weights: all weights are zero");
  }
}

/**
 * Weighted mean of element values. Elements whose value is null (no data) are dropped and the
 * remaining weights renormalised; with no `weights`, every element weighs 1. Returns the index
 * (null when no element with a positive weight has data) and each element's effective weight.
 */
export function combineElements(
  values: Partial<Record<CriterionElement, number | null>>,
  weights?: ElementWeights,
): { index: number | null; effectiveWeights: Partial<Record<CriterionElement, number>> } {
  if (weights) checkWeights(weights);
  const elements = Object.keys(values) as CriterionElement[];
  for (const e of elements) {
    if (weights && weights[e] === undefined) throw new RangeError(`weights: no weight for element ${e}`);
  }
  const weightOf = (element: CriterionElement): number => (weights ? weights[element]! : 1);
  const used = elements.filter((e) => typeof values[e] === "number" && weightOf(e) > 0);
  const total = sum(used.map(weightOf));
  const effectiveWeights: Partial<Record<CriterionElement, number>> = {};
  for (const e of elements) effectiveWeights[e] = used.includes(e) ? weightOf(e) / total : 0;
  const index = used.length === 0 ? null : sum(used.map((e) => weightOf(e) * values[e]!)) / total;
  return { index, effectiveWeights };
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : sum(values) / values.length);

/**
 * The survey's satisfaction index: per question, per element and overall. Rows of `counts` for the
 * same question (e.g. one per day) are added together; a question without rows has n = 0.
 */
export function satisfactionIndex(
  definition: TSurveyDefinition,
  counts: readonly QuestionCounts[],
  options: IndexOptions = {},
): SatisfactionIndex {
  const z = options.z ?? Z_95;
  const scored = new Map<string, { scale: Scale; element: IndexElement | null }>();
  const known = new Set<string>();
  for (const section of definition.sections) {
    for (const q of section.questions) {
      known.add(q.id);
      const scale = scaleOf(q);
      if (scale) scored.set(q.id, { scale, element: section.element ?? null });
    }
  }

  const totals = new Map<string, number[]>();
  for (const row of counts) {
    const question = scored.get(row.questionId);
    if (!question) {
      throw new RangeError(
        known.has(row.questionId)
          ? `question ${row.questionId} is not a likert5 or rating question`
          : `question ${row.questionId} is not in the survey definition`,
      );
    }
    checkCounts(row.questionId, question.scale, row.counts);
    const total = totals.get(row.questionId) ?? new Array<number>(LEVELS[question.scale]).fill(0);
    totals.set(
      row.questionId,
      total.map((c, i) => c + row.counts[i]!),
    );
  }

  const questions: SurveyQuestionFigures[] = [...scored].map(([questionId, { scale, element }]) => {
    const figures = questionFigures(
      { questionId, counts: totals.get(questionId) ?? new Array<number>(LEVELS[scale]).fill(0) },
      scale,
      z,
    );
    // A criterion needs SMALL_CELL answers: a share of fewer people would be published through the
    // element and overall indices even though the question's own figures are suppressed.
    const criterion = element !== null && element !== "overall" && scale === "1-5" && figures.n >= SMALL_CELL;
    return { ...figures, element, criterion };
  });

  const petitions = options.petitionRatings ?? null;
  if (petitions) {
    for (const [key, value] of Object.entries(petitions)) {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new RangeError(`petition ratings: ${key} must be an integer >= 0, got ${value}`);
      }
    }
  }
  const present = new Set<CriterionElement>();
  for (const section of definition.sections) {
    if (section.element && section.element !== "overall") present.add(section.element);
  }
  if (petitions) present.add("feedback");

  const elements: ElementFigures[] = [];
  for (const element of CRITERION_ELEMENTS.filter((e) => present.has(e))) {
    const criteria: ElementCriterion[] = questions
      .filter((q) => q.criterion && q.element === element)
      .map((q) => ({
        source: "question",
        questionId: q.questionId,
        n: q.n,
        share: q.topTwoBox.share!,
        mean: q.mean,
      }));
    if (element === "feedback" && petitions) {
      const n = petitions.satisfied + petitions.unsatisfied;
      if (n >= SMALL_CELL) {
        criteria.push({
          source: "petitions",
          questionId: null,
          n,
          share: petitions.satisfied / n,
          mean: null,
        });
      }
    }
    const means = criteria.flatMap((c) => (c.mean === null ? [] : [c.mean]));
    elements.push({
      element,
      criteria,
      index: mean(criteria.map((c) => c.share)),
      meanScore: mean(means),
      smallSample: criteria.some((c) => c.n < SMALL_SAMPLE),
      weight: options.weights?.[element] ?? 1,
      effectiveWeight: 0,
    });
  }

  const { index, effectiveWeights } = combineElements(
    Object.fromEntries(elements.map((e) => [e.element, e.index])),
    options.weights,
  );
  for (const e of elements) {
    e.effectiveWeight = effectiveWeights[e.element] ?? 0;
  }
  return { questions, elements, index };
}

export interface SuppressedCell<K extends string = string> {
  key: K;
  /** The count, or null when suppressed. */
  count: number | null;
  /** count / total, or null when suppressed. */
  share: number | null;
  /** Hidden: the mark is the same whatever the count (0 included), so it tells nothing. */
  suppressed: boolean;
}

export interface SuppressedBreakdown<K extends string = string> {
  /** Sum of the cells; null when suppressed (0 < total < SMALL_CELL). */
  total: number | null;
  totalSuppressed: boolean;
  /** Every cell is hidden because some cell is from 1 to SMALL_CELL - 1. */
  withheld: boolean;
  cells: SuppressedCell<K>[];
}

/**
 * Small-cell suppression of a breakdown for public output (the total is the sum of the cells).
 * When any cell counts from 1 to SMALL_CELL - 1, the whole breakdown is withheld: every cell is
 * hidden, zeros included, and only the total is shown. Hiding only the small cell (plus a second
 * one so that subtraction fails) does not survive arithmetic: a reader who knows the rule, the
 * total and the shown cells can often pin the hidden pair down. With every cell hidden, any split
 * of the total is possible. A total from 1 to SMALL_CELL - 1 is hidden too. A breakdown without a
 * small cell is shown whole, zeros included.
 */
export function suppressSmallCells<K extends string>(
  cells: readonly { key: K; count: number }[],
): SuppressedBreakdown<K> {
  const keys = new Set<K>();
  for (const { key, count } of cells) {
    if (keys.has(key)) throw new RangeError(`suppression: the key ${key} appears twice`);
    keys.add(key);
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`suppression: the count of ${key} must be an integer >= 0, got ${count}`);
    }
  }
  const total = sum(cells.map((c) => c.count));
  const totalSuppressed = total > 0 && total < SMALL_CELL;
  const withheld = cells.some((c) => c.count > 0 && c.count < SMALL_CELL);
  return {
    total: totalSuppressed ? null : total,
    totalSuppressed,
    withheld,
    cells: cells.map(({ key, count }) =>
      withheld
        ? { key, count: null, share: null, suppressed: true }
        : { key, count, share: total === 0 ? null : count / total, suppressed: false },
    ),
  };
}
