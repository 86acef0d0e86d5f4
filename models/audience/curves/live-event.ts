/**
 * The shape of a big live event: a pre-show trickle rising towards the start (10%), a rush of
 * Gaussian width `spread` centred just after the start, and late joiners arriving through the
 * event at a decaying rate (`lateJoiners`).
 */
import type { ArrivalDensity, CurveParams } from './curve.ts';

export function liveEvent(p: CurveParams): ArrivalDensity {
  const trickle = 0.1;
  const late = p.lateJoiners;
  const rush = Math.max(0, 1 - trickle - late);
  const sd = Math.max(1, p.spread / 2);
  const centre = p.start + p.spread / 4;
  const lateMean = Math.max(1, p.length / 4);
  const pre = Math.max(1, p.preShow);
  return (t) => {
    let d = rush * Math.exp(-0.5 * ((t - centre) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
    // Triangular trickle over the pre-show, peaking at the start.
    if (t >= p.start - pre && t < p.start) d += (trickle * 2 * (t - (p.start - pre))) / (pre * pre);
    if (t >= p.start && t < p.start + p.length) d += (late * Math.exp(-(t - p.start) / lateMean)) / lateMean;
    return d;
  };
}
