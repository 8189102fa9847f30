// Local runtime: the daily voucher expiry runs with the other scheduled jobs (on an interval and by /_local/clock).
import { expireLapsedVouchers } from '../../shared/services/voucher-expiry.ts';
import { scheduledJobs } from './scheduled-jobs.ts';

scheduledJobs.push({
  name: 'expire-vouchers',
  run: async (now) => {
    await expireLapsedVouchers(now);
    return {};
  },
});
