// When a hearing's SMS reminders go out (API.md "Hearings"): fixed offsets before it, never in quiet
// hours, never in the past, never at or after the hearing itself.
import { HOUR_MS, MINUTE_MS } from './bucharest-time.ts';
import { DEFAULT_QUIET_HOURS, lastAllowedBefore, type QuietHours } from './quiet-hours.ts';

export const DEFAULT_REMINDER_OFFSETS_HOURS: readonly number[] = Object.freeze([72, 24]);

export type ReminderScheduleInput = {
  startsAt: Date;
  now: Date;
  offsetsHours?: readonly number[];
  quiet?: QuietHours;
};

/**
 * The send times, ascending, at most one per minute. Offsets are real elapsed hours, so across a DST
 * change "24 h before" a 09:00 hearing shows 08:00 or 10:00 on the clock; a time in quiet hours moves
 * earlier, to the hour before they began, because a reminder after the evening would come too late.
 */
export function scheduleReminders({
  startsAt,
  now,
  offsetsHours = DEFAULT_REMINDER_OFFSETS_HOURS,
  quiet = DEFAULT_QUIET_HOURS,
}: ReminderScheduleInput): Date[] {
  const byMinute = new Map<number, Date>();
  for (const hours of offsetsHours) {
    if (!Number.isFinite(hours)) {
      throw new RangeError(`A reminder offset must be a number of hours: ${hours}`);
    }
    const sendAt = lastAllowedBefore(new Date(startsAt.getTime() - hours * HOUR_MS), quiet);
    if (sendAt <= now || sendAt >= startsAt) continue;
    const minute = Math.floor(sendAt.getTime() / MINUTE_MS);
    const kept = byMinute.get(minute);
    if (!kept || sendAt < kept) byMinute.set(minute, sendAt);
  }
  return [...byMinute.values()].sort((a, b) => a.getTime() - b.getTime());
}
