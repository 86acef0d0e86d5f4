/**
 * An open Poisson arrival process: calls `emit` at exponentially spaced instants. Interarrival times
 * are rounded to whole microseconds (the clock's resolution); at rates below 10^5/s the bias is < 1%.
 */
import type { Clock, Rng } from '../ports.ts';

export function startPoissonSource(clock: Clock, rng: Rng, ratePerSec: number, emit: () => void): void {
  if (!(ratePerSec > 0)) return;
  const meanUs = 1e6 / ratePerSec;
  const kind = clock.register(() => {
    emit();
    clock.schedule(Math.round(-Math.log(1 - rng.next()) * meanUs), kind, 0);
  });
  clock.schedule(Math.round(-Math.log(1 - rng.next()) * meanUs), kind, 0);
}
