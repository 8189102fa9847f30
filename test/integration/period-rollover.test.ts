// victims_coordinated counts cases open at any time in the half-year: a case opened in an earlier period and
// untouched since is counted again in the new one by the daily job, exactly once.
import { describe, expect, it } from 'vitest';
import { findCase } from '../../shared/data/case-repository.ts';
import { changeCase, closeCase, openCase as openCaseAt } from '../../shared/services/case-service.ts';
import { countOpenCasesIntoPeriod } from '../../shared/services/period-rollover.ts';
import { aCase } from '../support/factories.ts';
import { indicatorCount } from '../support/messaging-factories.ts';

// VN and a far period belong to this file alone, so the counts below are exact.
const coordinatorVN = { sub: 'coord-vn', role: 'coordinator', county: 'VN' } as const;

describe('counting open cases into each half-year', () => {
  it('counts a case in the period it opened, again in the next one by the daily job, and never twice', async () => {
    const march = new Date('2031-03-01T10:00:00Z');
    const july = new Date('2031-07-02T00:30:00Z');
    const stays = await openCaseAt(
      coordinatorVN,
      aCase({ county: 'VN', participatesInProceedings: true }),
      march,
    );
    const closes = await openCaseAt(
      coordinatorVN,
      aCase({ county: 'VN', participatesInProceedings: false }),
      march,
    );
    expect(await indicatorCount('2031-S1', 'VN', 'victims_coordinated')).toBe(2);
    expect(await indicatorCount('2031-S1', 'VN', 'victims_participating_in_proceedings')).toBe(1);

    await closeCase(
      coordinatorVN,
      closes.id,
      closes.version,
      'Proceedings ended',
      new Date('2031-05-01T10:00:00Z'),
    );
    expect(await indicatorCount('2031-S1', 'VN', 'victims_coordinated')).toBe(2);

    await countOpenCasesIntoPeriod(july);
    await countOpenCasesIntoPeriod(july);
    expect(await indicatorCount('2031-S2', 'VN', 'victims_coordinated')).toBe(1);
    expect(await indicatorCount('2031-S2', 'VN', 'victims_participating_in_proceedings')).toBe(1);
    expect(await indicatorCount('2031-S1', 'VN', 'victims_coordinated')).toBe(2);
    expect(stays.id).toBeTruthy();
  });

  it('counts a case closed early in a new period, before the daily job ran, in that period', async () => {
    const opened = await openCaseAt(
      coordinatorVN,
      aCase({ county: 'VN', participatesInProceedings: false }),
      new Date('2033-06-30T10:00:00Z'),
    );
    await closeCase(
      coordinatorVN,
      opened.id,
      opened.version,
      'Moved abroad',
      new Date('2033-07-01T00:05:00Z'),
    );
    expect(await indicatorCount('2033-S1', 'VN', 'victims_coordinated')).toBe(1);
    expect(await indicatorCount('2033-S2', 'VN', 'victims_coordinated')).toBe(1);
  });

  it('keeps the client’s ETag valid after the daily job counted the case, and a later change counts nothing again', async () => {
    const opened = await openCaseAt(
      coordinatorVN,
      aCase({ county: 'VN', participatesInProceedings: false }),
      new Date('2035-03-01T10:00:00Z'),
    );
    const july = new Date('2035-07-02T00:30:00Z');
    await countOpenCasesIntoPeriod(july);
    const afterJob = await indicatorCount('2035-S2', 'VN', 'victims_coordinated');
    expect((await findCase(opened.id))?.countedPeriods).toEqual(['2035-S1', '2035-S2']);
    const changed = await changeCase(
      coordinatorVN,
      opened.id,
      opened.version,
      { proceedingsStage: 'trial' },
      july,
    );
    expect(changed.version).toBe(opened.version + 1);
    expect(await indicatorCount('2035-S2', 'VN', 'victims_coordinated')).toBe(afterJob);
  });
});
