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
// What this does not do: optimal (least-loss) patterns, or protection against an attacker solving
// the whole system of equations at once. Callers publish `suppressed`, never `reason`: knowing
// which cells are primary tells a reader they are below k.

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
