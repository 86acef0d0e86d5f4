/** `livetwin validate <scenario>` and `livetwin schema`. */
import { z } from 'zod';
import { scenarioSchema } from '../../scenarios/schema/scenario.ts';
import { metricNames, faultTargetNames } from '../../sim/build/registry.ts';
import { loadForRun } from './scenario-input.ts';

export function validateCommand(arg: string | undefined, flags: { set?: string[] }): number {
  const { scenario, file } = loadForRun(arg, flags);
  console.log(`${file}: ok — "${scenario.name}", seed ${scenario.seed}`);
  console.log(`  metrics for SLOs: ${metricNames(scenario).join(', ')}`);
  const targets = faultTargetNames(scenario);
  // A fan-out has a target per proxy: show the first few and a count, not five hundred names.
  const shown = targets.length > 12 ? [...targets.slice(0, 10), `… ${targets.length - 10} more`] : targets;
  if (targets.length) console.log(`  fault targets: ${shown.join(', ')}`);
  return 0;
}

export function schemaCommand(): number {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  process.stdout.write(JSON.stringify({ title: 'livetwin scenario', ...schema }, null, 2) + '\n');
  return 0;
}
