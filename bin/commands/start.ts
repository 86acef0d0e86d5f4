/**
 * `npm start`: a newcomer's first run of the default scenario, then its timeline in the browser: the
 * viewer is served on 127.0.0.1 and its URL printed, until Ctrl-C. `--no-serve` (or
 * `LIVETWIN_NO_SERVE=1`) stops after the run, for scripts and tests.
 */
import { runCommand } from './run.ts';
import { EXIT } from '../exit.ts';
import { resolveRunDirs } from '../../viz/runs.ts';
import { serveUntilInterrupted } from '../../viz/command.ts';

export async function startCommand(flags: { quiet?: boolean; serve?: boolean }): Promise<number> {
  const { code, outDir } = await runCommand(undefined, { quiet: flags.quiet });
  if (code === EXIT.interrupted || flags.serve === false || process.env.LIVETWIN_NO_SERVE === '1') return code;
  await serveUntilInterrupted(resolveRunDirs([outDir]), {}, (url) => {
    console.log(`\nThe run's timeline: ${url}\n(open it in a browser; Ctrl-C stops the viewer)`);
  });
  return code;
}
