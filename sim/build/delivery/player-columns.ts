/**
 * The playback state both delivery modes keep per player (viewer mode) or per cohort (cohort mode):
 * a column per field, loaded into the shared step's reused {@link PlayerState} and stored back.
 */
import type { PlayerState } from './step.ts';

export class PlayerColumns {
  edge: Uint8Array;
  cls: Uint8Array;
  rend: Uint8Array;
  errors: Uint8Array;
  slow: Uint8Array;
  seg: Float64Array;
  buffer: Float64Array;
  lag: Float64Array;
  stall: Float64Array;
  errorRun: Float64Array;
  sentAt: Float64Array;

  constructor(capacity: number) {
    this.edge = new Uint8Array(capacity);
    this.cls = new Uint8Array(capacity);
    this.rend = new Uint8Array(capacity);
    this.errors = new Uint8Array(capacity);
    this.slow = new Uint8Array(capacity);
    this.seg = new Float64Array(capacity);
    this.buffer = new Float64Array(capacity);
    this.lag = new Float64Array(capacity);
    this.stall = new Float64Array(capacity);
    this.errorRun = new Float64Array(capacity);
    this.sentAt = new Float64Array(capacity);
  }

  /** Copies entry `i` into `st`. */
  load(i: number, st: PlayerState): void {
    st.cls = this.cls[i];
    st.rendition = this.rend[i];
    st.seg = this.seg[i];
    st.buffer = this.buffer[i];
    st.lag = this.lag[i];
    st.stall = this.stall[i];
    st.errorRun = this.errorRun[i];
    st.errors = this.errors[i];
    st.slow = this.slow[i];
    st.sentAt = this.sentAt[i];
  }

  /**
   * Writes what a step changed back to entry `i`. `quantum` > 0 rounds the times to it (cohort mode,
   * so cohorts that went through the same conditions end in the same state and merge).
   */
  store(i: number, st: PlayerState, quantum = 0): void {
    this.rend[i] = st.rendition;
    this.seg[i] = st.seg;
    this.buffer[i] = round(st.buffer, quantum);
    this.lag[i] = round(st.lag, quantum);
    this.stall[i] = round(st.stall, quantum);
    this.errorRun[i] = round(st.errorRun, quantum);
    this.errors[i] = st.errors;
    this.slow[i] = st.slow;
  }

  /** Entry `to` becomes a copy of entry `from`. */
  copy(from: number, to: number): void {
    this.edge[to] = this.edge[from];
    this.cls[to] = this.cls[from];
    this.rend[to] = this.rend[from];
    this.errors[to] = this.errors[from];
    this.slow[to] = this.slow[from];
    this.seg[to] = this.seg[from];
    this.buffer[to] = this.buffer[from];
    this.lag[to] = this.lag[from];
    this.stall[to] = this.stall[from];
    this.errorRun[to] = this.errorRun[from];
    this.sentAt[to] = this.sentAt[from];
  }

  /** Room for `capacity` entries, keeping those there are. */
  grow(capacity: number): void {
    const f64 = (a: Float64Array) => { const b = new Float64Array(capacity); b.set(a); return b; };
    const u8 = (a: Uint8Array) => { const b = new Uint8Array(capacity); b.set(a); return b; };
    this.edge = u8(this.edge);
    this.cls = u8(this.cls);
    this.rend = u8(this.rend);
    this.errors = u8(this.errors);
    this.slow = u8(this.slow);
    this.seg = f64(this.seg);
    this.buffer = f64(this.buffer);
    this.lag = f64(this.lag);
    this.stall = f64(this.stall);
    this.errorRun = f64(this.errorRun);
    this.sentAt = f64(this.sentAt);
  }
}

const round = (x: number, q: number): number => (q > 0 ? Math.round(x / q) * q : x);
