/** How a component takes a fault from the scenario's `faults` section (the wiring finds it by target path). */
export interface FaultEffect {
  kind: 'down' | 'degraded' | 'slow';
  /** Capacity left when degraded, in (0, 1]. */
  factor: number;
  /** Microseconds added when slow. */
  latency: number;
}

export interface Faultable {
  /** Faults may overlap; the component combines all active effects (see `combineFaults`). */
  setFaults(active: readonly FaultEffect[]): void;
}

/** The combined state of overlapping faults: down wins, capacity factors multiply, latencies add. */
export function combineFaults(active: readonly FaultEffect[]): { down: boolean; factor: number; latency: number } {
  let down = false;
  let factor = 1;
  let latency = 0;
  for (const f of active) {
    if (f.kind === 'down') down = true;
    else if (f.kind === 'degraded') factor *= f.factor;
    else latency += f.latency;
  }
  return { down, factor, latency };
}
