/** An arrival curve: the relative rate at which unique viewers first press Play, over the run. */
export interface CurveParams {
  /** When the main event starts, µs from the start of the run. */
  start: number;
  /** How long the event runs, µs. */
  length: number;
  /** Width of the rush around the start, µs. */
  spread: number;
  /** Length of the pre-show trickle before the start, µs. */
  preShow: number;
  /** Share of viewers who join after the rush, during the event. */
  lateJoiners: number;
}

/** Unnormalised arrival density at time t (µs); the forecast normalises it over the run. */
export type ArrivalDensity = (t: number) => number;
