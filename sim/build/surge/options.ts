/**
 * Model options from a surge scenario, built one way for both hosts: the simulation (surge.ts) and
 * real mode (pipeline/) draw from the same named streams, so the same scenario means the same thing.
 */
import type { Rng, RngStreams } from '../../../models/ports.ts';
import type { RegionOptions } from '../../../models/control-plane/region.ts';
import type { StartupPolicy } from '../../../models/player/startup.ts';
import { makeBackoff } from '../../../models/backoff/registry.ts';
import { SEC } from '../../../models/time.ts';
import type { Scenario } from '../../../scenarios/schema/scenario.ts';
import { durationMean, durationSampler } from '../samplers.ts';

/** A control-plane region's options; its service times come from stream `surge/cp/<name>/service`. */
export function regionOptions(s: Scenario, name: string, rngs: RngStreams): RegionOptions {
  const cp = s.topology.controlPlane!;
  const spec = cp.regions[name];
  const pol = s.policies;
  return {
    name,
    workers: spec.workers,
    queueLimit: spec.queueLimit,
    serviceTime: durationSampler(spec.service, rngs.stream(`surge/cp/${name}/service`)),
    meanService: durationMean(spec.service),
    personalizationShare: cp.personalizationShare,
    background: cp.background,
    priorities: pol.admission.priorities,
    maxQueueWait: pol.admission.maxQueueWait ?? 0,
    dropExpired: pol.admission.dropExpired,
    degradation: pol.degradation,
    retryAfter: pol.retryAfter.enabled ? { min: pol.retryAfter.min, max: pol.retryAfter.max } : null,
    tick: SEC,
  };
}

/** The player's start-up policy; manual-restart think times are drawn from `rng`. */
export function startupPolicy(s: Scenario, rng: Rng): StartupPolicy {
  const pl = s.player!;
  return {
    maxAttempts: pl.maxAttempts,
    giveUpAfter: pl.giveUpAfter,
    backoff: makeBackoff(pl.backoff.policy, { base: pl.backoff.base, cap: pl.backoff.cap, spread: pl.backoff.spread }),
    honourServer: pl.backoff.policy === 'server-guided',
    restartProbability: pl.restart.probability,
    maxRestarts: pl.restart.max,
    restartDelay: durationSampler(pl.restart.thinkTime, rng),
  };
}
