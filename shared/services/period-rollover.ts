// The daily job that counts every case still open in the current half-year into its person indicators, so a
// case opened in an earlier period and untouched since is still "a victim coordinated" in this one.
import { listCases, markCountedIntoPeriod } from '../data/case-repository.ts';
import * as clock from '../domain/clock.ts';
import { COUNTIES } from '../domain/enums.ts';
import { AppError } from '../domain/errors.ts';
import { logger } from '../logger.ts';
import { countIntoPeriod } from './case-service.ts';

export interface RolloverOutcome {
  counted: number;
  /** Changed by someone else meanwhile: that write counted the case itself. */
  skipped: number;
}

export async function countOpenCasesIntoPeriod(now = clock.now()): Promise<RolloverOutcome> {
  const outcome: RolloverOutcome = { counted: 0, skipped: 0 };
  for (const county of COUNTIES) {
    let cursor: string | undefined;
    do {
      const page = await listCases({ county }, { status: 'open' }, 100, cursor);
      for (const record of page.items) {
        const counted = countIntoPeriod(record, now);
        if (counted.moves.length === 0) continue;
        try {
          await markCountedIntoPeriod(record, counted.record, counted.moves);
          outcome.counted += 1;
        } catch (error) {
          if (!(error instanceof AppError) || error.status >= 500) throw error;
          outcome.skipped += 1;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  logger.info('period rollover', { ...outcome });
  return outcome;
}
