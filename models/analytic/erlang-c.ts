/**
 * Erlang-C: the M/M/c queue in steady state. Used to validate the simulated stations (and to size
 * control-plane regions): with Poisson arrivals and exponential service, a long run must agree.
 */

export interface ErlangC {
  /** Offered load a = lambda / mu, in Erlangs. */
  offered: number;
  /** Utilisation rho = a / c. */
  utilization: number;
  /** Probability an arrival waits. */
  waitProbability: number;
  /** Mean wait in queue, in the unit of `meanService`. */
  meanWait: number;
  /** The q-quantile of the wait (0 when q <= 1 - P(wait)). */
  waitQuantile(q: number): number;
}

/**
 * @param arrivalRate arrivals per unit time
 * @param meanService mean service time, same time unit
 * @param servers c
 */
export function erlangC(arrivalRate: number, meanService: number, servers: number): ErlangC {
  const a = arrivalRate * meanService;
  const rho = a / servers;
  if (rho >= 1) {
    return { offered: a, utilization: rho, waitProbability: 1, meanWait: Infinity, waitQuantile: () => Infinity };
  }
  // Erlang-B by its stable recurrence, then C from B: avoids a^c / c! overflow for large c.
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b);
  const pWait = b / (1 - rho * (1 - b));
  const drain = servers / meanService - arrivalRate; // rate at which the queue empties
  return {
    offered: a,
    utilization: rho,
    waitProbability: pWait,
    meanWait: pWait / drain,
    // P(W > t) = pWait * exp(-drain * t)
    waitQuantile: (q) => (q <= 1 - pWait ? 0 : Math.log(pWait / (1 - q)) / drain),
  };
}
