/** Time constants, in the integer microseconds used by every clock (see ports.ts). */
export const US = 1;
export const MS = 1_000;
export const SEC = 1_000_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** Microseconds to (fractional) milliseconds, for reporting. */
export const toMs = (us: number): number => us / MS;
/** Microseconds to (fractional) seconds, for reporting. */
export const toSec = (us: number): number => us / SEC;
