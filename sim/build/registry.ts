/**
 * Every builder, in build order. A scenario section is live when its builder `applies`; the SLO and
 * fault checks read metric and target names from here, so they can never drift from what runs.
 */
import type { Scenario } from '../../scenarios/schema/scenario.ts';
import { stationsBuilder } from './stations.ts';
import { surgeBuilder } from './surge/index.ts';
import { pushBuilder } from './push.ts';
import { deliveryBuilder } from './delivery/index.ts';
import { PIPELINE_FAULT_KINDS } from '../../scenarios/schema/common.ts';
import type { Builder } from './types.ts';
import type { Checks } from '../../scenarios/load.ts';

export const builders: readonly Builder[] = [stationsBuilder, surgeBuilder, deliveryBuilder, pushBuilder];

/** Summary metric paths the scenario will produce. */
export function metricNames(s: Scenario): string[] {
  return builders.filter((b) => b.applies(s)).flatMap((b) => b.metrics(s));
}

export function faultTargetNames(s: Scenario): string[] {
  return builders.filter((b) => b.applies(s)).flatMap((b) => b.targets(s));
}

/**
 * SLO metrics checked on the raw input, for when the schema has failed: every builder's `applies` and
 * `metrics` read only which sections and names are present, so a bad value elsewhere does not hide an
 * SLO on a metric that does not exist. Anything too malformed to read is left to the full check.
 */
export function checkSloMetricsLeniently(raw: unknown): Array<{ path: string; message: string }> {
  try {
    const given = raw as Partial<Scenario>;
    const s = { ...given, topology: given.topology ?? {} } as Scenario;
    const slos = Array.isArray(s.slo) ? s.slo : [];
    const metrics = new Set(builders.filter((b) => b.applies(s)).flatMap((b) => b.metrics(s)));
    return slos.flatMap((slo, i) =>
      slo && typeof slo.metric === 'string' && !metrics.has(slo.metric)
        ? [{ path: `slo[${i}].metric`, message: `unknown metric "${slo.metric}"; this scenario reports: ${[...metrics].join(', ') || 'nothing'}` }]
        : [],
    );
  } catch {
    return [];
  }
}

/** The checks that need the catalogue: SLO metrics, fault targets, each builder's own. */
export function checkScenario(s: Scenario): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const b of builders) if (b.applies(s) && b.check) problems.push(...b.check(s));
  const metrics = new Set(metricNames(s));
  s.slo.forEach((slo, i) => {
    if (!metrics.has(slo.metric)) {
      problems.push({ path: `slo[${i}].metric`, message: `unknown metric "${slo.metric}"; this scenario reports: ${[...metrics].join(', ') || 'nothing'}` });
    }
  });
  const targets = new Set(faultTargetNames(s));
  s.faults.forEach((f, i) => {
    if (!targets.has(f.target)) {
      problems.push({ path: `faults[${i}].target`, message: `unknown target "${f.target}"; known targets: ${listSome([...targets])}` });
    }
    if (PIPELINE_FAULT_KINDS.includes(f.kind) && !f.target.startsWith('pipeline/')) {
      problems.push({ path: `faults[${i}].kind`, message: `"${f.kind}" is a pipeline fault (target pipeline/<name>); expected down, degraded or slow` });
    }
    if (f.share !== undefined && f.target !== 'sites') problems.push({ path: `faults[${i}].share`, message: 'only a "sites" fault takes `share`' });
    if (f.kind === 'degraded' && f.factor === undefined) problems.push({ path: `faults[${i}].factor`, message: 'a degraded fault needs `factor` (capacity left, e.g. 0.5)' });
    if (f.kind === 'slow' && f.latency === undefined) problems.push({ path: `faults[${i}].latency`, message: 'a slow fault needs `latency` (e.g. 200ms)' });
  });
  if (builders.every((b) => !b.applies(s))) problems.push({ path: '', message: 'nothing to simulate: the scenario has no model sections' });
  return problems;
}

/**
 * Target names for a message, numbered ones folded into a range: a CDN alone offers thousands
 * (site/0 .. site/5999), which would bury the rest.
 */
function listSome(names: string[]): string {
  if (names.length === 0) return 'none';
  const out: string[] = [];
  const ranges = new Map<string, number[]>();
  for (const n of names) {
    const m = /^(.*\/)(\d+)$/.exec(n);
    if (!m) out.push(n);
    else if (ranges.has(m[1]!)) ranges.get(m[1]!)!.push(Number(m[2]));
    else {
      ranges.set(m[1]!, [Number(m[2])]);
      out.push(m[1]!);
    }
  }
  return out
    .map((n) => {
      const ids = ranges.get(n);
      if (!ids) return n;
      return ids.length === 1 ? `${n}${ids[0]}` : `${n}${Math.min(...ids)}..${n}${Math.max(...ids)}`;
    })
    .join(', ');
}

/** What loading a scenario checks beyond its schema: pass this to loadScenarioFile/loadScenarioText. */
export const scenarioChecks: Checks = { full: checkScenario, lenient: checkSloMetricsLeniently };
