/**
 * What a reader can infer about hidden counts from published figures: an exhaustive integer search
 * over every breakdown that agrees with everything published, the publication rule included. It is
 * the adversary of the suppression rules (disclosure.ts), written from the published numbers only,
 * so that tests can prove that no hidden count is ever pinned down; an auditor can run it on any
 * published month.
 */

/** One breakdown as a reader sees it: some cells known, some hidden, and equations over them. */
export interface PublishedBreakdown {
  /** Per cell, its published count, or null when hidden. */
  cells: (number | null)[];
  /** The sum of the cells when published; otherwise the range it is known to lie in. */
  total: number | { min: number; max: number };
  /** Cells whose sum is known (e.g. levels 4 and 5 from the satisfied share), with that sum. */
  subsetSums?: { cells: number[]; sum: number }[];
  /** Weight per cell and the weighted sum, when a mean is published (sum of level × count). */
  weighted?: { weights: number[]; sum: number };
  /**
   * What the rule reveals about small cells by its choice of what to hide: true when it hides
   * because some cell is from 1 to smallCell - 1, false when it would have shown all of them, null
   * when the choice says nothing (e.g. the whole question is hidden for its total).
   */
  hasSmallCell: boolean | null;
  /** The threshold of the rule (5). */
  smallCell: number;
}

interface State {
  sum: number;
  subs: number[];
  weighted: number;
  small: boolean;
}

const key = (s: State) => `${s.sum}|${s.subs.join(",")}|${s.weighted}|${s.small ? 1 : 0}`;

/**
 * For each cell, the values it takes across all breakdowns consistent with the publication
 * (sorted). A hidden cell with a single value is recovered; a published cell has just its value.
 * Returns null for every cell when no breakdown is consistent (the publication contradicts itself).
 */
export function possibleValues(p: PublishedBreakdown, enough = Number.POSITIVE_INFINITY): number[][] | null {
  const range = typeof p.total === "number" ? { min: p.total, max: p.total } : p.total;
  const totals = Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i);
  const found: Set<number>[] = p.cells.map(() => new Set<number>());
  let any = false;
  for (const total of totals) {
    const values = solveFor(p, total, enough);
    if (!values) continue;
    any = true;
    values.forEach((set, i) => {
      for (const v of set) found[i]!.add(v);
    });
  }
  return any ? found.map((s) => [...s].sort((a, b) => a - b)) : null;
}

/** `enough`: stop collecting a cell's values once it has this many (two prove it is not pinned down). */
function solveFor(p: PublishedBreakdown, total: number, enough: number): Set<number>[] | null {
  const subs = p.subsetSums ?? [];
  const L = p.cells.length;
  const options = (i: number): number[] => {
    const c = p.cells[i];
    if (c !== null && c !== undefined) return c <= total ? [c] : [];
    return Array.from({ length: total + 1 }, (_, v) => v);
  };
  const step = (s: State, i: number, v: number): State | null => {
    const sum = s.sum + v;
    if (sum > total) return null;
    const next = s.subs.map((x, k) => x + (subs[k]!.cells.includes(i) ? v : 0));
    if (next.some((x, k) => x > subs[k]!.sum)) return null;
    const weighted = s.weighted + (p.weighted ? p.weighted.weights[i]! * v : 0);
    if (p.weighted && weighted > p.weighted.sum) return null;
    return { sum, subs: next, weighted, small: s.small || (v > 0 && v < p.smallCell) };
  };
  const accepts = (s: State) =>
    s.sum === total &&
    s.subs.every((x, k) => x === subs[k]!.sum) &&
    (!p.weighted || s.weighted === p.weighted.sum) &&
    (p.hasSmallCell === null || s.small === p.hasSmallCell);

  // Forward: the states reachable after each prefix of cells.
  const forward: Map<string, State>[] = [];
  let layer = new Map<string, State>();
  const start: State = { sum: 0, subs: subs.map(() => 0), weighted: 0, small: false };
  layer.set(key(start), start);
  for (let i = 0; i < L; i++) {
    forward.push(layer);
    const next = new Map<string, State>();
    for (const s of layer.values())
      for (const v of options(i)) {
        const t = step(s, i, v);
        if (t) next.set(key(t), t);
      }
    layer = next;
  }
  // Backward: from which (cell, state) a complete, accepted breakdown can still be reached.
  const memo = new Map<string, boolean>();
  const completes = (i: number, s: State): boolean => {
    if (i === L) return accepts(s);
    const k = `${i}#${key(s)}`;
    const known = memo.get(k);
    if (known !== undefined) return known;
    let ok = false;
    for (const v of options(i)) {
      const t = step(s, i, v);
      if (t && completes(i + 1, t)) {
        ok = true;
        break;
      }
    }
    memo.set(k, ok);
    return ok;
  };
  const values: Set<number>[] = p.cells.map(() => new Set<number>());
  let any = false;
  for (let i = 0; i < L; i++) {
    cell: for (const s of forward[i]!.values()) {
      for (const v of options(i)) {
        if (values[i]!.size >= enough) break cell;
        if (values[i]!.has(v)) continue;
        const t = step(s, i, v);
        if (t && completes(i + 1, t)) {
          values[i]!.add(v);
          any = true;
        }
      }
    }
  }
  return any ? values : null;
}

/**
 * The hidden cells a reader pins down to a count of people: index and value of each hidden cell
 * with a single possible value above zero. A hidden cell known to be 0 (nobody answered below 4
 * when the satisfied share is 100%) says that nobody is in it, and identifies no one.
 */
export function recoveredCells(p: PublishedBreakdown): { cell: number; value: number }[] {
  const values = possibleValues(p, 2);
  if (!values) return [];
  return p.cells.flatMap((c, i) =>
    c === null && values[i]!.length === 1 && values[i]![0]! > 0 ? [{ cell: i, value: values[i]![0]! }] : [],
  );
}
