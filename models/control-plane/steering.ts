/**
 * Regional rebalancing: each region keeps a share of its viewers' requests it sends elsewhere. While a
 * region is overloaded and another has headroom, the share grows by `step` per tick; when it recovers,
 * the share shrinks again. A region that is down sends everything away. Gradual steps avoid moving an
 * overload from one region to the next in one go.
 */
export interface SteeringPolicy {
  enabled: boolean;
  /** Load above which a region sheds traffic to others. */
  threshold: number;
  /** Change of the share per tick. */
  step: number;
}

export class Steering {
  /** Share of region h's requests sent to target[h]. */
  readonly share: Float64Array;
  readonly target: Int32Array;

  constructor(readonly regions: number, private readonly p: SteeringPolicy) {
    this.share = new Float64Array(regions);
    this.target = new Int32Array(regions).map((_, i) => i);
  }

  /** Re-reads the regions' loads (as ControlRegion.load(): >= 2 means down). */
  update(load: ArrayLike<number>): void {
    if (!this.p.enabled) return;
    for (let h = 0; h < this.regions; h++) {
      let best = -1;
      for (let r = 0; r < this.regions; r++) if (r !== h && load[r] < 2 && (best < 0 || load[r] < load[best])) best = r;
      if (best < 0) {
        this.share[h] = 0;
        continue;
      }
      this.target[h] = best;
      if (load[h] >= 2) this.share[h] = 1;
      else if (load[h] > this.p.threshold && load[best] < this.p.threshold * 0.8) this.share[h] = Math.min(0.9, this.share[h] + this.p.step);
      else if (load[h] < this.p.threshold * 0.7 || load[best] >= this.p.threshold) this.share[h] = Math.max(0, this.share[h] - this.p.step);
    }
  }

  /** The region for a request from a viewer homed in `home`, given a uniform draw `u`. */
  route(home: number, u: number): number {
    return u < this.share[home] ? this.target[home] : home;
  }
}
