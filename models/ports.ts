/**
 * The four ports every model is written against (DESIGN.md). The simulation kernel and the real-mode
 * host each provide them; a model that needs to know which one it runs under is missing a port.
 *
 * Time everywhere in livetwin is integer microseconds held in a plain number: exact up to 2^53 µs
 * (285 years), fine enough to order 2-second segments and sub-millisecond RTTs, and cheap on typed
 * arrays. Use the constants in `time.ts` rather than literals.
 */

/** Integer microseconds since the start of the run. */
export type Micros = number;

/** A handle returned by {@link Clock.after}; only meaningful to the clock that issued it. */
export type TimerId = number;

/** Virtual, wall or manual time. */
export interface Clock {
  now(): Micros;
  /** Call `fn` once `delay` microseconds from now. Timers due at the same instant fire in the order set. */
  after(delay: Micros, fn: () => void): TimerId;
  /** Cancel a pending timer from `after`; returns false when it already fired or was cancelled. */
  cancel(id: TimerId): boolean;
  /**
   * Hot-path timers that allocate nothing: register a handler once while building, then schedule it
   * with a numeric argument (an entity index, a timestamp). Same ordering rules as `after`. These
   * cannot be cancelled (the simulation keeps them inline by the tens of millions): a handler checks
   * on firing whether its event still counts.
   */
  register(fn: (arg: number) => void): number;
  schedule(delay: Micros, kind: number, arg: number): TimerId;
}

/** A uniform source on [0, 1); one per named stream, so components never share draws. */
export interface Rng {
  next(): number;
}

/** Named, seeded random streams: the same seed and name always give the same sequence. */
export interface RngStreams {
  stream(name: string): Rng;
}

/** Per-interval sums (requests, joins, bytes). */
export interface Counter {
  add(n?: number): void;
}

/** A level sampled at the end of each interval (concurrency, queue depth). */
export interface Gauge {
  set(v: number): void;
  add(delta: number): void;
  value(): number;
}

/** A distribution of values (latencies); percentiles go to the summary, per-interval quantiles to the timeline. */
export interface Histogram {
  record(v: number): void;
}

export interface MetricInfo {
  /** Unit shown on the viewer's axis: "viewers", "req", "ms", "Gbps", "ratio", ... */
  unit: string;
  /** Viewer panel the series belongs to: "audience", "control", "cdn", "origin", "ingest", "push". */
  panel: string;
  description?: string;
}

/**
 * Where models report what happened. Columns are declared up front (so the timeline schema is fixed
 * before the first row), then updated on the hot path through the returned handles.
 */
export interface Recorder {
  counter(name: string, info: MetricInfo): Counter;
  gauge(name: string, info: MetricInfo): Gauge;
  /** Adds timeline columns `<name>P50` and `<name>P99` per interval, and whole-run quantiles. */
  histogram(name: string, info: MetricInfo): Histogram;
}

/**
 * Request/response between components. In sim a modelled link (latency, capacity, loss) carries the
 * message; in real mode it is an HTTP request. `reply` is called exactly once, with a response or a
 * transport failure (`ok: false`, e.g. timeout or connection refused).
 */
export interface Transport<Req, Res> {
  request(to: string, req: Req, reply: (res: TransportResult<Res>) => void): void;
}

export type TransportResult<Res> = { ok: true; res: Res } | { ok: false; error: string };
