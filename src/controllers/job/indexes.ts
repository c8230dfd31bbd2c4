// Completion indexes of Indexed Jobs as upstream keeps them: ordered, non-overlapping intervals printed in
// compressed form ("0-2,5,7-9") for status.completedIndexes and status.failedIndexes. Pure.

/** Inclusive [first, last]; a list of them is ordered and never overlapping or adjacent. */
export type Interval = readonly [first: number, last: number];
export type Intervals = readonly Interval[];

/**
 * Parses "1,3-5" keeping only indexes below completions (upstream parseIndexesFromString): malformed parts are
 * skipped, out-of-order parts too, an interval crossing the bound is cut at completions - 1.
 */
export function parseIndexes(text: string | undefined, completions: number): Interval[] {
  const out: [number, number][] = [];
  if (!text) return out;
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const first = Number(m[1]);
    let last = m[2] === undefined ? first : Number(m[2]);
    if (last < first || first >= completions) continue;
    last = Math.min(last, completions - 1);
    const prev = out.at(-1);
    if (prev && first <= prev[1]) continue;
    if (prev && first === prev[1] + 1) prev[1] = last;
    else out.push([first, last]);
  }
  return out;
}

export function formatIndexes(intervals: Intervals): string {
  return intervals.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}

export const totalIndexes = (intervals: Intervals): number => intervals.reduce((n, [a, b]) => n + b - a + 1, 0);

export const hasIndex = (intervals: Intervals, ix: number): boolean => intervals.some(([a, b]) => ix >= a && ix <= b);

/** The union of two interval lists. */
export function mergeIntervals(x: Intervals, y: Intervals): Interval[] {
  const all = [...x, ...y].sort((p, q) => p[0] - q[0]);
  const out: [number, number][] = [];
  for (const [a, b] of all) {
    const prev = out.at(-1);
    if (prev && a <= prev[1] + 1) prev[1] = Math.max(prev[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The intervals with some indexes added (in any order, repeats allowed). */
export function withIndexes(intervals: Intervals, indexes: Iterable<number>): Interval[] {
  return mergeIntervals(intervals, [...indexes].map((i): Interval => [i, i]));
}

/** The first count indexes in [0, completions) outside taken (upstream firstPendingIndexes). */
export function firstPendingIndexes(taken: Intervals, count: number, completions: number): number[] {
  const out: number[] = [];
  let ix = 0;
  for (const [a, b] of [...taken, [completions, completions] as Interval]) {
    for (; ix < Math.min(a, completions) && out.length < count; ix++) out.push(ix);
    if (out.length >= count || ix >= completions) break;
    ix = Math.max(ix, b + 1);
  }
  return out;
}
