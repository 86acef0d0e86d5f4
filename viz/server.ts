/**
 * The viewer's HTTP server (express), on 127.0.0.1 unless told otherwise. It serves the page and,
 * for the page's HTTP data source (viz/page/data-source.ts), the runs:
 *   GET /api/runs                 [{ label, summary | null }]
 *   GET /api/runs/:i              one of those (the page polls it while a run is being written)
 *   GET /runs/:i/timeline.arrow   the Arrow file as it is on disk now (with an ETag, so polls are cheap)
 *   GET /runs/:i/summary.json
 * Files are read on every request, so a run that is still being written is seen as it grows.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { pageCss, pageHtml, pageScript } from './bundle.ts';
import { readMeta, type RunDir } from './runs.ts';
import { UsageError } from '../bin/exit.ts';

export interface Viewer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
}

export function viewerApp(runs: readonly RunDir[]): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const noCache = (res: Response) => res.set('Cache-Control', 'no-cache');
  const run = (req: Request, res: Response): RunDir | undefined => {
    const r = runs[Number(req.params.i)];
    if (!/^\d+$/.test(String(req.params.i)) || !r) res.status(404).json({ error: `no run ${req.params.i}` });
    return r;
  };

  app.get('/', (_req, res) => noCache(res).type('html').send(pageHtml()));
  app.get('/style.css', (_req, res) => noCache(res).type('css').send(pageCss()));
  app.get('/app.js', async (_req, res, next) => {
    try {
      noCache(res).type('js').send(await pageScript());
    } catch (e) {
      next(e);
    }
  });
  app.get('/api/runs', (_req, res) => noCache(res).json(runs.map(readMeta)));
  app.get('/api/runs/:i', (req, res) => {
    const r = run(req, res);
    if (r) noCache(res).json(readMeta(r));
  });
  app.get('/runs/:i/timeline.arrow', (req, res, next) => {
    const r = run(req, res);
    if (r) res.sendFile(r.timeline, { headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'application/vnd.apache.arrow.file' } }, (e) => {
      if (e && !res.headersSent) next(e);
    });
  });
  app.get('/runs/:i/summary.json', (req, res) => {
    const r = run(req, res);
    if (!r) return;
    const { summary } = readMeta(r);
    if (summary) noCache(res).json(summary);
    else res.status(404).json({ error: 'no summary yet: the run is still being written' });
  });
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).type('text').send(String(err.stack ?? err));
  });
  return app;
}

/** Starts serving; resolves once listening, with the URL to open. */
export async function serveViewer(runs: readonly RunDir[], o: ServeOptions = {}): Promise<Viewer> {
  await pageScript(); // bundle before listening: the first page load is quick, a broken build fails here
  const host = o.host ?? '127.0.0.1';
  const server = createServer(viewerApp(runs));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new UsageError(`viz: port ${o.port} on ${host} is in use (--port 0 picks a free one)`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new UsageError(`viz: cannot bind ${host} (--host)`);
    throw e;
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
