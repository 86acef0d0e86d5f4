/**
 * A player thread: many players (PlayerFleet) on this thread's wall clock, sending real HTTP requests
 * to the region servers. The host feeds it joins and steering, asks for a report at every interval's
 * end, and stops it at the end of the run (see protocol.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createStreams } from '../../sim/rng.ts';
import { WallClock } from '../clock/wall-clock.ts';
import { DeltaRecorder } from '../record/delta-recorder.ts';
import { HttpPlayTransport } from './http-transport.ts';
import { PlayerFleet } from './fleet.ts';
import { LOOP_RESOLUTION_MS, loopDelay, type FromPlayers, type ThreadFinal, type ThreadInit, type ToPlayers } from './protocol.ts';

const port = parentPort!;
const init = workerData as ThreadInit;
const clock = new WallClock(init.speed);
const recorder = new DeltaRecorder();
const transport = new HttpPlayTransport(clock, init.endpoints);
const fleet = new PlayerFleet(clock, recorder, transport, {
  scenario: init.scenario,
  meanSession: init.meanSession,
  rngs: createStreams(init.scenario.seed),
  // One thread draws from sim's stream names; several each take their own.
  streamSuffix: init.threads > 1 ? `/thread-${init.thread}` : '',
});
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
const post = (m: FromPlayers) => port.postMessage(m);

port.on('message', (m: ToPlayers) => {
  switch (m.type) {
    case 'start':
      clock.start(m.epochNs);
      loop.enable();
      break;
    case 'joins':
      for (let i = 0; i < m.ids.length; i++) fleet.join(m.ids[i], m.homes[i], m.press[i]);
      break;
    case 'steering':
      fleet.setSteering(m.share, m.target);
      break;
    case 'dip':
      fleet.dip(m.fraction, m.away);
      break;
    case 'playback':
      fleet.playbackFault(m.region, m.down);
      break;
    case 'report':
      if (m.last) {
        fleet.stop();
        clock.stop();
        loop.disable();
      }
      post({
        type: 'report',
        index: m.index,
        delta: recorder.take(),
        watching: fleet.watching.slice(),
        requests: transport.stats.sent,
        ...(m.last && { final: final() }),
      });
      break;
    case 'close':
      fleet.stop();
      clock.stop();
      void transport.close().finally(() => post({ type: 'closed' }));
      break;
  }
});

function final(): ThreadFinal {
  return {
    playAttempts: fleet.playAttempts,
    playStarts: fleet.playStarts,
    stillTrying: fleet.stillTrying(),
    viewers: fleet.size,
    events: clock.processed,
    meanLatenessMs: clock.processed ? clock.lateness / clock.processed / 1000 : 0,
    maxLatenessMs: clock.maxLateness / 1000,
    loop: loopDelay(loop),
    http: { ...transport.stats },
  };
}

post({ type: 'ready', names: recorder.metricNames() });
