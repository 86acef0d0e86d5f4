/**
 * A fast uniform source for the per-device loops, seeded from a named stream.
 *
 * The fan-out draws a few uniforms per device per trigger: ~10^9 draws in a full-size run. The house
 * generator (xor4096 through seedrandom's `.double()`) gives ~50M draws/s here, so it alone would
 * spend 20 s of the 60 s budget. Chris Doty-Humphrey's sfc32 (a 128-bit chaotic generator with a
 * counter, passing PractRand to 2^42+ bytes and TestU01's BigCrush) gives ~400M/s in V8 with 32-bit
 * integer ops. Each instance takes its four state words from one named stream, so runs still repeat
 * exactly from the seed and streams stay independent of one another.
 *
 * Resolution is 32 bits (u in [0, 1) in steps of 2^-32): ample for a latency table lookup, a
 * Bernoulli with p ≥ 1e-8, or a proxy index.
 */
import type { Rng } from '../../../models/ports.ts';

export class FastUniform implements Rng {
  // State in an Int32Array: as object fields, int32 values beyond the small-integer range would be
  // boxed, and a field declared without an initializer (class-field semantics) boxes every write.
  private readonly s = new Int32Array(4);

  constructor(seedFrom: Rng) {
    for (let i = 0; i < 4; i++) this.s[i] = Math.floor(seedFrom.next() * 4294967296) | 0;
    this.s[3]! |= 1;
    // Mix the seed words in before the first draw, as sfc32's reference does.
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) / 4294967296;
  }
}
