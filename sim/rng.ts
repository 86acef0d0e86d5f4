/**
 * Named, seeded random streams (the `RngStreams` port of models/ports.ts).
 *
 * Every stream is its own generator, seeded from the scenario seed and the stream's name, so a
 * stream's draws depend on nothing else: adding a component, a stream, or one more draw elsewhere
 * never shifts another stream's sequence, and two runs with the same seed repeat exactly.
 */
import seedrandom from 'seedrandom';
import type { Rng, RngStreams } from '../models/ports.ts';

/*
 * Generator: Brent's xor4096 (xorgens: a 4096-bit xorshift combined with a Weyl sequence; "Some
 * long-period random number generators using shifts and xors", 2007), read through `.double()`.
 *
 * Chosen by measurement (throwaway script, Node 20, AMD EPYC, 5x50M draws through `rng.next()` in a
 * fresh process per algorithm, best run; first figure = the 32-bit `prng()`, second = the 53-bit
 * `prng.double()`, in millions of draws per second):
 *
 *   arc4 (default)  35 / 35    RC4: strong, and slowest by far
 *   alea           165 / 84    passes BigCrush (reported), but floating-point state: slow here
 *   xor128         575 / 247   fails MatrixRank and LinearComp (as reported in seedrandom's README)
 *   xorwow         470 / 218   fails CollisionOver, SimpPoker and LinearComp
 *   xorshift7      263 / 107   no systematic BigCrush failure; period 2^256 − 1
 *   xor4096        385 / 139   no systematic BigCrush failure; period 2^4128 − 2^32
 *   tychei         445 / 180   no systematic BigCrush failure; period ~2^127 expected, not proven
 *
 * Of the generators with no reported failure, xor4096 is faster than alea and xorshift7 and, unlike
 * Tyche-i (an ARX design with no proven cycle length), has a guaranteed period long enough that
 * thousands of streams cannot overlap. At 139M draws/s a uniform costs ~7 ns, small beside the
 * 30–80 ns a sampler spends on logs and square roots.
 *
 * Resolution: `prng()` of every xor* generator is one 32-bit word divided by 2^32, so it can return 0
 * and has only 32 bits. We use `prng.double()` instead: two words give a full 53-bit mantissa, the
 * result lies in (0, 1) (never 0, never 1), at about a third of the speed. The extra bits matter to
 * the samplers that invert a tail (an exponential reaches 36.7 means instead of 22.2; a Zipf rank near
 * n = 1e9 is resolved individually). Samplers still guard against 0 because the `Rng` port allows it.
 */

/**
 * Creates the named streams for one run.
 *
 * `stream(name)` returns the same `Rng` object every time it is asked for the same name: a name is one
 * sequence, so two components that ask for the same name share (and split) its draws rather than each
 * replaying it. Give every component its own name (`'edge/eu-1/jitter'`). Streams are meant per
 * component, not per viewer: each holds ~1 KB of state and costs some microseconds to create.
 *
 * The seed may be a number or a string; `42` and `'42'` are the same seed.
 */
export function createStreams(seed: number | string): RngStreams {
  if (typeof seed === 'number' ? !Number.isFinite(seed) : typeof seed !== 'string') {
    throw new Error(`createStreams: seed must be a finite number or a string, got ${String(seed)}`);
  }
  const seedText = String(seed);
  const streams = new Map<string, Rng>();
  return {
    stream(name: string): Rng {
      let rng = streams.get(name);
      if (rng === undefined) {
        if (typeof name !== 'string' || name === '') {
          throw new Error(`stream: name must be a non-empty string, got ${JSON.stringify(name)}`);
        }
        rng = { next: seedrandom.xor4096(streamKey(seedText, name)).double };
        streams.set(name, rng);
      }
      return rng;
    },
  };
}

/**
 * The xor4096 seed string for (seed, name).
 *
 * xor4096's own string seeding is light (each character XORed into a 32-bit xorshift) and its warm-up
 * is linear over GF(2), so names that differ in one character ('edge/eu-1', 'edge/eu-2') would start
 * from closely related states. Running the key through ARC4 first (the RC4 key schedule plus
 * RC4-drop[256], seedrandom's default generator, nonlinear) gives unrelated 128-bit keys instead.
 *
 * ARC4 keeps only the low 8 bits of each UTF-16 code unit, so the key is made pure ASCII first:
 * JSON of [seed, name] is unambiguous about where the seed ends, and escaping every non-ASCII code
 * unit as \uXXXX keeps it injective.
 */
function streamKey(seedText: string, name: string): string {
  const key = JSON.stringify([seedText, name]).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const mixer = seedrandom(key);
  let out = '';
  for (let i = 0; i < 4; i++) out += (mixer.int32() >>> 0).toString(16).padStart(8, '0');
  return out;
}
