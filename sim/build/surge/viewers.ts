/**
 * The viewers of a surge run, one 32-byte record each in a single ArrayBuffer.
 *
 * Why records and not a column per field: the surge's handlers jump between random viewers, and each
 * touches most of a viewer's fields. With a column per field that is a cache miss per field (~8 per
 * event); a 32-byte record is one cache line. Measured on boxing-2024 at 10.8M viewers: 540k events/s
 * with columns, see the note in surge.ts for the figure with records. Columns (sim/population.ts) stay
 * the right shape for scans and for models that touch one field of many entities.
 *
 * Layout (byte offsets): press f64 @0 · sentMs u32 @8 · prevDelayMs f32 @12 · departSec f32 @16 ·
 * state @20 · attempt @21 · restarts @22 · home @24 · seq @26 (u8); bytes 23, 25 and 27-31 are free
 * (cause and region travel in the arrival event instead: see `send` in surge.ts).
 */

/**
 * Viewer states. A viewer is REQUESTING from the moment it sends a play request (its arrival may be a
 * backoff away) until the answer; SWEPT is REQUESTING with the request queued, on a timeout sweep ring.
 */
export const NEW = 0;
export const REQUESTING = 1;
export const SWEPT = 2;
export const PLAYING = 3;
export const LEFT = 4;
export const ABANDONED = 5;

/** Why a play request was sent (the timeline's requests by cause). */
export const FIRST = 0;
export const RETRY = 1;
export const RESTART = 2;
export const CAUSES = ['first', 'retry', 'restart'] as const;

const REC = 32;
/** The most viewers one table holds: a V8 ArrayBuffer is at most 4 GiB. */
export const MAX_VIEWERS = Math.floor(2 ** 32 / REC);

export class ViewerTable {
  private readonly f64: Float64Array;
  private readonly f32: Float32Array;
  private readonly u32: Uint32Array;
  private readonly u8: Uint8Array;
  size = 0;

  constructor(readonly capacity: number) {
    if (capacity > MAX_VIEWERS) throw new Error(`at most ${MAX_VIEWERS} viewers in one run`);
    const buf = new ArrayBuffer(Math.max(1, capacity) * REC);
    this.f64 = new Float64Array(buf);
    this.f32 = new Float32Array(buf);
    this.u32 = new Uint32Array(buf);
    this.u8 = new Uint8Array(buf);
  }

  /** Adds n viewers (zeroed: state NEW), returning the first index. */
  add(n: number): number {
    if (this.size + n > this.capacity) throw new Error('viewer table full');
    const first = this.size;
    this.size += n;
    return first;
  }

  /** When this play attempt began (the first press), µs. */
  press(v: number): number { return this.f64[v * 4]; }
  setPress(v: number, t: number): void { this.f64[v * 4] = t; }
  /** When the current request was sent, whole ms (the client's timeout clock). */
  sentMs(v: number): number { return this.u32[v * 8 + 2]; }
  setSentMs(v: number, ms: number): void { this.u32[v * 8 + 2] = ms; }
  /** Last backoff delay, ms (decorrelated jitter grows from it). */
  prevDelayMs(v: number): number { return this.f32[v * 8 + 3]; }
  setPrevDelayMs(v: number, ms: number): void { this.f32[v * 8 + 3] = ms; }
  /** Planned departure, s (to take it back out of the per-interval tally on an interruption). */
  departSec(v: number): number { return this.f32[v * 8 + 4]; }
  setDepartSec(v: number, s: number): void { this.f32[v * 8 + 4] = s; }
  state(v: number): number { return this.u8[v * REC + 20]; }
  setState(v: number, s: number): void { this.u8[v * REC + 20] = s; }
  /** Attempt number within this press of Play (1-based once sent). */
  attempt(v: number): number { return this.u8[v * REC + 21]; }
  setAttempt(v: number, n: number): void { this.u8[v * REC + 21] = n; }
  restarts(v: number): number { return this.u8[v * REC + 22]; }
  setRestarts(v: number, n: number): void { this.u8[v * REC + 22] = n; }
  home(v: number): number { return this.u8[v * REC + 24]; }
  setHome(v: number, r: number): void { this.u8[v * REC + 24] = r; }
  /** Request sequence (mod 256), so an answer to a request the player gave up on is recognised. */
  seq(v: number): number { return this.u8[v * REC + 26]; }
  setSeq(v: number, s: number): void { this.u8[v * REC + 26] = s; }
}

/** A request id: viewer index and sequence. Exact in a double up to 2^45 viewers. */
export const requestId = (viewer: number, seq: number): number => viewer * 256 + seq;
export const viewerOf = (id: number): number => Math.floor(id / 256);
export const seqOf = (id: number): number => id % 256;
