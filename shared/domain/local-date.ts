// Calendar dates as people in Romania read them: the Bucharest local day of an instant, and day arithmetic
// on 'YYYY-MM-DD' strings (review dates, voucher validity, the expiry job's "today").
import { addDays, localParts } from './bucharest-time.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** The Bucharest local date of an instant, as 'YYYY-MM-DD'. */
export function localDateOf(instant: Date): string {
  const { year, month, day } = localParts(instant);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** 'YYYY-MM-DD' plus `days` calendar days. */
export function plusDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = addDays({ year, month, day }, days);
  return `${next.year}-${pad(next.month)}-${pad(next.day)}`;
}
