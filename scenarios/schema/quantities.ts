/**
 * zod types for quantities with units. Each accepts the text form and yields the canonical number
 * (µs, bytes, bits/s, per second). The JSON Schema (editor completion) shows the text form.
 */
import { z } from 'zod';
import {
  parseBandwidth, parseCount, parseDuration, parseFraction, parseRate, parseSize, type Parsed,
} from '../units.ts';

function quantity(parse: (v: unknown) => Parsed, description: string, type: 'string' | ['string', 'number']) {
  return z
    .unknown()
    .transform((v, ctx) => {
      const r = parse(v);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: `expected ${r.expected}; got ${JSON.stringify(v)}` });
      return z.NEVER;
    })
    .meta({ type, description });
}

/** Integer microseconds from "90s", "1h30m", "250ms". */
export const duration = () => quantity(parseDuration, 'A duration with a unit: "90s", "250ms", "1h30m".', 'string');
/** Events per second from "900/s", "30/min". */
export const rate = () => quantity(parseRate, 'A rate with a unit: "900/s", "100k/s", "30/min".', 'string');
/** Bytes from "500KB", "2MiB" (KB = 1000 bytes, KiB = 1024). */
export const size = () => quantity(parseSize, 'A size with a unit: "500KB", "2MB", "1GiB".', 'string');
/** Bits per second from "10Gbps". */
export const bandwidth = () => quantity(parseBandwidth, 'A bandwidth in bits per second: "10Gbps", "500Mbps".', 'string');
/** A count, optionally with k/M/G: 65M, "2.5k", 1200. */
export const count = () => quantity(parseCount, 'A number, optionally with k, M or G: 65M, 2.5k, 1200.', ['string', 'number']);
/** A fraction in [0, 1], or a percentage "5%". */
export const fraction = () => quantity(parseFraction, 'A fraction between 0 and 1, or a percentage like "5%".', ['string', 'number']);

/** A whole count (servers, attempts): a plain integer or with k/M. */
export const wholeCount = () =>
  count().refine((v) => Number.isInteger(v) && v >= 0, { message: 'expected a whole number (0 or more)' });
/** A positive whole count. */
export const positiveCount = () =>
  count().refine((v) => Number.isInteger(v) && v >= 1, { message: 'expected a whole number of at least 1' });
