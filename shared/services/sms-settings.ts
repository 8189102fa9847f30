// The SMS settings every messaging use case shares, read from configuration: quiet hours in the local zone.
import { getConfig } from '../config.ts';
import type { QuietHours } from '../domain/quiet-hours.ts';

export function quietHours(): QuietHours {
  const config = getConfig();
  return { start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END, timeZone: config.TIME_ZONE };
}
