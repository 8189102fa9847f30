// Statistical disclosure control for exports: primary suppression of small counts, then secondary
// suppression so no hidden count can be recovered by subtraction from a published total.
//
// The model. A table and its margins form "lines": every row (its cells and its row total), every
// column (its cells and its column total), the column of row totals (with the grand total) and the
// row of column totals (with the grand total). Each line is one equation `sum(members) = total`, so
// if exactly one entry of a line is hidden, the equation gives it back. The rules, applied until
// nothing changes (suppression only ever grows, so this terminates):
//
// 1. Primary: an entry (cell or total) counting 1..k-1 people is hidden. Totals are counts too.
// 2. Zeros are published: a zero is not a person, and hiding every zero would blank sparse tables.
//    The price: a reader knows every hidden entry is at least 1. So a zero never serves as the
//    partner of a hidden cell (hiding a 0 next to a 2 protects nothing), and:
// 3. A line with exactly one hidden entry gets a partner: its smallest non-zero published member
//    (first one on ties); when no member qualifies, the line's total is hidden instead.
// 4. A line whose total is published gets another partner the same way while its hidden members add
//    up to fewer than k people (`total - published` would be a small count) or to no more than their
//    number (three hidden cells summing to 3, each >= 1, are all 1).
//
// What suppressTable and suppressList do not do: optimal (least-loss) patterns, or protection against an
// attacker solving the whole system of equations at once; suppressLinked (the feedback tables, below)
// does the latter, checked by linear and integer programming in test/unit/disclosure-audit.test.ts (what
// the naming of groups implies is export-shaping.ts feedbackTables' part). Callers publish `suppressed`,
// never `reason`: knowing which cells are primary tells a reader they are below k.

import { ValidationError } from './errors.ts';

export const DEFAULT_K = 5;
export const MIN_K = 3;

export type SuppressionReason = 'primary' | 'secondary';

export type PublishedCount =
  | { value: number; suppressed: false }
  | { value: null; suppressed: true; reason: SuppressionReason };

export interface CountTable {
  rows: string[];
  cols: string[];
  /** counts[row][col]: distinct people, non-negative integers. */
  counts: number[][];
}

export interface SuppressedTable {
  k: number;
  rows: string[];
  cols: string[];
  cells: PublishedCount[][];
  rowTotals: PublishedCount[];
  colTotals: PublishedCount[];
  grandTotal: PublishedCount;
}

export interface SuppressedList {
  k: number;
  cells: Array<{ key: string } & PublishedCount>;
  total: PublishedCount;
}

/** k below 3 makes a "group" of two people, who can recognise each other; k comes from config or a query. */
export function assertValidK(k: number): void {
  if (!Number.isInteger(k) || k < MIN_K) {
    throw new ValidationError([{ path: 'k', message: `k must be an integer of at least ${MIN_K}.` }]);
  }
}

/** Suppresses a two-way table of counts and its margins (row, column and grand totals). */
export function suppressTable(table: CountTable, k: number = DEFAULT_K): SuppressedTable {
  assertValidK(k);
  const nRows = table.rows.length;
  const nCols = table.cols.length;
  if (table.counts.length !== nRows || table.counts.some((row) => row.length !== nCols)) {
    throw new RangeError(`counts must be ${nRows} rows of ${nCols} columns`);
  }

  // One flat index space: cells row-major, then row totals, then column totals, then the grand total.
  const cellAt = (r: number, c: number): number => r * nCols + c;
  const rowTotalAt = (r: number): number => nRows * nCols + r;
  const colTotalAt = (c: number): number => nRows * nCols + nRows + c;
  const grandAt = nRows * nCols + nRows + nCols;

  const values: number[] = [];
  for (const row of table.counts) {
    for (const count of row) values.push(assertCount(count));
  }
  const rowSums = table.counts.map((row) => sum(row));
  const colSums = table.cols.map((_, c) => sum(table.counts.map((row) => row[c] ?? 0)));
  values.push(...rowSums, ...colSums, sum(rowSums));

  const lines: Line[] = [];
  for (let r = 0; r < nRows; r++) {
    lines.push({ members: table.cols.map((_, c) => cellAt(r, c)), total: rowTotalAt(r) });
  }
  for (let c = 0; c < nCols; c++) {
    lines.push({ members: table.rows.map((_, r) => cellAt(r, c)), total: colTotalAt(c) });
  }
  lines.push({ members: table.rows.map((_, r) => rowTotalAt(r)), total: grandAt });
  lines.push({ members: table.cols.map((_, c) => colTotalAt(c)), total: grandAt });

  const reasons = protect(values, lines, k);
  const publish = (i: number): PublishedCount => published(values, reasons, i);
  return {
    k,
    rows: [...table.rows],
    cols: [...table.cols],
    cells: table.rows.map((_, r) => table.cols.map((_, c) => publish(cellAt(r, c)))),
    rowTotals: table.rows.map((_, r) => publish(rowTotalAt(r))),
    colTotals: table.cols.map((_, c) => publish(colTotalAt(c))),
    grandTotal: publish(grandAt),
  };
}

/** Suppresses a list of counts published next to their grand total (the groups of an export). */
export function suppressList(
  cells: Array<{ key: string; count: number }>,
  k: number = DEFAULT_K,
): SuppressedList {
  assertValidK(k);
  const values = cells.map((cell) => assertCount(cell.count));
  values.push(sum(values));
  const totalAt = cells.length;
  const reasons = protect(values, [{ members: cells.map((_, i) => i), total: totalAt }], k);
  return {
    k,
    cells: cells.map((cell, i) => ({ key: cell.key, ...published(values, reasons, i) })),
    total: published(values, reasons, totalAt),
  };
}

interface Line {
  members: number[];
  total: number;
}

/**
 * One linear relation an attacker knows between counts: `sum(values[members]) = values[total]`. Used by
 * `suppressLinked`, where several published tables share cells (a county's row and the national row).
 */
export interface LinkedLine {
  members: number[];
  total: number;
}

/**
 * Suppresses a system of linked tables at once (the feedback export: national, by county, by language, ...).
 * Unlike suppressTable, a zero is hidden like any count below k: a published zero tells a reader that a hidden
 * neighbour is at least 1, and pins a difference (10 ro + 1 uk in a county, the uk answer recovered as the
 * county's minus the ro counts). So every published count is at least k and a hidden one could be anything
 * from 0 up. `unpublished` entries are never shown (the residue of unnamed groups, the people who skipped a
 * question) but are counts an attacker can reason about, so they are protected like hidden cells. `caps` are
 * upper bounds a reader knows without any table (the residue of m unnamed groups holds at most m(k-1)
 * people); a member of a line whose total is published is also capped by that total.
 *
 * Rule, applied to every line until nothing changes: a line whose total is published has no hidden member,
 * or at least two adding up to at least k, and the others of each hidden member can hold the whole hidden
 * sum (so each could be 0, or k-1, as far as this line goes); a line whose total is hidden has a hidden
 * member. A missing partner is the line's smallest published member; if there is none, the line's total.
 * That this holds against an attacker solving every line at once is what test/unit/disclosure-audit.test.ts
 * checks by linear programming.
 */
export function suppressLinked(
  values: readonly number[],
  lines: readonly LinkedLine[],
  k: number,
  unpublished: ReadonlySet<number> = new Set(),
  caps: ReadonlyMap<number, number> = new Map(),
  dominance: ReadonlyArray<{ line: LinkedLine; by: LinkedLine }> = [],
): Array<SuppressionReason | undefined> {
  assertValidK(k);
  for (const v of values) assertCount(v);
  // An unpublished entry capped at 0 is a known zero (a residue of groups where nobody was invited): it takes
  // part in the lines as a published 0 would, and is never picked as a partner.
  const reasons: Array<SuppressionReason | undefined> = values.map((v, i) =>
    unpublished.has(i) ? (caps.get(i) === 0 ? undefined : 'primary') : v < k ? 'primary' : undefined,
  );
  const hidden = (i: number): boolean => reasons[i] !== undefined;
  const linesOf = new Map<number, LinkedLine[]>();
  for (const line of lines) {
    for (const i of line.members) linesOf.set(i, [...(linesOf.get(i) ?? []), line]);
  }
  const capOf = (i: number): number => {
    let cap = caps.get(i) ?? Number.POSITIVE_INFINITY;
    for (const line of linesOf.get(i) ?? []) {
      if (!hidden(line.total)) cap = Math.min(cap, values[line.total] ?? 0);
    }
    return cap;
  };
  const smallestPublished = (members: number[]): number | undefined => {
    let best: number | undefined;
    for (const i of members) {
      if (hidden(i) || unpublished.has(i)) continue;
      if (best === undefined || (values[i] ?? 0) < (values[best] ?? 0)) best = i;
    }
    return best;
  };
  const exposed = (line: LinkedLine): boolean => {
    const hiddenMembers = line.members.filter(hidden);
    if (hidden(line.total)) return hiddenMembers.length === 0 && line.members.length > 0;
    if (hiddenMembers.length === 0) return false;
    if (hiddenMembers.length < 2) return true;
    const hiddenSum = sum(hiddenMembers.map((i) => values[i] ?? 0));
    if (hiddenSum < k) return true;
    const memberCaps = hiddenMembers.map(capOf);
    const allCaps = sum(memberCaps);
    return memberCaps.some((cap) => allCaps - cap < hiddenSum);
  };

  const applyLineRule = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        if (!exposed(line)) continue;
        const partner = smallestPublished(line.members);
        if (partner !== undefined) {
          reasons[partner] = 'secondary';
          changed = true;
        } else if (!hidden(line.total) && !unpublished.has(line.total)) {
          reasons[line.total] = 'secondary';
          changed = true;
        }
      }
    }
  };
  const totalsOf = new Map<number, LinkedLine[]>();
  for (const line of lines) totalsOf.set(line.total, [...(totalsOf.get(line.total) ?? []), line]);

  // Then every hidden entry's bounds, as far as propagating every line proves them: while one is too narrow,
  // hide one more published entry next to it and start again.
  for (;;) {
    applyLineRule();
    const [lo, hi] = propagateBounds(values, lines, hidden, caps);
    let tight = values.findIndex((v, i) => {
      if (!hidden(i) || caps.get(i) === 0) return false;
      const low = lo[i] ?? 0;
      const high = hi[i] ?? 0;
      return v < k ? low > 0 || high < k - 1 : high - low < k - 1;
    });
    if (tight < 0) tight = dominatedTight(values, dominance, hidden, hi);
    if (tight < 0) return reasons;
    // The nearest published entries bound it: walk out through hidden entries, line by line.
    const seen = new Set<number>([tight]);
    let frontier = [tight];
    let best: number | undefined;
    while (frontier.length > 0 && best === undefined) {
      const next: number[] = [];
      for (const entry of frontier) {
        for (const line of [...(linesOf.get(entry) ?? []), ...(totalsOf.get(entry) ?? [])]) {
          for (const i of [...line.members, line.total]) {
            if (seen.has(i)) continue;
            seen.add(i);
            if (hidden(i)) next.push(i);
            else if (unpublished.has(i)) continue;
            else if (best === undefined || (values[i] ?? 0) < (values[best] ?? 0)) best = i;
          }
        }
      }
      frontier = next;
    }
    if (best === undefined) return reasons;
    reasons[best] = 'secondary';
  }
}

/**
 * The most each entry can be, as far as propagating every line proves it, once `reasons` withholds what it
 * withholds: sound (a reader solving everything at once can prove no more), if not always the tightest.
 */
export function provedUpperBounds(
  values: readonly number[],
  lines: readonly LinkedLine[],
  reasons: ReadonlyArray<SuppressionReason | undefined>,
  caps: ReadonlyMap<number, number> = new Map(),
): number[] {
  return propagateBounds(values, lines, (i) => reasons[i] !== undefined, caps)[1];
}

/**
 * A line whose members are each at most the matching member of another (a county's answers to a question
 * and the nation's): its hidden members other than x can together hold no more than the other line's hidden
 * sum, which interval bounds alone miss. The first hidden member that cannot fall to 0 that way, or -1.
 */
function dominatedTight(
  values: readonly number[],
  dominance: ReadonlyArray<{ line: LinkedLine; by: LinkedLine }>,
  hidden: (i: number) => boolean,
  hi: readonly number[],
): number {
  const hiddenSum = (line: LinkedLine) =>
    (values[line.total] ?? 0) - sum(line.members.filter((i) => !hidden(i)).map((i) => values[i] ?? 0));
  for (const { line, by } of dominance) {
    if (hidden(line.total) || hidden(by.total)) continue;
    const ownSum = hiddenSum(line);
    const byRoom = hiddenSum(by);
    for (const [j, x] of line.members.entries()) {
      if (!hidden(x)) continue;
      let free = 0;
      let bound = 0;
      for (const [m, i] of line.members.entries()) {
        if (m === j || !hidden(i)) continue;
        if (hidden(by.members[m] ?? -1)) bound += hi[i] ?? 0;
        else free += hi[i] ?? 0;
      }
      if (free + Math.min(bound, byRoom) < ownSum) return x;
    }
  }
  return -1;
}

/** Interval bounds on every entry from the lines alone (published entries fixed, hidden ones in [0, cap]). */
function propagateBounds(
  values: readonly number[],
  lines: readonly LinkedLine[],
  hidden: (i: number) => boolean,
  caps: ReadonlyMap<number, number>,
): [number[], number[]] {
  const lo = values.map((v, i) => (hidden(i) ? 0 : v));
  const hi = values.map((v, i) => (hidden(i) ? (caps.get(i) ?? Number.POSITIVE_INFINITY) : v));
  for (let pass = 0; pass < 50; pass++) {
    let changed = false;
    const tighten = (i: number, low: number, high: number) => {
      if (low > (lo[i] ?? 0)) {
        lo[i] = low;
        changed = true;
      }
      if (high < (hi[i] ?? 0)) {
        hi[i] = high;
        changed = true;
      }
    };
    for (const line of lines) {
      const sumLo = sum(line.members.map((i) => lo[i] ?? 0));
      // The finite part of the members' upper bounds and how many are unbounded, so "the others" stays exact.
      let finiteHi = 0;
      let unbounded = 0;
      for (const i of line.members) {
        const h = hi[i] ?? 0;
        if (Number.isFinite(h)) finiteHi += h;
        else unbounded += 1;
      }
      tighten(line.total, sumLo, unbounded > 0 ? Number.POSITIVE_INFINITY : finiteHi);
      const totalLo = lo[line.total] ?? 0;
      const totalHi = hi[line.total] ?? 0;
      for (const i of line.members) {
        const h = hi[i] ?? 0;
        const othersUnbounded = unbounded - (Number.isFinite(h) ? 0 : 1);
        const othersHi =
          othersUnbounded > 0 ? Number.POSITIVE_INFINITY : finiteHi - (Number.isFinite(h) ? h : 0);
        tighten(i, Math.max(0, totalLo - othersHi), totalHi - (sumLo - (lo[i] ?? 0)));
      }
    }
    if (!changed) break;
  }
  return [lo, hi];
}

function protect(values: number[], lines: Line[], k: number): Array<SuppressionReason | undefined> {
  const reasons: Array<SuppressionReason | undefined> = values.map((v) =>
    v > 0 && v < k ? 'primary' : undefined,
  );
  const hidden = (i: number): boolean => reasons[i] !== undefined;

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hiddenMembers = line.members.filter(hidden);
      const totalHidden = hidden(line.total);
      const hiddenCount = hiddenMembers.length + (totalHidden ? 1 : 0);
      const hiddenSum = sum(hiddenMembers.map((i) => values[i] ?? 0));
      const exposed =
        hiddenCount === 1 ||
        (!totalHidden && hiddenMembers.length > 0 && hiddenSum < Math.max(k, hiddenMembers.length + 1));
      if (!exposed) continue;

      const partner = smallestPublishedNonZero(line.members, values, hidden);
      if (partner !== undefined) {
        reasons[partner] = 'secondary';
        changed = true;
      } else if (!totalHidden) {
        reasons[line.total] = 'secondary';
        changed = true;
      }
      // Otherwise the only hidden entry is the total and every member is zero, so the total is
      // zero too and was never hidden: unreachable, and leaving it keeps the loop finite.
    }
  }
  return reasons;
}

function smallestPublishedNonZero(
  members: number[],
  values: number[],
  hidden: (i: number) => boolean,
): number | undefined {
  let best: number | undefined;
  for (const i of members) {
    const v = values[i] ?? 0;
    if (v === 0 || hidden(i)) continue;
    if (best === undefined || v < (values[best] ?? 0)) best = i;
  }
  return best;
}

function published(
  values: number[],
  reasons: Array<SuppressionReason | undefined>,
  i: number,
): PublishedCount {
  const reason = reasons[i];
  if (reason !== undefined) return { value: null, suppressed: true, reason };
  return { value: values[i] ?? 0, suppressed: false };
}

function assertCount(count: number): number {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`a count must be a non-negative integer, got ${count}`);
  }
  return count;
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
