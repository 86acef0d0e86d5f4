/**
 * The buffer over one fetch cycle: exact numbers on short sequences (fast, slow, failed fetches; stalls
 * and the way back to the live edge; interruption), and properties over random sequences: media and
 * wall time are conserved, and only a stall adds to latency.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { afterFetch, FetchOutcome, INTERRUPTED, joinLive, PLAYING, rebufferRatio } from '../../../models/player/buffer.ts';
import { playbackParams } from '../../../models/player/playback.ts';
import { MS, SEC } from '../../../models/time.ts';

const p = playbackParams(); // D 2 s, target 6 s, give up after 10 s, slow above 1 D
const out = new FetchOutcome();

/** One cycle from an explicit state, copied out of the reused object. */
const cycle = (buffer: number, lag: number, stall: number, errorRun: number, fetchTime: number, ok: boolean) =>
  ({ ...afterFetch(buffer, lag, stall, errorRun, fetchTime, ok, p, out) });

/** Runs fetches from `start`, feeding each outcome's state into the next call. */
function run(start: FetchOutcome, fetches: ReadonlyArray<[fetchTime: number, ok: boolean]>): FetchOutcome[] {
  const s = { ...start };
  const seen: FetchOutcome[] = [];
  for (const [f, ok] of fetches) {
    const o = { ...afterFetch(s.buffer, s.lag, s.stall, s.errorRun, f, ok, p, new FetchOutcome()) };
    seen.push(o);
    if (o.next === INTERRUPTED) break;
    Object.assign(s, o);
  }
  return seen;
}

test('a viewer joins at the live edge with the target buffer', () => {
  assert.equal({ ...joinLive(p, new FetchOutcome()) }, {
    next: PLAYING, after: 0, buffer: 6 * SEC, lag: 0, stall: 0, errorRun: 0, rebuffer: 0, played: 0, slow: false,
  });
});

test('a fetch faster than D keeps the buffer where it was and waits for the next segment', () => {
  assert.equal(cycle(6 * SEC, 0, 0, 0, 500 * MS, true), {
    next: PLAYING, after: 2 * SEC, buffer: 6 * SEC, lag: 0, stall: 0, errorRun: 0, rebuffer: 0, played: 2 * SEC, slow: false,
  });
});

test('a fetch slower than D drains the buffer, leaves the player behind, and it catches up back to back', () => {
  const [slow, fast] = run({ ...joinLive(p, new FetchOutcome()) }, [[3 * SEC, true], [500 * MS, true]]);
  assert.equal(slow, {
    next: PLAYING, after: 3 * SEC, buffer: 5 * SEC, lag: SEC, stall: 0, errorRun: 0, rebuffer: 0, played: 3 * SEC, slow: true,
  });
  // The next segment was published 1 s ago: it waits only until the one after is due, 1 s after the request.
  assert.equal(fast, {
    next: PLAYING, after: SEC, buffer: 6 * SEC, lag: 0, stall: 0, errorRun: 0, rebuffer: 0, played: SEC, slow: false,
  });
});

test('an empty buffer freezes the picture until the segment arrives; catching up refills it', () => {
  const seen = run({ ...new FetchOutcome(), buffer: SEC }, [[3 * SEC, true], [500 * MS, true], [500 * MS, true]]);
  assert.equal(seen.map((o) => [o.after, o.rebuffer, o.played, o.buffer, o.lag]), [
    [3 * SEC, 2 * SEC, SEC, 2 * SEC, SEC],
    [SEC, 0, SEC, 3 * SEC, 0], // one back-to-back fetch: the buffer gains what the stall cost in latency
    [2 * SEC, 0, 2 * SEC, 3 * SEC, 0],
  ]);
});

test('failed fetches add nothing: the buffer drains, then freezes, and the viewer stops after 10 s of errors', () => {
  const seen = run({ ...joinLive(p, new FetchOutcome()) }, Array(8).fill([100 * MS, false]));
  assert.equal(seen.map((o) => [o.next, o.after, o.buffer, o.stall, o.errorRun, o.rebuffer]), [
    [PLAYING, 2 * SEC, 4 * SEC, 0, 2 * SEC, 0],
    [PLAYING, 2 * SEC, 2 * SEC, 0, 4 * SEC, 0],
    [PLAYING, 2 * SEC, 0, 0, 6 * SEC, 0],
    [PLAYING, 2 * SEC, 0, 2 * SEC, 8 * SEC, 2 * SEC],
    [INTERRUPTED, 2 * SEC, 0, 4 * SEC, 10 * SEC, 2 * SEC],
  ]);
  const watched = seen.reduce((a, o) => [a[0] + o.played, a[1] + o.rebuffer], [0, 0]);
  assert.equal(watched, [6 * SEC, 4 * SEC]);
  assert.equal(rebufferRatio(watched[0], watched[1]), 0.4);
});

test('a timeout as long as stallGiveUp ends playback when it is known', () => {
  assert.equal(cycle(6 * SEC, 0, 0, 0, 10 * SEC, false), {
    next: INTERRUPTED, after: 10 * SEC, buffer: 0, lag: 10 * SEC, stall: 4 * SEC, errorRun: 10 * SEC,
    rebuffer: 4 * SEC, played: 6 * SEC, slow: false,
  });
});

test('a stall longer than stallGiveUp stops the viewer the moment it reaches it', () => {
  // Frozen for 8 s already: a segment 5 s away is 3 s too late; the viewer leaves 2 s into the wait.
  const late = cycle(0, 0, 8 * SEC, 0, 5 * SEC, true);
  assert.equal([late.next, late.after, late.rebuffer, late.played, late.stall], [INTERRUPTED, 2 * SEC, 2 * SEC, 0, 10 * SEC]);
  // Arriving exactly as the stall reaches 10 s is in time.
  const justInTime = cycle(0, 0, 8 * SEC, 0, 2 * SEC, true);
  assert.equal([justInTime.next, justInTime.after, justInTime.rebuffer, justInTime.buffer, justInTime.stall], [PLAYING, 2 * SEC, 2 * SEC, 2 * SEC, 0]);
  // From 3 s of buffer, a 15 s fetch: plays 3 s, freezes 10 s, leaves at 13 s.
  const slow = cycle(3 * SEC, 0, 0, 0, 15 * SEC, true);
  assert.equal([slow.next, slow.after, slow.played, slow.rebuffer], [INTERRUPTED, 13 * SEC, 3 * SEC, 10 * SEC]);
});

test('a success ends the error run and the stall', () => {
  const o = cycle(0, 4 * SEC, 3 * SEC, 8 * SEC, SEC, true);
  assert.equal([o.next, o.after, o.buffer, o.lag, o.stall, o.errorRun, o.rebuffer], [PLAYING, SEC, 2 * SEC, 3 * SEC, 0, 0, SEC]);
});

test('rebufferRatio', () => {
  assert.equal(rebufferRatio(30 * SEC, 10 * SEC), 0.25);
  assert.equal(rebufferRatio(0, 0), 0);
});

const fetchArb = fc.tuple(fc.integer({ min: 0, max: 12 * SEC }), fc.boolean());
const startArb = fc.record({ buffer: fc.integer({ min: 0, max: 20 * SEC }), lag: fc.integer({ min: 0, max: 10 * SEC }) });

test('property: media and wall time are conserved, and only stalls add to latency', () => {
  fc.assert(
    fc.property(startArb, fc.array(fetchArb, { minLength: 1, maxLength: 40 }), (start, fetches) => {
      let s = { buffer: start.buffer, lag: start.lag, stall: 0, errorRun: 0 };
      for (const [f, ok] of fetches) {
        const o = afterFetch(s.buffer, s.lag, s.stall, s.errorRun, f, ok, p, out);
        if (o.rebuffer + o.played !== o.after || o.rebuffer < 0 || o.played < 0) return false;
        // Media: what was buffered plus what arrived is what played plus what is left.
        if (s.buffer + (ok && o.next === PLAYING ? p.segment : 0) !== o.played + o.buffer) return false;
        if (o.next === INTERRUPTED) return o.stall >= p.stallGiveUp || o.errorRun >= p.stallGiveUp;
        // Latency behind live (lag + buffer + const) grows by the rebuffering and nothing else.
        if (o.lag + o.buffer !== s.lag + s.buffer + o.rebuffer) return false;
        if (o.after < (ok ? Math.min(f, p.segment) : p.segment) || o.lag < 0 || o.stall > p.stallGiveUp) return false;
        if (o.slow !== (ok && f > p.segment)) return false;
        s = { buffer: o.buffer, lag: o.lag, stall: o.stall, errorRun: o.errorRun };
      }
      return true;
    }),
    { numRuns: 500 },
  );
});

test('property: a steady player whose fetches are faster than D never rebuffers and stays at its target', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 2 * SEC }), { minLength: 1, maxLength: 50 }), (fetches) => {
      const s = joinLive(p, new FetchOutcome());
      for (const f of fetches) {
        const o = afterFetch(s.buffer, s.lag, s.stall, s.errorRun, f, true, p, out);
        if (o.rebuffer !== 0 || o.buffer !== p.targetBuffer || o.after !== p.segment || o.lag !== 0) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
});

test.run();
