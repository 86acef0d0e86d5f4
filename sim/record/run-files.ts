/**
 * The files of a run directory besides the timeline. summary.json holds only what the scenario and seed
 * determine (so it repeats byte for byte); wall-clock facts go to run.json.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { SloVerdict } from './slo.ts';

export interface Summary {
  scenario: string;
  seed: number;
  mode: 'sim' | 'real';
  status: 'complete' | 'aborted';
  simulatedSec: number;
  intervalSec: number;
  events: number;
  slo: SloVerdict[];
  metrics: Record<string, unknown>;
  faults: Array<{ target: string; kind: string; startSec: number; endSec: number; label: string }>;
}

export function prepareRunDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** Writes via a temporary file and rename, so a reader never sees half a summary. */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
  renameSync(tmp, path);
}

export function writeSummary(dir: string, summary: Summary): void {
  writeJsonAtomic(join(dir, 'summary.json'), summary);
}

export interface RunInfo {
  startedAt: string;
  wallSec: number;
  eventsPerSec: number;
  peakRssMB: number;
  argv: string[];
}

export async function writeRunInfo(dir: string, info: RunInfo): Promise<void> {
  const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
  writeJsonAtomic(join(dir, 'run.json'), {
    ...info,
    host: { hostname: hostname(), cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 2 ** 30) },
    versions: { livetwin: pkg.version, node: process.version, v8: process.versions.v8 },
  });
}
