/**
 * The playback state both delivery modes keep per player (viewer mode) or per cohort (cohort mode), one
 * 64-byte record each: a cache line holds everything a request and its answer read and write.
 *
 * Why a record and not a column per field: at full scale cohort mode walks ~10^5 cohorts every segment
 * in an order set by where they wait (site, slot), not by index, so every column was a cache miss of
 * its own — eleven per cohort per request, the largest share of delivery's time (profiled on the boxing
 * delivery side: the bucket walk, the merge hash and the request's arguments were 22% of the run, all
 * stalls). One record is one miss.
 *
 * Layout (byte offsets): f64 count 0, buffer 8, lag 16, stall 24, errorRun 32, sentAt 40;
 * i32 seg 48, link 52; u16 site 56; u8 edge 58, cls 59, rend 60, errors 61, slow 62. `count`, `link`
 * and `site` are for the mode's own use (cohort weight, bucket list, CDN site).
 */
import type { PlayerState } from './step.ts';

const STRIDE = 64;
const F = STRIDE / 8;
const I = STRIDE / 4;
const H = STRIDE / 2;
// f64 fields
const COUNT = 0;
const BUFFER = 1;
const LAG = 2;
const STALL = 3;
const ERROR_RUN = 4;
const SENT_AT = 5;
// i32 fields
const SEG = 12;
const LINK = 13;
// u16 field
const SITE = 28;
// u8 fields
const EDGE = 58;
const CLS = 59;
const REND = 60;
const ERRORS = 61;
const SLOW = 62;

export class PlayerRecords {
  private f: Float64Array;
  private i: Int32Array;
  private h: Uint16Array;
  private b: Uint8Array;
  /** Records allocated. */
  capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    const buf = new ArrayBuffer(capacity * STRIDE);
    this.f = new Float64Array(buf);
    this.i = new Int32Array(buf);
    this.h = new Uint16Array(buf);
    this.b = new Uint8Array(buf);
  }

  count(k: number): number { return this.f[k * F + COUNT]; }
  setCount(k: number, v: number): void { this.f[k * F + COUNT] = v; }
  buffer(k: number): number { return this.f[k * F + BUFFER]; }
  lag(k: number): number { return this.f[k * F + LAG]; }
  stall(k: number): number { return this.f[k * F + STALL]; }
  errorRun(k: number): number { return this.f[k * F + ERROR_RUN]; }
  setSentAt(k: number, v: number): void { this.f[k * F + SENT_AT] = v; }
  seg(k: number): number { return this.i[k * I + SEG]; }
  link(k: number): number { return this.i[k * I + LINK]; }
  setLink(k: number, v: number): void { this.i[k * I + LINK] = v; }
  site(k: number): number { return this.h[k * H + SITE]; }
  setSite(k: number, v: number): void { this.h[k * H + SITE] = v; }
  edge(k: number): number { return this.b[k * STRIDE + EDGE]; }
  setEdge(k: number, v: number): void { this.b[k * STRIDE + EDGE] = v; }
  cls(k: number): number { return this.b[k * STRIDE + CLS]; }
  rend(k: number): number { return this.b[k * STRIDE + REND]; }
  errors(k: number): number { return this.b[k * STRIDE + ERRORS]; }
  slow(k: number): number { return this.b[k * STRIDE + SLOW]; }

  /** A player that has just started: `buffer` of media, at the live edge, no errors. */
  start(k: number, edge: number, cls: number, rend: number, seg: number, buffer: number): void {
    const o = k * F;
    this.f[o + BUFFER] = buffer;
    this.f[o + LAG] = 0;
    this.f[o + STALL] = 0;
    this.f[o + ERROR_RUN] = 0;
    this.i[k * I + SEG] = seg;
    const b = k * STRIDE;
    this.b[b + EDGE] = edge;
    this.b[b + CLS] = cls;
    this.b[b + REND] = rend;
    this.b[b + ERRORS] = 0;
    this.b[b + SLOW] = 0;
  }

  /** Copies record `k` into `st`. */
  load(k: number, st: PlayerState): void {
    const f = this.f;
    const o = k * F;
    const b = k * STRIDE;
    st.cls = this.b[b + CLS];
    st.rendition = this.b[b + REND];
    st.seg = this.i[k * I + SEG];
    st.buffer = f[o + BUFFER];
    st.lag = f[o + LAG];
    st.stall = f[o + STALL];
    st.errorRun = f[o + ERROR_RUN];
    st.errors = this.b[b + ERRORS];
    st.slow = this.b[b + SLOW];
    st.sentAt = f[o + SENT_AT];
  }

  /**
   * Writes what a step changed back to record `k`. `quantum` > 0 rounds the times to it (cohort mode,
   * so cohorts that went through the same conditions end in the same state and merge).
   */
  store(k: number, st: PlayerState, quantum = 0): void {
    const f = this.f;
    const o = k * F;
    const b = k * STRIDE;
    this.b[b + REND] = st.rendition;
    this.i[k * I + SEG] = st.seg;
    f[o + BUFFER] = round(st.buffer, quantum);
    f[o + LAG] = round(st.lag, quantum);
    f[o + STALL] = round(st.stall, quantum);
    f[o + ERROR_RUN] = round(st.errorRun, quantum);
    this.b[b + ERRORS] = st.errors;
    this.b[b + SLOW] = st.slow;
  }

  /** Record `to` becomes a copy of record `from` (count, link and site included). */
  copy(from: number, to: number): void {
    this.f.copyWithin(to * F, from * F, from * F + F);
  }

  /**
   * A hash of the playback state that decides merging (edge, class, rendition, segment, buffer, lag,
   * stall, error run, error and slow counts): equal states hash alike.
   */
  stateHash(k: number): number {
    const f = this.f;
    const o = k * F;
    const b = k * STRIDE;
    let x = Math.imul(this.b[b + EDGE] | (this.b[b + CLS] << 8) | (this.b[b + REND] << 16), 0x9e3779b1);
    x = Math.imul(x ^ this.i[k * I + SEG], 0x85ebca6b);
    x = Math.imul(x ^ (f[o + BUFFER] / 1000), 0xc2b2ae35);
    x = Math.imul(x ^ (f[o + LAG] / 1000), 0x27d4eb2f);
    x = Math.imul(x ^ (f[o + STALL] / 1000) ^ ((f[o + ERROR_RUN] / 1000) << 7), 0x165667b1);
    x = Math.imul(x ^ (this.b[b + ERRORS] << 3) ^ this.b[b + SLOW], 0x9e3779b1);
    return (x ^ (x >>> 15)) >>> 0;
  }

  /** Whether records `a` and `b` have the same playback state (what {@link stateHash} covers). */
  sameState(a: number, b: number): boolean {
    const f = this.f;
    const oa = a * F;
    const ob = b * F;
    const ba = a * STRIDE;
    const bb = b * STRIDE;
    const u = this.b;
    return u[ba + EDGE] === u[bb + EDGE] && u[ba + CLS] === u[bb + CLS] && u[ba + REND] === u[bb + REND] &&
      this.i[a * I + SEG] === this.i[b * I + SEG] && f[oa + BUFFER] === f[ob + BUFFER] && f[oa + LAG] === f[ob + LAG] &&
      f[oa + STALL] === f[ob + STALL] && f[oa + ERROR_RUN] === f[ob + ERROR_RUN] &&
      u[ba + ERRORS] === u[bb + ERRORS] && u[ba + SLOW] === u[bb + SLOW];
  }

  /** Room for `capacity` records, keeping those there are. */
  grow(capacity: number): void {
    const buf = new ArrayBuffer(capacity * STRIDE);
    const f = new Float64Array(buf);
    f.set(this.f);
    this.f = f;
    this.i = new Int32Array(buf);
    this.h = new Uint16Array(buf);
    this.b = new Uint8Array(buf);
    this.capacity = capacity;
  }
}

const round = (x: number, q: number): number => (q > 0 ? Math.round(x / q) * q : x);
