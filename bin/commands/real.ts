/**
 * `livetwin real <scenario> [--duration S] [--scale K] [--out DIR]`: run the scenario for real on this
 * machine (pipeline/surge/host.ts), scaled down by K, and write the run directory. The scaled
 * scenario goes into the run directory as `scenario.yaml`, which `livetwin run` simulates, so
 * `livetwin compare` can hold the two runs side by side.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadScenarioText } from '../../scenarios/load.ts';
import { ScenarioError } from '../../scenarios/problems.ts';
import { scenarioChecks } from '../../sim/build/registry.ts';
import type { Summary } from '../../sim/record/run-files.ts';
import { realModeProblems, runReal, type RealProgress } from '../../pipeline/surge/host.ts';
import { scaleScenarioInput } from '../../pipeline/surge/scale.ts';
import { EXIT, UsageError } from '../exit.ts';
import { loadForRun } from './scenario-input.ts';
import { printSummary } from './print-summary.ts';

export interface RealFlags {
  duration?: string;
  scale?: string;
  out?: string;
  seed?: string;
  set?: string[];
  threads?: string;
  speed?: string;
  json?: boolean;
  quiet?: boolean;
}

/** The scaled scenario's file name inside the run directory. */
export const SCALED_SCENARIO = 'scenario.yaml';

function positive(flag: string, v: string | undefined, integer = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0 && Number.isFinite(n)) || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${flag}: expected a positive ${integer ? 'whole number' : 'number'}, got "${v}"`);
  }
  return n;
}

const clock = (us: number) => {
  const s = Math.floor(us / 1e6);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export async function realCommand(arg: string, flags: RealFlags): Promise<{ code: number; summary?: Summary; outDir: string }> {
  const scale = positive('scale', flags.scale) ?? 1;
  const durationSec = positive('duration', flags.duration);
  const threads = positive('threads', flags.threads, true);
  const speed = positive('speed', flags.speed);
  const { scenario, raw, file } = loadForRun(arg, flags);

  // The scaled scenario is checked as `livetwin run` will read it, before anything is written.
  const scaledInput = scaleScenarioInput(raw, scenario, { scale, durationSec });
  const header = `# ${scenario.name}${scale !== 1 ? `, scaled 1/${scale}` : ''}, as \`livetwin real\` ran it (from ${file}).\n`
    + `# Simulate the same thing: livetwin run <this file> --out <dir>; then livetwin compare <dir> <this run>.\n`;
  const text = header + stringify(scaledInput);
  let scaled;
  try {
    scaled = loadScenarioText(text, SCALED_SCENARIO, [], scenarioChecks).scenario;
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${file}: scaled 1/${scale}, the scenario is no longer valid:\n${e.message}`);
    throw e;
  }
  const problems = realModeProblems(scaled);
  if (problems.length) throw new UsageError(problems.map((p) => `${file}: ${p.path}: ${p.message}`).join('\n'));

  const outDir = flags.out ?? join('runs', `${scenario.name}-${scenario.seed}-real`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, SCALED_SCENARIO), text);

  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(EXIT.interrupted);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tty = process.stderr.isTTY === true;
  let lastLine = -Infinity;
  const progress = (p: RealProgress) => {
    if (flags.quiet) return;
    const text = `real ${clock(p.t)} / ${clock(p.duration)}  ${((100 * p.t) / p.duration).toFixed(0).padStart(3)}%  ${p.requests} req  ${p.shed} shed in the last interval`;
    if (tty) process.stderr.write(`\r${text}\x1b[K`);
    else if (p.wallSec - lastLine >= 10) {
      lastLine = p.wallSec;
      process.stderr.write(`${text}\n`);
    }
  };
  const started = Date.now();
  try {
    if (!flags.quiet) {
      const a = scaled.audience!;
      process.stderr.write(`real mode: ${a.uniqueViewers.toLocaleString('en-US')} players, ${Object.keys(scaled.topology.controlPlane!.regions).length} region servers on 127.0.0.1, ${scaled.duration / 1e6}s${speed && speed !== 1 ? ` at ${speed}x` : ''}\n`);
    }
    const summary = await runReal(scaled, { outDir, threads, speed, signal: abort.signal, onInterval: progress, argv: process.argv.slice(2) });
    if (tty && !flags.quiet) process.stderr.write('\r\x1b[K');
    if (flags.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else if (!flags.quiet) {
      printSummary(summary, outDir, (Date.now() - started) / 1000);
      console.log(`Scaled scenario: ${join(outDir, SCALED_SCENARIO)} (livetwin run it, then livetwin compare the two run directories)`);
    }
    const code = summary.status === 'aborted' ? EXIT.interrupted : summary.slo.every((v) => v.pass) ? EXIT.ok : EXIT.sloFailed;
    return { code, summary, outDir };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
