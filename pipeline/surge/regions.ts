/** A control-plane region's options from the scenario, wired as SurgeSim wires them (same streams). */
import type { RngStreams } from '../../models/ports.ts';
import type { RegionOptions } from '../../models/control-plane/region.ts';
import { SEC } from '../../models/time.ts';
import type { Scenario } from '../../scenarios/schema/scenario.ts';
import { durationMean, durationSampler } from '../../sim/build/samplers.ts';

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
