/** Metrics from player threads reach the run's timeline: DeltaRecorder in a thread, MetricSink in the host. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { RunRecorder } from '../../../sim/record/recorder.ts';
import { DeltaRecorder } from '../../../pipeline/record/delta-recorder.ts';
import { MetricSink } from '../../../pipeline/record/metric-sink.ts';

const info = { unit: 'x', panel: 'control' };

function declare(r: { counter: RunRecorder['counter']; gauge: RunRecorder['gauge']; histogram: RunRecorder['histogram'] }) {
  return { req: r.counter('req', info), watching: r.gauge('watching', info), forecast: r.gauge('forecast', info), lat: r.histogram('latMs', info) };
}

test('take() hands over what happened since the last take, and only gauges the thread touched', () => {
  const d = new DeltaRecorder();
  const m = declare(d);
  m.req.add();
  m.req.add(2);
  m.watching.add(5);
  m.lat.record(10);
  const first = d.take();
  assert.equal([...first.counters], [3]);
  assert.equal([...first.gauges], [0, 5]);
  assert.equal([...first.histograms[0]], [10]);
  const second = d.take();
  assert.equal([...second.counters], [0]);
  assert.equal([...second.gauges], [0, 5]);
  assert.equal([...second.histograms[0]], []);
  assert.equal(d.metricNames(), { counters: ['req'], gauges: ['watching', 'forecast'], histograms: ['latMs'] });
});

test('the sink adds counters, sums gauge levels across threads, records histogram values; the row shows it', () => {
  const run = new RunRecorder();
  const sink = new MetricSink(run);
  const host = declare(sink);
  const threads = [new DeltaRecorder(), new DeltaRecorder()];
  const tm = threads.map(declare);
  threads.forEach((t, i) => sink.addSource(i, t.metricNames()));
  const file = join(mkdtempSync(join(tmpdir(), 'livetwin-sink-')), 'timeline.arrow');
  run.open(file, {}, 60);
  host.forecast.set(100);
  host.req.add(1);
  tm[0].req.add(2);
  tm[1].req.add(3);
  tm[0].watching.set(4);
  tm[1].watching.set(6);
  tm[0].lat.record(5);
  tm[1].lat.record(7);
  threads.forEach((t, i) => sink.apply(i, t.take()));
  run.closeInterval(1);
  tm[0].watching.set(1); // thread 0 now has 1 watching; thread 1 says nothing new
  threads.forEach((t, i) => sink.apply(i, t.take()));
  run.closeInterval(2);
  run.close();
  const t = tableFromIPC(readFileSync(file));
  assert.equal([...t.getChild('req')!.toArray()], [6, 0]);
  assert.equal([...t.getChild('watching')!.toArray()], [10, 7]);
  assert.equal([...t.getChild('forecast')!.toArray()], [100, 100]);
  assert.is(run.total('req'), 6);
  assert.is(run.summarize('latMs').count, 2);
});

test('a thread reporting a metric the host never declared is an error, not a lost column', () => {
  const sink = new MetricSink(new RunRecorder());
  assert.throws(() => sink.addSource(0, { counters: ['nope'], gauges: [], histograms: [] }), /never declared/);
});

test.run();
