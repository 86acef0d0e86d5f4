/**
 * Quantities in scenario files carry their unit in the text ("2h", "90s", "10Gbps", "500KB", "900/s",
 * "65M") so a value can never be misread: a bare number where a duration is expected is an error, not
 * "probably seconds". Each parser returns the canonical unit the models use, or a message saying what
 * was expected.
 */
import { HOUR, MIN, MS, SEC } from '../models/time.ts';

export type Parsed = { ok: true; value: number } | { ok: false; expected: string };

const NUM = String.raw`(\d+(?:\.\d+)?|\.\d+)`;

const DURATION_UNITS: Record<string, number> = { us: 1, µs: 1, ms: MS, s: SEC, m: MIN, min: MIN, h: HOUR, d: 24 * HOUR };
const DURATION_PART = new RegExp(String.raw`${NUM}\s*(us|µs|ms|s|min|m|h|d)`, 'gy');

/** "1h30m", "90s", "250ms", "0s" -> integer microseconds. */
export function parseDuration(text: unknown): Parsed {
  const expected = 'a duration with a unit, like "90s", "250ms", "1h30m" (units: us, ms, s, m, h, d)';
  if (typeof text !== 'string') return { ok: false, expected };
  const s = text.trim();
  if (s === '') return { ok: false, expected };
  let total = 0;
  DURATION_PART.lastIndex = 0;
  let end = 0;
  for (let m = DURATION_PART.exec(s); m; m = DURATION_PART.exec(s)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    end = DURATION_PART.lastIndex;
    while (s[end] === ' ') end++;
    DURATION_PART.lastIndex = end;
  }
  if (end !== s.length) return { ok: false, expected };
  return { ok: true, value: Math.round(total) };
}

const SI: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, B: 1e9, T: 1e12 };

/** "65M", "2.5k", "1000", 1000 -> a plain count (may be fractional; callers that need integers check). */
export function parseCount(text: unknown): Parsed {
  const expected = 'a number, optionally with k, M or G (e.g. 65M, 2.5k, 1200)';
  if (typeof text === 'number') return Number.isFinite(text) ? { ok: true, value: text } : { ok: false, expected };
  if (typeof text !== 'string') return { ok: false, expected };
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([kKMGBT]?)\s*$/.exec(text.replaceAll('_', ''));
  if (!m) return { ok: false, expected };
  return { ok: true, value: Number(m[1]) * SI[m[2]] };
}

const PER: Record<string, number> = { s: 1, sec: 1, m: 1 / 60, min: 1 / 60, h: 1 / 3600 };

/** "900/s", "100k/s", "30/min" -> events per second. */
export function parseRate(text: unknown): Parsed {
  const expected = 'a rate with a unit, like "900/s", "100k/s" or "30/min"';
  if (typeof text !== 'string') return { ok: false, expected };
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([kKMG]?)\s*\/\s*(s|sec|m|min|h)\s*$/.exec(text);
  if (!m) return { ok: false, expected };
  return { ok: true, value: Number(m[1]) * SI[m[2]] * PER[m[3]] };
}

const BYTES: Record<string, number> = {
  B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4,
};

/** "500KB", "2MiB" -> bytes (KB = 1000, KiB = 1024). */
export function parseSize(text: unknown): Parsed {
  const expected = 'a size with a unit, like "500KB", "2MB" or "1GiB" (KB = 1000 bytes, KiB = 1024)';
  if (typeof text !== 'string') return { ok: false, expected };
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/.exec(text);
  if (!m) return { ok: false, expected };
  return { ok: true, value: Math.round(Number(m[1]) * BYTES[m[2]]) };
}

const BITS: Record<string, number> = { bps: 1, kbps: 1e3, Kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12 };

/** "10Gbps", "800kbps" -> bits per second. Bytes per second are not accepted: links are sold in bits. */
export function parseBandwidth(text: unknown): Parsed {
  const expected = 'a bandwidth in bits per second, like "10Gbps", "500Mbps" or "800kbps"';
  if (typeof text !== 'string') return { ok: false, expected };
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(bps|kbps|Kbps|Mbps|Gbps|Tbps)\s*$/.exec(text);
  if (!m) return { ok: false, expected };
  return { ok: true, value: Number(m[1]) * BITS[m[2]] };
}

/** "5%", 0.05 -> a fraction in [0, 1]. */
export function parseFraction(text: unknown): Parsed {
  const expected = 'a fraction between 0 and 1, or a percentage like "5%"';
  let v: number;
  if (typeof text === 'number') v = text;
  else if (typeof text === 'string' && /^\s*\d+(\.\d+)?\s*%\s*$/.test(text)) v = parseFloat(text) / 100;
  else return { ok: false, expected };
  return Number.isFinite(v) && v >= 0 && v <= 1 ? { ok: true, value: v } : { ok: false, expected };
}

/** Formats microseconds compactly for messages and summaries ("1h30m", "2.5s"). */
export function formatDuration(us: number): string {
  if (us === 0) return '0s';
  if (us % HOUR === 0) return `${us / HOUR}h`;
  if (us >= HOUR) return `${Math.floor(us / HOUR)}h${formatDuration(us % HOUR)}`;
  if (us % MIN === 0) return `${us / MIN}m`;
  if (us >= MIN) return `${Math.floor(us / MIN)}m${formatDuration(us % MIN)}`;
  if (us % MS === 0 && us < SEC) return `${us / MS}ms`;
  if (us < MS) return `${us}us`;
  return `${us / SEC}s`;
}
