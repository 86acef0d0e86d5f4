/**
 * Real mode for the surge: the scenario's control-plane regions as HTTP servers on this machine, its
 * audience as a fleet of HTTP players in worker threads, all on the wall clock, recorded into the same
 * run directory as `livetwin run` writes (timeline.arrow, summary.json with mode "real", run.json).
 *
 * Threads and their jobs:
 * - this (host) thread: the region servers (ControlRegion on the wall clock behind node:http), the
 *   audience (the joins, drawn as sim draws them), steering, faults, and the recorder, which closes a
 *   timeline row at the end of every interval after collecting each player thread's report;
 * - player threads: PlayerFleet on their own wall clocks (same epoch), real requests through undici.
 *
 * Ending: at the run's end, or when `signal` aborts (Ctrl-C), the players stop first, then the
 * threads are ended, the servers closed and the outputs written (status "aborted" when cut short),
 * so the process is left with nothing to keep it alive.
 */
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Faultable, FaultEffect } from '../../models/faults.ts';
import { Steering } from '../../models/control-plane/steering.ts';
import type { Scenario } from '../../scenarios/schema/scenario.ts';
import { createStreams } from '../../sim/rng.ts';
import { RunRecorder } from '../../sim/record/recorder.ts';
import { judge } from '../../sim/record/slo.ts';
import { prepareRunDir, writeRunInfo, writeSummary, type Summary } from '../../sim/record/run-files.ts';
import { scheduleFaults } from '../../sim/build/faults.ts';
import { REQUEST_COLUMNS, declareSurgeMetrics, surgeSummary } from '../../sim/build/surge/metrics.ts';
import { WallClock, epochNow } from '../clock/wall-clock.ts';
import { MetricSink } from '../record/metric-sink.ts';
import { RegionServer } from '../control-plane/region-server.ts';
import { PlayerThreads } from '../players/threads.ts';
import { LOOP_RESOLUTION_MS, loopDelay, type ThreadFinal } from '../players/protocol.ts';
import { SurgeAudience } from './audience.ts';
import { regionOptions } from '../../sim/build/surge/options.ts';

/** More players than this do not belong on one machine: scale the scenario down (`--scale`). */
export const MAX_PLAYERS = 50_000;
/** Rows per record batch, as in sim. */
const BATCH_ROWS = 60;

export interface RealProgress {
  /** End of the interval just recorded, µs on the run's clock. */
  t: number;
  duration: number;
  /** Play requests players sent, and 503s regions answered, in that interval. */
  requests: number;
  shed: number;
  wallSec: number;
}

export interface RealOptions {
  outDir: string;
  /** Player threads (default: the cores less one for the servers, at least 1). */
  threads?: number;
  /** Clock speed: 1 is real time. */
  speed?: number;
  signal?: AbortSignal;
  onInterval?: (p: RealProgress) => void;
  argv?: string[];
}

/** Why a scenario cannot run in real mode yet (empty: it can). Paths name the offending field. */
export function realModeProblems(s: Scenario): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  const missing = ([['audience', s.audience], ['player', s.player], ['topology.controlPlane', s.topology.controlPlane]] as const).filter(([, v]) => !v);
  for (const [path] of missing) out.push({ path, message: 'real mode hosts the surge (audience, player, topology.controlPlane); this scenario has no such section' });
  if (s.topology.stations && Object.keys(s.topology.stations).length) out.push({ path: 'topology.stations', message: 'real mode does not host stations yet (only the surge)' });
  if (s.workload.length) out.push({ path: 'workload', message: 'real mode does not host station workloads yet (only the surge)' });
  if (s.push) out.push({ path: 'push', message: 'real mode does not host the push fan-out yet (only the surge)' });
  if (s.audience && s.audience.uniqueViewers > MAX_PLAYERS) {
    out.push({ path: 'audience.uniqueViewers', message: `${s.audience.uniqueViewers.toLocaleString('en-US')} players is more than one machine runs for real (at most ${MAX_PLAYERS.toLocaleString('en-US')}); scale it down with --scale` });
  }
  return out;
}

export async function runReal(scenario: Scenario, o: RealOptions): Promise<Summary> {
  const problems = realModeProblems(scenario);
  if (problems.length) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const started = Date.now();
  const speed = o.speed ?? 1;
  const nThreads = Math.max(1, Math.floor(o.threads ?? Math.max(1, availableParallelism() - 1)));
  const s = scenario;
  const cp = s.topology.controlPlane!;
  const regionNames = Object.keys(cp.regions);

  const run = new RunRecorder();
  const sink = new MetricSink(run);
  const clock = new WallClock(speed);
  const rngs = createStreams(s.seed);
  const m = declareSurgeMetrics(sink, regionNames);
  const audience = new SurgeAudience(s, rngs);
  /** Viewers watching by home region, as the player threads last reported. */
  const watching = new Float64Array(regionNames.length);
  const servers = regionNames.map((name, r) => new RegionServer(clock, sink, regionOptions(s, name, rngs), () => watching[r]));
  run.trackSum(REQUEST_COLUMNS);
  const steering = new Steering(regionNames.length, s.policies.rebalancing);
  const hostLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

  let threads: PlayerThreads | null = null;
  const failed: { error: Error | null } = { error: null };
  /** The interval closes, one after another (each waits for the threads' reports). */
  let closing = Promise.resolve();
  let status: Summary['status'] = 'complete';
  let closedUntil = 0;
  let opened = false;
  let finals: ThreadFinal[] = [];
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  o.signal?.addEventListener('abort', onAbort);
  if (o.signal?.aborted) abort.abort();

  try {
    const urls = await Promise.all(servers.map((sv) => sv.listen()));
    const endpoints = Object.fromEntries(regionNames.map((name, r) => [name, { url: urls[r], oneWay: Math.round(cp.regions[name].rtt / 2) }]));
    threads = await PlayerThreads.spawn(nThreads, (thread) => ({ scenario: s, meanSession: audience.meanSession, endpoints, thread, threads: nThreads, speed }));
    const th = threads;
    th.onFailure = (e) => {
      failed.error = e;
      abort.abort();
    };
    th.names.forEach((names, i) => sink.addSource(i, names));

    // Faults: the regions take theirs directly; playback faults and dips are the players' business.
    const targets = new Map<string, Faultable>();
    regionNames.forEach((name, r) => {
      targets.set(`controlPlane/${name}`, servers[r].region);
      targets.set(`playback/${name}`, { setFaults: (a: readonly FaultEffect[]) => th.broadcast({ type: 'playback', region: r, down: a.some((f) => f.kind === 'down') }) });
    });
    targets.set('playback', { setFaults: (a: readonly FaultEffect[]) => th.broadcast({ type: 'playback', region: -1, down: a.some((f) => f.kind === 'down') }) });
    scheduleFaults(clock, s.faults, targets);
    for (const d of s.audience!.dips) clock.after(d.at, () => th.broadcast({ type: 'dip', fraction: d.fraction, away: d.for }));

    prepareRunDir(o.outDir);
    run.open(join(o.outDir, 'timeline.arrow'), { scenario: s.name, seed: String(s.seed), mode: 'real', intervalSec: String(s.interval / 1e6) }, BATCH_ROWS);
    opened = true;

    // Joins go out one interval ahead, so each thread holds a viewer before the moment they press Play.
    const sendJoins = (bin: number) => {
      if (bin >= audience.bins) return;
      const j = audience.draw(bin);
      const n = j.press.length;
      for (let t = 0; t < nThreads; t++) {
        const pick: number[] = [];
        for (let i = 0; i < n; i++) if ((j.first + i) % nThreads === t) pick.push(i);
        if (pick.length === 0) continue;
        th.post(t, {
          type: 'joins',
          ids: Float64Array.from(pick, (i) => j.first + i),
          homes: Uint8Array.from(pick, (i) => j.homes[i]),
          press: Float64Array.from(pick, (i) => j.press[i]),
        });
      }
      joinsByBin[bin] = n;
    };
    const joinsByBin = new Float64Array(audience.bins);
    sendJoins(0);
    const kBin = clock.register((bin) => {
      if (abort.signal.aborted) return;
      m.forecast.set(audience.forecastConcurrency[bin]);
      m.joins.add(joinsByBin[bin]);
      sendJoins(bin + 1);
      if (bin + 1 < audience.bins) clock.schedule(Math.max(0, (bin + 1) * audience.binUs - clock.now()), kBin, bin + 1);
    });
    clock.schedule(0, kBin, 0);

    // Interval ends: collect the threads' reports, fold them in, steer, write the row.
    let requestsBefore = 0;
    let shedBefore = 0;
    const intervals = Math.ceil(s.duration / s.interval);
    const finished = new Promise<void>((resolve, reject) => {
      const kClose = clock.register((i) => {
        if (i + 1 < intervals) clock.schedule(Math.max(0, (i + 2) * s.interval - clock.now()), kClose, i + 1);
        closing = closing.then(async () => {
          if (abort.signal.aborted) return;
          const last = i + 1 === intervals;
          const reports = await th.report(i, last);
          watching.fill(0);
          let requests = 0;
          reports.forEach((r, t) => {
            sink.apply(t, r.delta);
            for (let h = 0; h < watching.length; h++) watching[h] += r.watching[h];
            requests += r.requests;
            if (r.final) finals[t] = r.final;
          });
          steering.update(servers.map((sv) => sv.region.load()));
          m.shares.forEach((g, h) => g.set(steering.share[h]));
          if (s.policies.rebalancing.enabled) th.broadcast({ type: 'steering', share: steering.share.slice(), target: steering.target.slice() });
          const t = Math.min((i + 1) * s.interval, s.duration);
          run.closeInterval(t / 1e6);
          // Unlike sim (whose bytes must not depend on the machine's speed), flush every row: a viewer
          // watching the run sees it as it happens, and a run killed outright keeps all it recorded.
          run.flush();
          closedUntil = t;
          const shed = servers.reduce((a, sv) => a + sv.answered.shed, 0);
          o.onInterval?.({ t, duration: s.duration, requests: requests - requestsBefore, shed: shed - shedBefore, wallSec: (Date.now() - started) / 1000 });
          requestsBefore = requests;
          shedBefore = shed;
          if (last) resolve();
        }).catch(reject);
      });
      clock.schedule(s.interval, kClose, 0);
      if (abort.signal.aborted) resolve();
      else abort.signal.addEventListener('abort', () => resolve());
    });

    hostLoop.enable();
    const epoch = epochNow();
    clock.start(epoch);
    th.broadcast({ type: 'start', epochNs: epoch });
    await finished;
    if (abort.signal.aborted) {
      status = 'aborted';
      await closing.catch(() => undefined);
      // The players' tallies as they stand (the interval cut short is not recorded).
      const reports = await th.report(-1, true).catch(() => []);
      finals = reports.map((r) => r.final!).filter(Boolean);
    }
  } catch (e) {
    // Nothing recorded yet: nothing to close. Otherwise the outputs are closed as for Ctrl-C, then it throws.
    if (!opened) throw e;
    failed.error ??= e as Error;
    status = 'aborted';
  } finally {
    clock.stop();
    hostLoop.disable();
    o.signal?.removeEventListener('abort', onAbort);
    await threads?.close().catch(() => threads?.terminate());
    await Promise.all(servers.map((sv) => sv.close()));
    run.close();
  }

  const sum = (k: 'playAttempts' | 'playStarts' | 'stillTrying' | 'events') => finals.reduce((a, f) => a + (f?.[k] ?? 0), 0);
  const metrics = surgeSummary(run, {
    regionNames,
    intervalUs: s.interval,
    uniqueViewers: audience.joined,
    playAttempts: sum('playAttempts'),
    playStarts: sum('playStarts'),
    meanSessionUs: audience.meanSession,
    viewersStillTrying: sum('stillTrying'),
  });
  const events = clock.processed + sum('events');
  const summary: Summary = {
    scenario: s.name,
    seed: s.seed,
    mode: 'real',
    status,
    simulatedSec: closedUntil / 1e6,
    intervalSec: s.interval / 1e6,
    events,
    slo: judge(s.slo, metrics),
    metrics,
    faults: s.faults.map((f) => ({ target: f.target, kind: f.kind, startSec: f.at / 1e6, endSec: (f.at + f.for) / 1e6, label: f.label ?? `${f.target} ${f.kind}` })),
  };
  writeSummary(o.outDir, summary);
  const wallSec = (Date.now() - started) / 1000;
  const info = {
    startedAt: new Date(started).toISOString(),
    wallSec,
    eventsPerSec: Math.round(events / Math.max(wallSec, 1e-3)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    argv: o.argv ?? [],
    real: {
      threads: nThreads,
      speed,
      players: finals.map((f) => f?.viewers ?? 0),
      hostEventLoopDelayMs: loopDelay(hostLoop),
      hostClockLateMs: { mean: clock.processed ? +(clock.lateness / clock.processed / 1000).toFixed(3) : 0, max: clock.maxLateness / 1000 },
      playerThreads: finals.map((f) => f && { eventLoopDelayMs: f.loop, clockLateMs: { mean: +f.meanLatenessMs.toFixed(3), max: f.maxLatenessMs }, http: f.http }),
      regions: Object.fromEntries(regionNames.map((n, r) => [n, servers[r].answered])),
    },
  };
  await writeRunInfo(o.outDir, info);
  if (failed.error) throw failed.error;
  return summary;
}
