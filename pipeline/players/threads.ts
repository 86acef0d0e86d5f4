/**
 * The player threads of a run (worker_threads, not child processes: they cannot outlive the host,
 * so a run never leaves a process behind, even when it is killed). Each thread loads its TypeScript
 * through tsx, as bin/livetwin.js does for the main thread (loader hooks are per thread in Node 20).
 */
import { Worker } from 'node:worker_threads';
import type { MetricNames } from '../record/delta-recorder.ts';
import type { FromPlayers, ThreadInit, ToPlayers } from './protocol.ts';

type Report = Extract<FromPlayers, { type: 'report' }>;

const THREAD_MAIN = new URL('./thread.ts', import.meta.url).href;

function bootstrap(): URL {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(THREAD_MAIN)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class PlayerThreads {
  private readonly workers: Worker[] = [];
  readonly names: MetricNames[] = [];
  private readonly waiting = new Map<string, { need: number; got: Map<number, FromPlayers>; done: (m: Map<number, FromPlayers>) => void }>();
  private failed: Error | null = null;
  private closing = false;
  /** Called once if a thread fails (an uncaught error, an unexpected exit). */
  onFailure: (e: Error) => void = () => {};

  private constructor() {}

  /** Starts `n` threads and waits until each has built its players. */
  static async spawn(n: number, init: (thread: number) => ThreadInit, timeoutMs = 60_000): Promise<PlayerThreads> {
    const t = new PlayerThreads();
    const ready = t.expect('ready', n, timeoutMs);
    const url = bootstrap();
    for (let i = 0; i < n; i++) {
      const w = new Worker(url, { workerData: init(i), name: `livetwin-players-${i}` });
      w.on('message', (m: FromPlayers) => t.receive(i, m));
      w.on('error', (e) => t.fail(new Error(`player thread ${i}: ${e.message}`)));
      w.on('exit', (code) => {
        if (!t.closing) t.fail(new Error(`player thread ${i} exited (code ${code})`));
      });
      t.workers.push(w);
    }
    try {
      const got = await ready;
      for (let i = 0; i < n; i++) t.names[i] = (got.get(i) as Extract<FromPlayers, { type: 'ready' }>).names;
    } catch (e) {
      await t.terminate();
      throw e;
    }
    return t;
  }

  get count(): number {
    return this.workers.length;
  }

  post(i: number, m: ToPlayers): void {
    this.workers[i].postMessage(m);
  }

  broadcast(m: ToPlayers): void {
    for (const w of this.workers) w.postMessage(m);
  }

  /** Asks every thread for its report on interval `index`; resolves with them by thread. */
  async report(index: number, last: boolean, timeoutMs = 10_000): Promise<Report[]> {
    const got = this.expect(`report:${index}`, this.workers.length, timeoutMs);
    this.broadcast({ type: 'report', index, last });
    const m = await got;
    return this.workers.map((_, i) => m.get(i) as Report);
  }

  /** Lets each thread close its connections (briefly), then ends every thread. */
  async close(timeoutMs = 3000): Promise<void> {
    if (this.closing) return;
    const closed = this.expect('closed', this.workers.length, timeoutMs).catch(() => undefined);
    this.closing = true;
    this.broadcast({ type: 'close' });
    await closed;
    await this.terminate();
  }

  async terminate(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private expect(key: string, need: number, timeoutMs: number): Promise<Map<number, FromPlayers>> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`player threads: no "${key}" from every thread within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(key, {
        need,
        got: new Map(),
        done: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
      // Rejections on failure go through `fail`, which rejects everything pending.
      this.rejecters.set(key, (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  private readonly rejecters = new Map<string, (e: Error) => void>();

  private receive(i: number, m: FromPlayers): void {
    const key = m.type === 'report' ? `report:${m.index}` : m.type;
    const w = this.waiting.get(key);
    if (!w) return;
    w.got.set(i, m);
    if (w.got.size === w.need) {
      this.waiting.delete(key);
      this.rejecters.delete(key);
      w.done(w.got);
    }
  }

  private fail(e: Error): void {
    if (this.failed || this.closing) return;
    this.failed = e;
    for (const [key, reject] of this.rejecters) {
      this.waiting.delete(key);
      reject(e);
    }
    this.rejecters.clear();
    this.onFailure(e);
  }
}
