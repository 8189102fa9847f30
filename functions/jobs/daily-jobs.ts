// Lambda entry of the daily jobs (EventBridge schedule): expires issued vouchers past their validity, and
// counts the cases still open into the current half-year's indicators.
import type { ScheduledEvent } from 'aws-lambda';
import * as clock from '../../shared/domain/clock.ts';
import { countOpenCasesIntoPeriod, type RolloverOutcome } from '../../shared/services/period-rollover.ts';
import { type ExpiryOutcome, expireLapsedVouchers } from '../../shared/services/voucher-expiry.ts';

/** The schedule's own `time` makes a retried invocation decide exactly as the first one did. */
export const handler = async (
  event?: Partial<ScheduledEvent>,
): Promise<ExpiryOutcome & { periods: RolloverOutcome }> => {
  const now = event?.time ? new Date(event.time) : clock.now();
  const expiry = await expireLapsedVouchers(now);
  return { ...expiry, periods: await countOpenCasesIntoPeriod(now) };
};
