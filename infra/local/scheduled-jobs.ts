// The jobs that EventBridge schedules in AWS (message sender, voucher expiry, half-year rollover), run locally
// on an interval and by POST /_local/clock.
export interface JobOutcome {
  sent?: number;
  deferred?: number;
  failed?: number;
}

export type ScheduledJob = (now: Date) => Promise<JobOutcome>;

export const scheduledJobs: { name: string; run: ScheduledJob }[] = [];

export async function runScheduledJobs(now: Date): Promise<Required<JobOutcome>> {
  const total = { sent: 0, deferred: 0, failed: 0 };
  for (const job of scheduledJobs) {
    const outcome = await job.run(now);
    total.sent += outcome.sent ?? 0;
    total.deferred += outcome.deferred ?? 0;
    total.failed += outcome.failed ?? 0;
  }
  return total;
}
