// Lambda entry of the daily voucher expiry (EventBridge schedule): expires issued vouchers past their validity.
import type { ScheduledEvent } from 'aws-lambda';
import { type ExpiryOutcome, expireLapsedVouchers } from '../../shared/services/voucher-expiry.ts';

/** The schedule's own `time` makes a retried invocation decide exactly as the first one did. */
export const handler = async (event?: Partial<ScheduledEvent>): Promise<ExpiryOutcome> =>
  expireLapsedVouchers(event?.time ? new Date(event.time) : new Date());
