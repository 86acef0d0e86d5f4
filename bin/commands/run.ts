/** `livetwin run [scenario]`: simulate, write the run directory, report, exit by the SLOs. */
import { join } from 'node:path';
import { runSim } from '../../sim/run.ts';
import type { Summary } from '../../sim/record/run-files.ts';
import { EXIT } from '../exit.ts';
import { loadForRun } from './scenario-input.ts';
import { progressReporter } from './progress.ts';
import { printSummary } from './print-summary.ts';

export interface RunFlags {
  seed?: string;
  out?: string;
  set?: string[];
  json?: boolean;
  quiet?: boolean;
}

export async function runCommand(scenarioArg: string | undefined, flags: RunFlags): Promise<{ code: number; summary: Summary; outDir: string }> {
  const { scenario } = loadForRun(scenarioArg, flags);
  const outDir = flags.out ?? join('runs', `${scenario.name}-${scenario.seed}`);
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(EXIT.interrupted);
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  const progress = progressReporter(flags.quiet === true);
  const started = Date.now();
  try {
    const summary = await runSim(scenario, { outDir, signal: abort.signal, onProgress: progress.update, argv: process.argv.slice(2) });
    progress.done();
    if (flags.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else if (!flags.quiet) printSummary(summary, outDir, (Date.now() - started) / 1000);
    const code = summary.status === 'aborted' ? EXIT.interrupted : summary.slo.every((v) => v.pass) ? EXIT.ok : EXIT.sloFailed;
    return { code, summary, outDir };
  } finally {
    process.off('SIGINT', onSigint);
  }
}
