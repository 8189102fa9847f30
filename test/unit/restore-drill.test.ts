// The restore drill's comparison must be able to fail: a changed attribute, a lost item and an extra item
// each show up by key, and the order of attributes never matters.
import { describe, expect, it } from 'vitest';
import { canonical, checksum, compareSnapshots, report } from '../../infra/local/restore-drill.ts';

const item = (pk: string, sk: string, extra: Record<string, unknown> = {}) => ({
  PK: { S: pk },
  SK: { S: sk },
  status: { S: 'pending' },
  version: { N: '1' },
  ...extra,
});

describe('the restore drill comparison', () => {
  it('matches identical snapshots item by item', () => {
    const items = [item('CASE#1', 'META'), item('CASE#1', 'HEARING#1')];

    const result = compareSnapshots('CoordinationTable', ['PK', 'SK'], items, structuredClone(items));

    expect(result).toEqual({
      table: 'CoordinationTable',
      exported: 2,
      restored: 2,
      matched: 2,
      mismatched: [],
    });
  });

  it('names the item whose restored copy differs, is missing or was never exported', () => {
    const exported = [item('CASE#1', 'META'), item('CASE#1', 'HEARING#1'), item('CASE#2', 'META')];
    const restored = [
      item('CASE#1', 'META', { version: { N: '2' } }),
      item('CASE#1', 'HEARING#1'),
      item('CASE#3', 'META'),
    ];

    const result = compareSnapshots('CoordinationTable', ['PK', 'SK'], exported, restored);

    expect(result.matched).toBe(1);
    expect(result.mismatched).toEqual([
      canonical([{ S: 'CASE#1' }, { S: 'META' }]),
      canonical([{ S: 'CASE#2' }, { S: 'META' }]),
      canonical([{ S: 'CASE#3' }, { S: 'META' }]),
    ]);
  });

  it('hashes an item the same whatever the order of its attributes', () => {
    const a = { PK: { S: 'X' }, M: { M: { b: { N: '1' }, a: { S: 'y' } } } };
    const b = { M: { M: { a: { S: 'y' }, b: { N: '1' } } }, PK: { S: 'X' } };

    expect(checksum(a)).toBe(checksum(b));
    expect(checksum(a)).not.toBe(checksum({ ...a, PK: { S: 'Y' } }));
  });

  it('adds the tables up in its last line', () => {
    const line = report([
      { table: 'A', exported: 2, restored: 2, matched: 2, mismatched: [] },
      { table: 'B', exported: 3, restored: 2, matched: 2, mismatched: ['k'] },
    ]).split('\n');

    expect(line.at(-1)).toBe(
      'restore drill: 2 tables, 5 items exported, 4 restored, 4 checksums matched, 1 mismatched',
    );
  });
});
