/**
 * Scaling a scenario down for one machine (`livetwin real --scale K`): the audience and every
 * capacity divided by K — unique viewers, peak concurrency, region workers and queue limits — and
 * nothing else, so per-viewer behaviour, service times, latencies, timeouts and policies stay as
 * written. Works on the scenario's input (what the file said, after --set), so the result can be
 * written out as a scenario file that `livetwin run` accepts and simulates as the same thing.
 */
import type { Scenario } from '../../scenarios/schema/scenario.ts';

export interface ScaleOptions {
  /** Divide audience and capacities by this (>= 1 scales down). */
  scale: number;
  /** Cut or extend the run to this many seconds. */
  durationSec?: number;
}

type Obj = Record<string, unknown>;

const obj = (parent: Obj, key: string): Obj => {
  const v = parent[key];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  const fresh: Obj = {};
  parent[key] = fresh;
  return fresh;
};

/** A new scenario input: `raw` scaled as `o` says (`parsed` is the same scenario, parsed, for its values). */
export function scaleScenarioInput(raw: Obj, parsed: Scenario, o: ScaleOptions): Obj {
  const k = o.scale;
  if (!(k > 0 && Number.isFinite(k))) throw new RangeError(`scale must be a positive number, got ${k}`);
  const out = structuredClone(raw);
  out.seed = parsed.seed;
  if (o.durationSec !== undefined) out.duration = `${o.durationSec}s`;
  if (k !== 1) {
    if (typeof out.description === 'string') out.description = `${out.description} (scaled 1/${k})`;
    if (parsed.audience) {
      const a = obj(out, 'audience');
      a.uniqueViewers = Math.max(1, Math.round(parsed.audience.uniqueViewers / k));
      a.peakConcurrent = Math.max(1, Math.round(parsed.audience.peakConcurrent / k));
    }
    const cp = parsed.topology.controlPlane;
    if (cp) {
      const regions = obj(obj(obj(out, 'topology'), 'controlPlane'), 'regions');
      for (const [name, spec] of Object.entries(cp.regions)) {
        const r = obj(regions, name);
        r.workers = Math.max(1, Math.round(spec.workers / k));
        r.queueLimit = Math.round(spec.queueLimit / k);
      }
    }
  }
  return out;
}
