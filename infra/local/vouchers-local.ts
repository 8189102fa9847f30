// Local runtime: the daily jobs (voucher expiry, counting open cases into the period) run with the other
// scheduled jobs, on an interval and by /_local/clock.
import { countOpenCasesIntoPeriod } from '../../shared/services/period-rollover.ts';
import { expireLapsedVouchers } from '../../shared/services/voucher-expiry.ts';
import { scheduledJobs } from './scheduled-jobs.ts';

scheduledJobs.push({
  name: 'expire-vouchers',
  run: async (now) => {
    await expireLapsedVouchers(now);
    return {};
  },
});

scheduledJobs.push({
  name: 'count-open-cases-into-period',
  run: async (now) => {
    await countOpenCasesIntoPeriod(now);
    return {};
  },
});
