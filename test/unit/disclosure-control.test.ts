import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertValidK,
  type PublishedCount,
  provedUpperBounds,
  type SuppressedTable,
  suppressList,
  suppressTable,
} from '../../shared/domain/disclosure-control.ts';
import { ValidationError } from '../../shared/domain/errors.ts';

/** Renders a published count as its value, 'P' (primary) or 'S' (secondary), so patterns read at a glance. */
const show = (cell: PublishedCount): number | 'P' | 'S' =>
  cell.suppressed ? (cell.reason === 'primary' ? 'P' : 'S') : cell.value;

const aTable = (counts: number[][]) => ({
  rows: counts.map((_, r) => `r${r}`),
  cols: (counts[0] ?? []).map((_, c) => `c${c}`),
  counts,
});

const aList = (counts: number[]) => counts.map((count, i) => ({ key: `g${i}`, count }));

describe('assertValidK', () => {
  it('accepts 3 and the default 5', () => {
    expect(() => assertValidK(3)).not.toThrow();
    expect(() => assertValidK(5)).not.toThrow();
  });

  it.each([2, 0, -5, 4.5, Number.NaN])('rejects k = %s with a validation error on k', (k) => {
    expect(() => assertValidK(k)).toThrow(ValidationError);
  });

  it('refuses to suppress with k below 3', () => {
    expect(() => suppressList(aList([10, 1]), 2)).toThrow(ValidationError);
    expect(() => suppressTable(aTable([[10, 1]]), 2)).toThrow(ValidationError);
  });
});

describe('provedUpperBounds', () => {
  it('bounds a withheld total by its published members and the caps of the withheld ones', () => {
    // national = a + b + residue: a published 7, b withheld, the residue withheld and capped at 8.
    const values = [7, 4, 2, 13];
    const lines = [{ members: [0, 1, 2], total: 3 }];
    const reasons = [undefined, 'primary', 'primary', 'secondary'] as const;
    expect(provedUpperBounds(values, lines, reasons, new Map([[2, 8]]))[3]).toBe(Number.POSITIVE_INFINITY);
    expect(
      provedUpperBounds(
        values,
        lines,
        reasons,
        new Map([
          [1, 4],
          [2, 8],
        ]),
      )[3],
    ).toBe(19);
  });
});

describe('suppressList', () => {
  it('hides a group under k and the next smallest group with it, keeping the total', () => {
    const result = suppressList(aList([12, 3, 7, 20]));
    expect(result.cells.map(show)).toEqual([12, 'P', 'S', 20]);
    expect(result.cells.map((c) => c.key)).toEqual(['g0', 'g1', 'g2', 'g3']);
    expect(show(result.total)).toBe(42);
  });

  it('publishes zeros and never picks a zero as the partner of a hidden group', () => {
    const result = suppressList(aList([3, 0, 9]));
    expect(result.cells.map(show)).toEqual(['P', 0, 'S']);
    expect(show(result.total)).toBe(12);
  });

  it('hides the total when no non-zero partner is left to protect the hidden groups', () => {
    // A published total of 3 over three hidden groups of at least 1 each would pin them all to 1.
    const result = suppressList(aList([1, 1, 1, 0]), 3);
    expect(result.cells.map(show)).toEqual(['P', 'P', 'P', 0]);
    expect(show(result.total)).toBe('S');
  });

  it('hides a lone small group with zeros around it, whose total is small too', () => {
    const result = suppressList(aList([3, 0, 0]));
    expect(result.cells.map(show)).toEqual(['P', 0, 0]);
    expect(show(result.total)).toBe('P');
  });

  it('adds a partner when the hidden groups together count fewer than k people', () => {
    // total - published = 2 over two hidden groups of at least 1 each would give both back.
    const result = suppressList(aList([1, 1, 10, 12]));
    expect(result.cells.map(show)).toEqual(['P', 'P', 'S', 12]);
    expect(show(result.total)).toBe(24);
  });

  it('hides a total that itself counts fewer than k people', () => {
    const result = suppressList(aList([2, 2]), 5);
    expect(result.cells.map(show)).toEqual(['P', 'P']);
    expect(show(result.total)).toBe('P');
  });

  it('hides nothing when every group reaches k or is zero', () => {
    const result = suppressList(aList([0, 8, 5]));
    expect(result.cells.map(show)).toEqual([0, 8, 5]);
    expect(show(result.total)).toBe(13);
  });

  it('honours a larger k', () => {
    const result = suppressList(aList([9, 10, 30]), 10);
    expect(result.cells.map(show)).toEqual(['P', 'S', 30]);
  });
});

describe('suppressTable', () => {
  it('chases secondary suppression through rows and columns until every line is safe', () => {
    const result = suppressTable(
      aTable([
        [10, 3, 8],
        [7, 12, 9],
        [6, 11, 15],
      ]),
    );
    expect(result.cells.map((row) => row.map(show))).toEqual([
      [10, 'P', 'S'],
      ['S', 12, 'S'],
      ['S', 'S', 15],
    ]);
    expect(result.rowTotals.map(show)).toEqual([21, 28, 32]);
    expect(result.colTotals.map(show)).toEqual([23, 26, 32]);
    expect(show(result.grandTotal)).toBe(81);
  });

  it('hides a column total that would equal its only hidden cell', () => {
    const result = suppressTable(aTable([[2, 10, 10]]));
    expect(result.cells.map((row) => row.map(show))).toEqual([['P', 'S', 10]]);
    // Column c0's total is 2 (primary); c1's total would equal its secondary cell.
    expect(result.colTotals.map(show)).toEqual(['P', 'S', 10]);
    expect(result.rowTotals.map(show)).toEqual([22]);
    expect(show(result.grandTotal)).toBe(22);
  });

  it('keeps the labels and k with the result', () => {
    const result = suppressTable(
      {
        rows: ['DJ', 'GJ'],
        cols: ['ro', 'uk'],
        counts: [
          [6, 7],
          [8, 9],
        ],
      },
      4,
    );
    expect(result).toMatchObject({ k: 4, rows: ['DJ', 'GJ'], cols: ['ro', 'uk'] });
    expect(result.cells.map((row) => row.map(show))).toEqual([
      [6, 7],
      [8, 9],
    ]);
  });

  it('rejects a ragged table and negative or fractional counts', () => {
    expect(() => suppressTable({ rows: ['a', 'b'], cols: ['x', 'y'], counts: [[1, 2], [3]] })).toThrow(
      RangeError,
    );
    expect(() => suppressTable(aTable([[5, -1]]))).toThrow(RangeError);
    expect(() => suppressList(aList([2.5]))).toThrow(RangeError);
  });
});

describe('suppressTable properties', () => {
  const tables = fc
    .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }) })
    .chain(({ rows, cols }) =>
      fc.record({
        counts: fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: cols, maxLength: cols }), {
          minLength: rows,
          maxLength: rows,
        }),
        k: fc.integer({ min: 3, max: 10 }),
      }),
    );

  interface Entry {
    truth: number;
    shown: PublishedCount;
  }

  /** Every additive line of the table and its margins: members must add up to the total. */
  function linesOf(counts: number[][], result: SuppressedTable): Array<{ members: Entry[]; total: Entry }> {
    const rowSums = counts.map((row) => row.reduce((a, b) => a + b, 0));
    const colSums = result.cols.map((_, c) => counts.reduce((a, row) => a + (row[c] ?? 0), 0));
    const grand = { truth: rowSums.reduce((a, b) => a + b, 0), shown: result.grandTotal };
    const cell = (r: number, c: number): Entry => ({
      truth: counts[r]?.[c] ?? 0,
      shown: result.cells[r]![c]!,
    });
    return [
      ...result.rows.map((_, r) => ({
        members: result.cols.map((_, c) => cell(r, c)),
        total: { truth: rowSums[r]!, shown: result.rowTotals[r]! },
      })),
      ...result.cols.map((_, c) => ({
        members: result.rows.map((_, r) => cell(r, c)),
        total: { truth: colSums[c]!, shown: result.colTotals[c]! },
      })),
      { members: rowSums.map((truth, r) => ({ truth, shown: result.rowTotals[r]! })), total: grand },
      { members: colSums.map((truth, c) => ({ truth, shown: result.colTotals[c]! })), total: grand },
    ];
  }

  it('publishes only zeros and counts of at least k, each equal to the true count', () => {
    fc.assert(
      fc.property(tables, ({ counts, k }) => {
        const result = suppressTable(aTable(counts), k);
        for (const line of linesOf(counts, result)) {
          for (const entry of [...line.members, line.total]) {
            if (entry.shown.suppressed) continue;
            expect(entry.shown.value).toBe(entry.truth);
            expect(entry.truth === 0 || entry.truth >= k).toBe(true);
          }
        }
      }),
    );
  });

  it('leaves no line with exactly one hidden entry, nor a small hidden remainder under a published total', () => {
    fc.assert(
      fc.property(tables, ({ counts, k }) => {
        const result = suppressTable(aTable(counts), k);
        for (const line of linesOf(counts, result)) {
          const hidden = line.members.filter((m) => m.shown.suppressed);
          const hiddenEntries = hidden.length + (line.total.shown.suppressed ? 1 : 0);
          expect(hiddenEntries).not.toBe(1);
          if (!line.total.shown.suppressed && hidden.length > 0) {
            // What subtraction reveals: the hidden sum. It must be a safe count and must not pin
            // every hidden cell to 1.
            const remainder =
              line.total.truth - line.members.reduce((a, m) => a + (m.shown.suppressed ? 0 : m.truth), 0);
            expect(remainder).toBeGreaterThanOrEqual(k);
            expect(remainder).toBeGreaterThan(hidden.length);
          }
        }
      }),
    );
  });

  it('hides exactly the cells under k as primary, and never hides a zero cell', () => {
    fc.assert(
      fc.property(tables, ({ counts, k }) => {
        const result = suppressTable(aTable(counts), k);
        counts.forEach((row, r) => {
          row.forEach((count, c) => {
            const shown = result.cells[r]![c]!;
            expect(shown.suppressed && shown.reason === 'primary').toBe(count > 0 && count < k);
            if (count === 0) expect(shown.suppressed).toBe(false);
          });
        });
      }),
    );
  });

  it('applies the same guarantees to a list with its grand total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 3, max: 10 }),
        (counts, k) => {
          const result = suppressList(aList(counts), k);
          const hidden = result.cells.filter((c) => c.suppressed);
          expect(hidden.length + (result.total.suppressed ? 1 : 0)).not.toBe(1);
          for (const [i, cell] of result.cells.entries()) {
            if (!cell.suppressed) expect(cell.value === 0 || cell.value >= k).toBe(true);
            if (!cell.suppressed) expect(cell.value).toBe(counts[i]);
          }
          if (!result.total.suppressed && hidden.length > 0) {
            const remainder = result.total.value - result.cells.reduce((a, c) => a + (c.value ?? 0), 0);
            expect(remainder).toBeGreaterThanOrEqual(Math.max(k, hidden.length + 1));
          }
        },
      ),
    );
  });
});
