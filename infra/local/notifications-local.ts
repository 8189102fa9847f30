// Local runtime: the daily review digest runs with the other scheduled jobs (on an interval and by
// /_local/clock), before the sender, so one clock call writes the digest and sends it. Once a unit a day.
import { writeReviewDigests } from '../../shared/services/review-digest.ts';
import { scheduledJobs } from './scheduled-jobs.ts';

scheduledJobs.push({
  name: 'review-digests',
  run: async (now) => {
    await writeReviewDigests(now);
    return {};
  },
});
