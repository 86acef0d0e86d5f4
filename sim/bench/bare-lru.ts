/**
 * The least an exact LRU can do on the cache benchmark's trace, as a yardstick for the edge cache: ids
 * indexed directly (an Int32Array over the whole catalogue), the list in three Int32Arrays of
 * `capacity` (prev, next, id), unit sizes, no expiry, everything inline in one loop. It is not a cache
 * the simulation could use (no TTLs, no sizes, ids bounded by the catalogue), but it runs on the same
 * machine, on the same trace, at the same moment, so `bench cache` can say what share of this
 * machine's ceiling the edge cache reaches. The ceiling moves: this loop measured 9-21M requests/s
 * here on 2026-12-07, where the delivery issue quotes ~33M for a typed-array LRU, and the cache's own
 * rate moves with it.
 *
 * Both are exact LRU, so on one trace they hit exactly as often: the benchmark checks that.
 */

/** Serves `trace` (ids 1..objects) from an empty LRU of `capacity` objects; returns the hits and the seconds taken. */
export function bareLruRun(trace: Int32Array, objects: number, capacity: number): { hits: number; seconds: number } {
  const index = new Int32Array(objects + 1).fill(-1);
  const ids = new Int32Array(capacity);
  const prev = new Int32Array(capacity);
  const next = new Int32Array(capacity);
  let head = -1;
  let tail = -1;
  let used = 0;
  let hits = 0;
  const n = trace.length;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const id = trace[i]!;
    let s = index[id]!;
    if (s >= 0) {
      hits++;
      if (s === head) continue;
      const p = prev[s]!;
      const q = next[s]!;
      next[p] = q;
      if (q >= 0) prev[q] = p;
      else tail = p;
    } else {
      if (used < capacity) s = used++;
      else {
        s = tail;
        tail = prev[s]!;
        if (tail >= 0) next[tail] = -1;
        else head = -1; // capacity 1: the victim was the head too
        index[ids[s]!] = -1;
      }
      ids[s] = id;
      index[id] = s;
      if (tail < 0) tail = s;
    }
    prev[s] = -1;
    next[s] = head;
    if (head >= 0) prev[head] = s;
    head = s;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { hits, seconds };
}
