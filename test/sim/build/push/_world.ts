/** Helpers for the push wiring tests: a scenario from a small push section, and a world run on the kernel. */
import { scenarioSchema, type Scenario } from '../../../../scenarios/schema/scenario.ts';
import { checkScenario } from '../../../../sim/build/registry.ts';
import { scheduleFaults } from '../../../../sim/build/faults.ts';
import { pushConfig, type PushConfig } from '../../../../sim/build/push/config.ts';
import { PushWorld, type PushObserver } from '../../../../sim/build/push/world.ts';
import { Kernel } from '../../../../sim/kernel.ts';
import { RunRecorder } from '../../../../sim/record/recorder.ts';
import { createStreams } from '../../../../sim/rng.ts';
import type { Faultable } from '../../../../models/faults.ts';

/** A validated scenario: `input` is what a YAML file would hold (units as text). */
export function scenario(input: Record<string, unknown>): Scenario {
  const s = scenarioSchema.parse({ name: 'push-test', ...input });
  const problems = checkScenario(s);
  if (problems.length) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return s;
}

export interface Ran {
  world: PushWorld;
  kernel: Kernel;
  config: PushConfig;
}

/** Build the push world for `s` and run it to the end (tweaking the derived config first if asked). */
export function run(s: Scenario, obs?: PushObserver, tweak?: (c: PushConfig) => void): Ran {
  const kernel = new Kernel();
  const faultTargets = new Map<string, Faultable>();
  const config = pushConfig(s);
  tweak?.(config);
  const world = new PushWorld(config, kernel, createStreams(s.seed), new RunRecorder(), faultTargets, obs);
  scheduleFaults(kernel, s.faults, faultTargets);
  kernel.run(s.duration);
  return { world, kernel, config };
}

/** The fanout summary of a run. */
export const fanout = (r: Ran) => r.world.summary() as Record<string, number> & { byTrigger: Record<string, Record<string, number>> };
