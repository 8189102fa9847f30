// Lambda entry of the daily jobs (EventBridge schedule): expires issued vouchers past their validity, counts
// the cases still open into the current half-year's indicators, and writes each unit's review digest e-mail.
import type { ScheduledEvent } from 'aws-lambda';
import * as clock from '../../shared/domain/clock.ts';
import { countOpenCasesIntoPeriod, type RolloverOutcome } from '../../shared/services/period-rollover.ts';
import { type DigestOutcome, writeReviewDigests } from '../../shared/services/review-digest.ts';
import { type ExpiryOutcome, expireLapsedVouchers } from '../../shared/services/voucher-expiry.ts';

/** The schedule's own `time` makes a retried invocation decide exactly as the first one did. */
export const handler = async (
  event?: Partial<ScheduledEvent>,
): Promise<ExpiryOutcome & { periods: RolloverOutcome; review: DigestOutcome }> => {
  const now = event?.time ? new Date(event.time) : clock.now();
  const expiry = await expireLapsedVouchers(now);
  const periods = await countOpenCasesIntoPeriod(now);
  return { ...expiry, periods, review: await writeReviewDigests(now) };
};
