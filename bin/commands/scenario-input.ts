/** Loading a scenario for a command: the file plus `--seed`/`--set`, checked against the model catalogue. */
import { relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { loadScenarioFile, type LoadedScenario } from '../../scenarios/load.ts';
import { scenarioChecks } from '../../sim/build/registry.ts';
import { DEFAULT_SCENARIO, SCENARIOS_DIR } from '../paths.ts';

/** A bare preset name ("boxing-2024") finds scenarios/boxing-2024.yaml. */
export function resolveScenarioPath(arg: string | undefined): string {
  if (!arg) return DEFAULT_SCENARIO;
  if (existsSync(arg)) return resolve(arg);
  for (const ext of ['.yaml', '.yml', '.json', '']) {
    const p = resolve(SCENARIOS_DIR, arg + ext);
    if (existsSync(p)) return p;
  }
  return resolve(arg); // reading it fails with the path in the message
}

export function loadForRun(arg: string | undefined, opts: { seed?: string; set?: string[] }): LoadedScenario {
  const sets = [...(opts.set ?? [])];
  if (opts.seed !== undefined) sets.push(`seed=${opts.seed}`);
  const path = resolveScenarioPath(arg);
  const rel = relative(process.cwd(), path);
  return loadScenarioFile(rel.startsWith('..') ? path : rel, sets, scenarioChecks);
}
