/**
 * Where a connecting device lands: the load balancer in front of the WebSocket proxies picks the less
 * loaded of two proxies drawn at random ("power of two choices"), skipping proxies that are down or
 * full. Two choices keep loads within a few percent of each other at any scale, and a proxy that comes
 * back empty after a crash refills steadily instead of taking a burst.
 */

/**
 * Picks a proxy for one connection. `load[p]` is its connection count, `up[p]` nonzero when it
 * accepts connections, `max` the most it may hold. `u` is uniform [0, 1): its integer part of `u·n`
 * draws the first candidate and the fraction left draws the second, so one draw gives both.
 * Returns -1 when no proxy can take the connection.
 */
export function pickProxy(load: ArrayLike<number>, up: ArrayLike<number>, max: number, u: number): number {
  const n = load.length;
  const x = u * n;
  const a = Math.min(n - 1, Math.floor(x));
  const b = Math.min(n - 1, Math.floor((x - a) * n));
  const okA = up[a] !== 0 && load[a]! < max;
  const okB = up[b] !== 0 && load[b]! < max;
  if (okA && okB) return load[b]! < load[a]! ? b : a;
  if (okA) return a;
  if (okB) return b;
  // Both candidates unavailable (crashes, or a nearly full fleet): the first available proxy after a.
  for (let i = 1; i < n; i++) {
    const p = (a + i) % n;
    if (up[p] !== 0 && load[p]! < max) return p;
  }
  return -1;
}
