/**
 * The surge's audience for real mode: the forecast (joins per interval, calibrated mean session) and
 * the joins themselves, drawn exactly as SurgeSim draws them — from the same seeded stream, in the
 * same order (per interval: how many join, then each one's home region and moment of pressing Play).
 * So a real run and a simulation of the same scenario and seed see the very same viewers arrive, and
 * what differs between them is only what happens to those viewers.
 */
import type { Rng, RngStreams } from '../../models/ports.ts';
import { arrivalCurves } from '../../models/audience/curves/registry.ts';
import { calibrateSession, concurrencyOf, joinsPerBin } from '../../models/audience/forecast.ts';
import { binomial, weightedChoice } from '../../sim/dist/index.ts';
import type { Scenario } from '../../scenarios/schema/scenario.ts';

export interface Joins {
  /** First global viewer id; the joins are ids first .. first + n - 1. */
  first: number;
  homes: Uint8Array;
  /** When each presses Play, µs on the run's clock. */
  press: Float64Array;
}

export class SurgeAudience {
  readonly binUs: number;
  readonly bins: number;
  readonly expectedJoins: Float64Array;
  readonly forecastConcurrency: Float64Array;
  /** The mean session (µs) that makes the forecast peak the scenario's peak concurrency. */
  readonly meanSession: number;
  /** Viewers drawn so far. */
  joined = 0;
  private joinsLeft: number;
  private joinWeightLeft: number;
  private readonly rng: Rng;
  private readonly pickHome: () => number;
  private readonly drawBinomial: (n: number, p: number) => number;

  constructor(s: Scenario, rngs: RngStreams) {
    const aud = s.audience!;
    const regions = Object.keys(s.topology.controlPlane!.regions);
    this.binUs = s.interval;
    this.bins = Math.ceil(s.duration / this.binUs);
    const endUs = aud.start + aud.length;
    const density = arrivalCurves[aud.curve]({ start: aud.start, length: aud.length, spread: aud.spread, preShow: aud.preShow, lateJoiners: aud.lateJoiners });
    this.expectedJoins = joinsPerBin(density, this.bins, this.binUs, aud.uniqueViewers);
    this.meanSession = calibrateSession(this.expectedJoins, this.binUs, endUs, aud.exodus, aud.peakConcurrent);
    this.forecastConcurrency = concurrencyOf(this.expectedJoins, this.binUs, this.meanSession, endUs, aud.exodus);
    this.joinsLeft = Math.round(aud.uniqueViewers);
    this.joinWeightLeft = this.expectedJoins.reduce((a, b) => a + b, 0);
    this.rng = rngs.stream('surge/joins');
    this.pickHome = weightedChoice(this.rng, regions.map((r) => aud.regions[r] ?? 0));
    this.drawBinomial = binomial(this.rng);
  }

  /** The joins of interval `bin` (call once per bin, in order). */
  draw(bin: number): Joins {
    const w = this.expectedJoins[bin];
    const n = this.joinWeightLeft > 0 ? this.drawBinomial(this.joinsLeft, Math.min(1, w / this.joinWeightLeft)) : 0;
    this.joinsLeft -= n;
    this.joinWeightLeft -= w;
    const t0 = bin * this.binUs;
    const homes = new Uint8Array(n);
    const press = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      homes[i] = this.pickHome();
      press[i] = t0 + Math.floor(this.rng.next() * this.binUs);
    }
    const first = this.joined;
    this.joined += n;
    return { first, homes, press };
  }
}
