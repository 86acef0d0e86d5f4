/** Number and time formatting for axes, readouts and tables. */
import { format } from 'd3';

const si = format('.3~s');
const sig3 = format('.3~r');
const sig2 = format('.2~r');
const pct = format('.1~%');
const grouped = format(',');

/** A compact number: 65M, 1.25k, 12.5, 0.0031 (SI prefixes only for 1000 and up, never "m" or "µ"). */
export function fmtNumber(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1000) return si(v);
  if (a >= 1) return sig3(v);
  if (a === 0) return '0';
  return sig2(v);
}

/** A value in its unit's usual form: ratios as percentages, everything else compact. */
export function fmtValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'ratio') return pct(v);
  return fmtNumber(v);
}

/** A table cell: integers grouped (1,234,567), other numbers to 4 significant digits. */
export function fmtCell(v: unknown): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '–' : String(v);
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v)) return grouped(v);
  const a = Math.abs(v);
  return a >= 100 ? grouped(Math.round(v * 10) / 10) : v.toPrecision(4).replace(/\.?0+$/, '');
}

/** A length of time for headers: "2h 0m", "2m 0s", "45s". */
export function fmtDuration(sec: number): string {
  if (!Number.isFinite(sec)) return '–';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

/** Seconds from the start as a clock reading: 1:05:00 (with hours) or 5:00. */
export function fmtClock(sec: number, withHours: boolean): string {
  const neg = sec < 0 ? '-' : '';
  const s = Math.round(Math.abs(sec) * 10) / 10;
  const whole = Math.floor(s);
  const frac = s - whole >= 0.05 ? (s - whole).toFixed(1).slice(1) : '';
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const ss = String(whole % 60).padStart(2, '0') + frac;
  return withHours || h > 0 ? `${neg}${h}:${String(m).padStart(2, '0')}:${ss}` : `${neg}${m}:${ss}`;
}

const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Ticks at round clock times (every 10 s, 5 min, 1 h, ...) for a domain in seconds. */
export function timeTicks(x0: number, x1: number, count: number): number[] {
  const span = x1 - x0;
  if (!(span > 0)) return [x0];
  const step = STEPS.find((s) => span / s <= count) ?? span / count;
  const out: number[] = [];
  for (let v = Math.ceil(x0 / step) * step; v <= x1 + 1e-9; v += step) out.push(Math.round(v * 10) / 10);
  return out;
}
