/** A control-plane region as a real HTTP service on 127.0.0.1, and the players' HTTP transport against it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Pool } from 'undici';
import { MS, SEC } from '../../../models/time.ts';
import type { RegionOptions } from '../../../models/control-plane/region.ts';
import { RunRecorder } from '../../../sim/record/recorder.ts';
import { WallClock } from '../../../pipeline/clock/wall-clock.ts';
import { RegionServer } from '../../../pipeline/control-plane/region-server.ts';
import { HttpPlayTransport } from '../../../pipeline/players/http-transport.ts';
import type { PlayManifest } from '../../../pipeline/control-plane/manifest.ts';

function region(over: Partial<RegionOptions> = {}) {
  const clock = new WallClock();
  const o: RegionOptions = {
    name: 'lab', workers: 1, queueLimit: 1, serviceTime: () => 60 * MS, meanService: 60 * MS, personalizationShare: 0.3,
    background: { prefetch: { perViewer: 0, service: 20 * MS }, bookmarks: { perViewer: 0, service: 5 * MS }, personalization: { perViewer: 0, service: 30 * MS } },
    priorities: true, maxQueueWait: 0, dropExpired: false, degradation: { enabled: false, enterAt: 0.9, exitAt: 0.6 },
    retryAfter: { min: SEC, max: 30 * SEC }, tick: SEC, ...over,
  };
  const server = new RegionServer(clock, new RunRecorder(), o, () => 0);
  clock.start();
  return { clock, server };
}

test('one worker, a queue of one: served, served after a real wait, and shed with Retry-After', async () => {
  const { clock, server } = region();
  const url = await server.listen();
  const pool = new Pool(url, { connections: null });
  try {
    const t0 = performance.now();
    const get = () => pool.request({ path: '/play?viewer=1', method: 'GET' }).then(async (r) => ({ r, text: await r.body.text(), ms: performance.now() - t0 }));
    const [a, b, c] = await Promise.all([get(), get(), get()]);
    const byStatus = [a, b, c].sort((x, y) => x.ms - y.ms);
    assert.equal([a, b, c].map((x) => x.r.statusCode).sort(), [200, 200, 503]);
    const shed = [a, b, c].find((x) => x.r.statusCode === 503)!;
    assert.is(shed.r.headers['retry-after'], '1');
    assert.is(shed.r.headers['x-retry-after-ms'], '1000');
    assert.ok(Number(shed.r.headers['x-load']) > 0);
    // The second one waited for the first to finish: real queueing, about two service times.
    const served = [a, b, c].filter((x) => x.r.statusCode === 200).map((x) => x.ms).sort((x, y) => x - y);
    assert.ok(served[0] >= 55 && served[1] >= 115, JSON.stringify(served));
    const m = JSON.parse(byStatus.find((x) => x.r.statusCode === 200)!.text) as PlayManifest;
    assert.is(m.region, 'lab');
    assert.match(m.manifest.segmentTemplate, /\$Number\$/);
    assert.match(m.licence.token, /^lic-stub-/);
    assert.equal(server.answered, { ok: 2, shed: 1, reset: 0, clientGone: 0, notFound: 0 });
  } finally {
    await pool.destroy();
    await server.close();
    clock.stop();
  }
});

test('a region that is down resets the connection', async () => {
  const { clock, server } = region();
  const url = await server.listen();
  const pool = new Pool(url);
  try {
    server.region.setFaults([{ kind: 'down', factor: 1, latency: 0 }]);
    const err = await pool.request({ path: '/play', method: 'GET' }).then(() => null, (e: Error) => e);
    assert.ok(err, 'expected the request to fail');
    assert.is(server.answered.reset, 1);
  } finally {
    await pool.destroy();
    await server.close();
    clock.stop();
  }
});

test('the transport: one-way latency each way, Retry-After to the µs, and the client\'s deadline', async () => {
  const { clock, server } = region({ serviceTime: () => 300 * MS, meanService: 300 * MS, queueLimit: 0 });
  const url = await server.listen();
  const transport = new HttpPlayTransport(clock, { lab: { url, oneWay: 20 * MS } });
  try {
    const send = (deadlineIn: number) => new Promise<{ r: unknown; at: number; from: number }>((resolve) => {
      const from = clock.now();
      transport.request('lab', { viewer: 1, deadline: from + deadlineIn }, (r) => resolve({ r, at: clock.now(), from }));
    });
    const [timedOut, shed] = await Promise.all([send(150 * MS), (async () => { await new Promise((r) => setTimeout(r, 60)); return send(5 * SEC); })()]);
    // The first is in service for 300 ms; its client gives up at its 150 ms deadline.
    assert.equal(timedOut.r, { ok: false, error: 'timeout' });
    assert.ok(timedOut.at - timedOut.from >= 150 * MS, String(timedOut.at - timedOut.from));
    // The second finds the only worker busy and no queue: a 503 with an appointment, heard after two one-way trips.
    const r = shed.r as { ok: true; res: { status: number; retryAfter: number; load: number } };
    assert.is(r.res.status, 503);
    assert.is(r.res.retryAfter, SEC);
    assert.ok(shed.at - shed.from >= 40 * MS, String(shed.at - shed.from));
    await new Promise((res) => setTimeout(res, 300));
    assert.is(server.answered.clientGone, 1);
    assert.equal({ ...transport.stats, badBody: 0 }, { sent: 2, ok: 0, shed: 1, timeouts: 1, refused: 0, badBody: 0 });
  } finally {
    await transport.close();
    await server.close();
    clock.stop();
  }
});

test.run();
