import type { MonthFigures } from "../petitions/figures.ts";
import { type QuestionFigures, SMALL_CELL, suppressSmallCells } from "./satisfaction-index.ts";

/**
 * What the public may read of each figure, so that no suppressed count can be worked out from
 * everything published about a unit and month (METHOD.md, "Small-cell suppression"). The rules:
 *
 * - A scored question with fewer than SMALL_CELL answers publishes nothing, and is no criterion of
 *   the index (satisfactionIndex leaves it out), so the element and overall indices say nothing
 *   about it either.
 * - A question whose distribution has a cell from 1 to SMALL_CELL - 1 publishes its number of
 *   answers and its satisfied share (levels 4-5; 9-10 on a 0-10 scale) with the share's interval,
 *   never its mean nor any level: every level is hidden, zeros included. The satisfied share is
 *   what the index is made of, so it is published; the levels inside each side of it stay open to
 *   every split.
 * - An element's mean score is published only when every question of the element publishes its mean.
 * - A breakdown (channels, reasons) with a small cell is withheld whole (suppressSmallCells).
 * - Petition ratings publish their satisfied share only from SMALL_CELL ratings on, and a unit
 *   with units under it only when none of them had its own share withheld that month (otherwise
 *   the parent's figure minus its children's would give the withheld one).
 */

/** How much of a question the public reads. */
export type QuestionDetail = "all" | "share" | "none";

export function questionDetail(q: Pick<QuestionFigures, "n" | "distribution">): QuestionDetail {
  if (q.n < SMALL_CELL) return "none";
  return q.distribution.some((d) => d.count > 0 && d.count < SMALL_CELL) ? "share" : "all";
}

/** The month's petition figures as published: the ratings' split only when it describes enough people. */
export type PublicMonthFigures = Omit<MonthFigures, "satisfied" | "notSatisfiedReasons"> & {
  /** Null when the ratings' split is withheld. */
  satisfied: number | null;
  /** Per reason; a reason's count is null when the breakdown is withheld (it has a small cell). */
  notSatisfiedReasons: Record<string, number | null>;
  /** The satisfied share is not published (fewer than SMALL_CELL ratings, here or in a unit below). */
  ratingsWithheld: boolean;
  /** The ratings are those of this earlier revision: they moved by fewer than 5 since (guardRevision). */
  ratingsAsOfRevision?: number;
};

/**
 * Why citizens were not satisfied (the rating form's reasons, and "other" for none given). The
 * public breakdown lists every reason, zeros included: listing only the reasons someone gave would
 * say, for a single dissatisfied citizen, which one it was.
 */
const RATING_REASONS = ["vague", "no_evidence", "not_resolved", "slow", "other"] as const;

/** True when a month's ratings split of one unit may be published on its own. */
export const ratingsPublishable = (rated: number) => rated === 0 || rated >= SMALL_CELL;

/**
 * The public version of a unit's petition figures. `subtreeRated` holds, for each unit of the
 * subtree whose figures are its own page (the unit itself and every unit under it), its number of
 * ratings in the month.
 */
export function publicPetitionFigures(
  figures: MonthFigures,
  subtreeRated: readonly number[],
): PublicMonthFigures {
  const withheld = !ratingsPublishable(figures.rated) || subtreeRated.some((r) => !ratingsPublishable(r));
  const keys = [...new Set([...RATING_REASONS, ...Object.keys(figures.notSatisfiedReasons)])];
  if (withheld) {
    return {
      ...figures,
      satisfied: null,
      satisfiedRate: null,
      notSatisfiedReasons: Object.fromEntries(keys.map((k) => [k, null])),
      targets: { ...figures.targets, satisfied: null },
      ratingsWithheld: true,
    };
  }
  const reasons = suppressSmallCells(
    keys.map((key) => ({ key, count: figures.notSatisfiedReasons[key] ?? 0 })),
  );
  return {
    ...figures,
    notSatisfiedReasons: Object.fromEntries(reasons.cells.map((c) => [c.key, c.count])),
    ratingsWithheld: false,
  };
}

/** The parts of a month's summary that a correction compares (see guardRevision). */
interface RevisionFigures {
  satisfaction: {
    index: number | null;
    responses: number | null;
    responsesPartial?: boolean;
    target: number;
    met: boolean | null;
  };
  surveys: {
    id: string;
    responses: number | null;
    index: number | null;
    asOfRevision?: number;
    questions: {
      id: string;
      n: number | null;
      topTwoBox: { share: number } | null;
      distribution: { level: number; count: number | null }[];
    }[];
    channels: { channel: string; count: number | null }[];
  }[];
  petitions: {
    rated: number;
    satisfied: number | null;
    satisfiedRate: number | null;
    notSatisfiedReasons: Record<string, number | null>;
    targets: { satisfied: boolean | null };
    /** The ratings are those of this earlier revision (see guardRevision). */
    ratingsAsOfRevision?: number;
  };
}

/** Every count of people a survey block publishes, by a key stable between revisions. */
function surveyCounts(s: RevisionFigures["surveys"][number]): Map<string, number> {
  const counts = new Map<string, number>();
  if (s.responses !== null) counts.set("responses", s.responses);
  for (const q of s.questions) {
    if (q.n !== null) counts.set(`${q.id}:n`, q.n);
    if (q.n !== null && q.topTwoBox) counts.set(`${q.id}:top`, Math.round(q.topTwoBox.share * q.n));
    for (const d of q.distribution) if (d.count !== null) counts.set(`${q.id}:${d.level}`, d.count);
  }
  s.channels.forEach((c, i) => {
    if (c.count !== null) counts.set(`channel:${i}:${c.channel}`, c.count);
  });
  return counts;
}

const smallChange = (a: number, b: number) => {
  const d = Math.abs(a - b);
  return d > 0 && d < SMALL_CELL;
};

function changesBySmallGroup(before: Map<string, number>, after: Map<string, number>): boolean {
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old !== undefined && smallChange(old, value)) return true;
  }
  return false;
}

/**
 * A correction of a published month publishes no difference of fewer than SMALL_CELL people.
 * Between two revisions, a count that moved by 1 to 4 says how those few late or reviewed answers
 * went ("one more parent was dissatisfied"). So each survey whose counts moved that little keeps
 * the figures of the revision it corrects (marked with that revision's number), and so do the
 * petition ratings; the unit's index and responses are then recomputed from the surveys as shown.
 * `ratingsInIndex`: the ratings are a criterion of the surveys' feedback element, so keeping the
 * old ratings keeps the old surveys too.
 */
export function guardRevision<F extends RevisionFigures>(
  previous: F,
  previousRevision: number,
  next: F,
  ratingsInIndex: boolean,
): F {
  const p = previous.petitions;
  const n = next.petitions;
  const keepRatings =
    p.satisfied !== null &&
    n.satisfied !== null &&
    (smallChange(p.rated, n.rated) || smallChange(p.satisfied, n.satisfied));
  const petitions = keepRatings
    ? {
        ...n,
        rated: p.rated,
        satisfied: p.satisfied,
        satisfiedRate: p.satisfiedRate,
        notSatisfiedReasons: p.notSatisfiedReasons,
        targets: { ...n.targets, satisfied: p.targets.satisfied },
        ratingsAsOfRevision: p.ratingsAsOfRevision ?? previousRevision,
      }
    : n;
  const before = new Map(previous.surveys.map((s) => [s.id, s]));
  const keep = (old: F["surveys"][number]) => ({
    ...old,
    asOfRevision: old.asOfRevision ?? previousRevision,
  });
  const wasShown = (old: F["surveys"][number]) => old.responses !== null && old.responses > 0;
  const surveys = next.surveys.map((s) => {
    const old = before.get(s.id);
    if (!old) return s;
    // Suppressed now (answers discarded after review) while shown before: hiding it would publish
    // that the difference took it under 5.
    if (wasShown(old) && s.responses === null) return keep(old);
    if ((keepRatings && ratingsInIndex) || changesBySmallGroup(surveyCounts(old), surveyCounts(s)))
      return keep(old);
    return s;
  });
  // A survey shown before and gone now (every answer discarded) stays as it was, for the same reason.
  for (const old of previous.surveys) {
    if (!surveys.some((s) => s.id === old.id) && wasShown(old)) surveys.push(keep(old));
  }
  return {
    ...next,
    satisfaction: { ...next.satisfaction, ...unitSatisfaction(surveys, next.satisfaction.target) },
    surveys,
    petitions,
  };
}

/**
 * The unit's satisfaction figures from its surveys as shown: the index weighted by each survey's
 * responses (surveys with an index only), and the responses of the surveys shown. A suppressed
 * survey (1-4 responses, `responses: null`) is in neither: adding its responses would publish them
 * by subtraction. `responses` is null when every survey with answers is suppressed.
 */
export function unitSatisfaction(
  surveys: readonly { index: number | null; responses: number | null }[],
  target: number,
): {
  index: number | null;
  responses: number | null;
  responsesPartial: boolean;
  target: number;
  met: boolean | null;
} {
  const scored = surveys.filter((s) => s.index !== null && s.responses !== null);
  const weight = scored.reduce((sum, s) => sum + s.responses!, 0);
  const index = weight === 0 ? null : scored.reduce((sum, s) => sum + s.index! * s.responses!, 0) / weight;
  const shown = surveys.reduce((sum, s) => sum + (s.responses ?? 0), 0);
  const partial = surveys.some((s) => s.responses === null);
  return {
    index,
    responses: partial && shown === 0 ? null : shown,
    responsesPartial: partial,
    target,
    met: index === null ? null : index >= target,
  };
}
