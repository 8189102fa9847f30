// The daily voucher expiry: every issued voucher whose last valid day has passed becomes `expired`. Each write
// is conditional on the version read, so a run that overlaps another, a retry or a redemption changes nothing twice.
import { listLapsedVouchers, replaceVoucherRequest } from '../data/voucher-repository.ts';
import * as clock from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { localDateOf } from '../domain/local-date.ts';
import { expire } from '../domain/voucher.ts';
import { logger } from '../logger.ts';

export interface ExpiryOutcome {
  /** Vouchers this run marked expired. */
  expired: number;
  /** Vouchers someone else changed first (redeemed, expired by hand or by another run): left as they are. */
  skipped: number;
}

/** The job's actor in a voucher's history. */
export const EXPIRY_ACTOR = 'system:voucher-expiry';

export async function expireLapsedVouchers(now = clock.now()): Promise<ExpiryOutcome> {
  const today = localDateOf(now);
  const outcome: ExpiryOutcome = { expired: 0, skipped: 0 };
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await listLapsedVouchers(today, cursor);
    for (const voucher of page.items) {
      // The index is eventually consistent: an entry may already be redeemed or expired; the guarded
      // write below refuses it, and that is the expected outcome, not an error.
      try {
        const next = expire(voucher, EXPIRY_ACTOR, now);
        await replaceVoucherRequest(next, { version: voucher.version, status: voucher.status });
        outcome.expired += 1;
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        outcome.skipped += 1;
      }
    }
    cursor = page.next;
  } while (cursor);
  logger.info('voucher expiry', { today, ...outcome });
  return outcome;
}
