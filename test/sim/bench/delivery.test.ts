/**
 * The delivery bench on a small CDN: its figures hang together (no timing is asserted: a bench
 * prints figures, it does not pass or fail on a machine's speed).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { benchDelivery } from '../../../sim/bench/delivery.ts';
import { ScenarioError } from '../../../scenarios/problems.ts';

const SMALL = ['topology.cdn.sites=40', 'duration=40s', 'audience.uniqueViewers=20k', 'audience.peakConcurrent=15k'];

test('figures of the steady window: work, leverage of cohorts and the 150-minute projection agree', async () => {
  const r = await benchDelivery({ sets: SMALL, steadyFromSec: 25, runs: 1 });
  assert.is(r.name, 'delivery');
  assert.equal([r.sites, r.edges, r.phases, r.runs], [40, 120, 2, 1]);
  assert.equal(r.windowSec, [25, 40]);
  assert.equal(r.runsMsPerSimSec, [r.msPerSimSec]);
  assert.ok(r.msPerSimSec > 0 && r.cohorts > 0 && r.cohortRequestsPerSec > 0);
  // Every cohort holds at least one viewer, and here they hold many.
  assert.ok(r.viewerRequestsPerSec > 5 * r.cohortRequestsPerSec, JSON.stringify(r));
  assert.ok(Math.abs(r.event150MinDeliveryMin - (r.msPerSimSec * 9000) / 60_000) <= 0.1, JSON.stringify(r));
});

test('an empty window is refused before anything runs', async () => {
  let err: unknown;
  try {
    await benchDelivery({ sets: SMALL, steadyFromSec: 40, runs: 1 });
  } catch (e) {
    err = e;
  }
  // A scenario problem (the CLI's `--set duration=...` reaches it): exit 2, naming the field.
  assert.instance(err, ScenarioError);
  assert.match(String(err), /--set: duration: the bench times the window from 40 s on, so the run must be longer; got 40 s/);
});

test.run();
