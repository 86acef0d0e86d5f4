/** Loading a scenario for a command: the file plus `--seed`/`--set`, checked against the model catalogue. */
import { relative, resolve, sep } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { loadScenarioFile, type LoadedScenario } from '../../scenarios/load.ts';
import { scenarioChecks } from '../../sim/build/registry.ts';
import { DEFAULT_SCENARIO, SCENARIOS_DIR } from '../paths.ts';

/**
 * A bare preset name ("boxing-2024") finds scenarios/boxing-2024.yaml. A directory is never a scenario:
 * `run first-special --out first-special` makes one, and the next `run first-special` from the same
 * place must still mean the preset.
 */
export function resolveScenarioPath(arg: string | undefined): string {
  if (!arg) return DEFAULT_SCENARIO;
  if (existsSync(arg) && !statSync(arg).isDirectory()) return resolve(arg);
  if (arg.includes('/') || arg.includes(sep)) return resolve(arg); // a path, not a name
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
