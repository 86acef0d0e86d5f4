/**
 * One request over a network link as sim models it, for any carrier: one-way latency before the
 * request leaves and again before its answer is heard, and the client's deadline over the whole of
 * it. The HTTP transport carries the request over a socket; tests carry it to an in-process region on
 * the simulation kernel; both go through here, so both time requests alike.
 */
import type { Clock, TransportResult } from '../../models/ports.ts';

/** Failures a link reports: the client's own deadline, or a connection that was refused or reset. */
export const TIMEOUT = 'timeout';
export const REFUSED = 'refused';

/**
 * Sends after `oneWay` µs by calling `carry(heard, signal)`; whatever the carrier passes to `heard`
 * reaches `reply` `oneWay` µs later, unless `deadline` (µs, absolute) comes first: then `reply` gets
 * `timeout` and `signal` aborts (the carrier should drop the request). `reply` is called once.
 */
export function overLink<Res>(
  clock: Clock, oneWay: number, deadline: number,
  carry: (heard: (r: TransportResult<Res>) => void, signal: AbortSignal) => void,
  reply: (r: TransportResult<Res>) => void,
): void {
  const abort = new AbortController();
  let done = false;
  const timer = clock.after(Math.max(0, deadline - clock.now()), () => {
    if (done) return;
    done = true;
    abort.abort();
    reply({ ok: false, error: TIMEOUT });
  });
  const finish = (r: TransportResult<Res>) => {
    if (done) return;
    done = true;
    clock.cancel(timer);
    reply(r);
  };
  clock.after(oneWay, () => {
    if (done) return;
    carry((r) => {
      if (!done) clock.after(oneWay, () => finish(r));
    }, abort.signal);
  });
}
