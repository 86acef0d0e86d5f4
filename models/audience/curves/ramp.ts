/** Arrivals rising linearly from the start of the pre-show to the event start, then stopping. */
import type { ArrivalDensity, CurveParams } from './curve.ts';

export const ramp = (p: CurveParams): ArrivalDensity => (t) => {
  const from = p.start - Math.max(1, p.preShow);
  return t >= from && t < p.start ? t - from : 0;
};
