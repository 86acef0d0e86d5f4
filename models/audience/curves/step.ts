/** Everyone within `spread` of the start, evenly: the purest thundering herd (tests, stress runs). */
import type { ArrivalDensity, CurveParams } from './curve.ts';

export const step = (p: CurveParams): ArrivalDensity => (t) =>
  t >= p.start && t < p.start + Math.max(1, p.spread) ? 1 : 0;
