// The jobs that EventBridge schedules in AWS (message sender, voucher expiry, half-year rollover), run locally
// on an interval and by POST /_local/clock.
export interface JobOutcome {
  sent?: number;
  deferred?: number;
  failed?: number;
  skipped?: number;
  /** Skipped messages by reason (opted_out, no_consent, no_recipient, too_late). */
  skippedFor?: Partial<Record<string, number>>;
}

/** What the jobs did, added up: every count, and the skipped messages by reason. */
export interface JobTotals {
  sent: number;
  deferred: number;
  failed: number;
  skipped: number;
  skippedFor: Record<string, number>;
}

export type ScheduledJob = (now: Date) => Promise<JobOutcome>;

export const scheduledJobs: { name: string; run: ScheduledJob }[] = [];

export async function runScheduledJobs(now: Date): Promise<JobTotals> {
  const total: JobTotals = { sent: 0, deferred: 0, failed: 0, skipped: 0, skippedFor: {} };
  for (const job of scheduledJobs) {
    const outcome = await job.run(now);
    total.sent += outcome.sent ?? 0;
    total.deferred += outcome.deferred ?? 0;
    total.failed += outcome.failed ?? 0;
    total.skipped += outcome.skipped ?? 0;
    for (const [reason, count] of Object.entries(outcome.skippedFor ?? {}))
      total.skippedFor[reason] = (total.skippedFor[reason] ?? 0) + (count ?? 0);
  }
  return total;
}
