/** `livetwin viz <runDir>...`: serve the timeline viewer for runs (two or more: compared), or export it. */
import { EXIT, UsageError } from '../bin/exit.ts';
import { resolveRunDirs, type RunDir } from './runs.ts';
import { serveViewer } from './server.ts';
import { exportReport } from './export.ts';

export async function vizCommand(runDirs: string[], flags: { port?: string; host?: string; export?: string }): Promise<number> {
  const runs = resolveRunDirs(runDirs);
  if (flags.export) {
    const bytes = await exportReport(runs, flags.export);
    console.log(`Wrote ${flags.export} (${(bytes / 1e6).toFixed(1)} MB): ${runs.map((r) => r.label).join(', ')}. It opens in a browser with no server or network.`);
    return EXIT.ok;
  }
  let port = 0;
  if (flags.port !== undefined) {
    port = Number(flags.port);
    if (!/^\d+$/.test(flags.port) || port > 65535) throw new UsageError(`viz: --port: expected a port number 0-65535, got "${flags.port}"`);
  }
  await serveUntilInterrupted(runs, { port, host: flags.host }, (url) => {
    const what = runs.length > 1 ? `Comparing ${runs.map((r) => r.label).join(' and ')}` : `Viewer for ${runs[0].label}`;
    console.log(`${what}: ${url}\n(serving until Ctrl-C)`);
  });
  return EXIT.ok;
}

/** Serves the viewer, reports its URL, and resolves once the user stops it (Ctrl-C or SIGTERM). */
export async function serveUntilInterrupted(runs: RunDir[], o: { port?: number; host?: string }, onUrl: (url: string) => void): Promise<void> {
  const viewer = await serveViewer(runs, o);
  onUrl(viewer.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await viewer.close();
}
