// The one clock every rule, handler and job reads "now" from. Real time by default; a test, or the local
// runtime's POST /_local/clock, sets it to an instant, where it stays until set again, so a run at
// 00:30 in Bucharest or across a change of daylight saving time decides exactly as it would then.
let fixed: number | undefined;

/** The current instant: the set one, or the machine's. */
export function now(): Date {
  return new Date(fixed ?? Date.now());
}

/** Holds the clock at `instant`; `undefined` gives it back to real time. */
export function setClock(instant: Date | undefined): void {
  fixed = instant?.getTime();
}
