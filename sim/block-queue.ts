/**
 * The kernel's pending-event set: a priority queue ordered by (time, sequence number), so events at
 * the same instant leave in the order they were scheduled and a run repeats byte for byte.
 *
 * Design: a ladder queue (Tang, Goh & Thng 2005) whose bottom is a small heap, with every event
 * stored inline — its (time, seq, kind, arg), 32 bytes — in fixed-size blocks chained per bucket.
 * - Rung 0 is a calendar laid over the pending events at about PER_BUCKET events per bucket at the
 *   rate events have been popping; events past its end wait in an overflow chain. A push appends to
 *   the tail block of its bucket: one line of event data and one of bucket header.
 * - When the heap empties, the next non-empty bucket is poured into it, read front to back; a crowded
 *   bucket (a burst at one instant, or a calendar laid too coarse) is split into a finer rung instead,
 *   down to 1 µs buckets. When rung 0 is spent it is laid anew over the overflow, whose extent is kept
 *   as it fills.
 * - Only the 4-ary heap orders events, keyed (time, seq), so the order is exact whatever the buckets
 *   do. Sequence numbers come from the caller (the kernel's count of events set).
 * - Nothing is allocated per event: blocks come from a free list, and every array grows by doubling.
 *
 * Why inline blocks: at full scale the pending set is tens of millions of events (every viewer waiting
 * out a backoff holds one). The previous queue kept each event in a slot of eight parallel arrays
 * linked into its bucket by index — exact cancellation, but some ten cache and TLB misses per event
 * once the slots outgrow the caches. Kernel hold bench (Exp(1 s) increments, 10M events): slot queue
 * 7.2M events/s at 100k pending, 2.1M at 1M, 1.2M at 10M; this queue 6.7M, 4.4M and 1.6M. Earlier
 * measurements of the alternatives at 100k pending: one 4-ary heap holding everything 2.7-3.7M/s,
 * binary heap ~4.1M, radix heap ~4.7M.
 *
 * There is no `cancel`: hot-path handlers check on firing whether their event still counts, and the
 * kernel's few cancellable timers (`after`) skip their cancelled events when they pop (timers.ts).
 */

/** Events per block: a bucket's chain grows by blocks, and a half-filled tail block is the waste. */
const BLOCK = 8;
/** Doubles per event: time, seq, kind, arg. */
const W = 4;
/** List 0 is the overflow; rung r's bucket b is list `rungBase[r] + b`. */
const OVERFLOW = 0;
const MAX_RUNGS = 8;
/** A bucket holding more events than this is split into a finer rung rather than poured whole. */
const SPLIT_ABOVE = 64;
/** Target events per bucket when a rung is laid (about half a block: the tail block's waste). */
const PER_BUCKET = 16;
const HIST_BINS = 256;
/** Cap on rung-0 buckets per overflow event: bounds the walk over empty buckets and the list table. */
const MAX_BUCKETS_PER_EVENT = 1 / 8;

/**
 * A priority queue of `(time, seq, kind, arg)` events, earliest (time, seq) first. `pop` fills `time`,
 * `seq`, `kind` and `arg`; nothing is allocated per event.
 */
export class BlockQueue {
  time = 0;
  seq = 0;
  kind = 0;
  arg = 0;

  /** Block storage: block k holds events [k * BLOCK, (k + 1) * BLOCK), W doubles each. */
  private ev: Float64Array;
  private blockNext: Int32Array;
  private freeBlocks: Int32Array;
  private freeTop = 0;
  private blocksUsed = 0;
  private blockCap: number;
  private live = 0;

  /** Per list: head block, tail block, events in the tail block (-1 head: empty). */
  private lists: Int32Array = new Int32Array(64 * 3).fill(-1);

  /** The heap, W doubles per entry. */
  private heap: Float64Array;
  private n = 0;

  private rungs = 0;
  private readonly rungStart = new Float64Array(MAX_RUNGS);
  private readonly rungWidth = new Float64Array(MAX_RUNGS);
  private readonly rungInv = new Float64Array(MAX_RUNGS);
  private readonly rungBuckets = new Int32Array(MAX_RUNGS);
  private readonly rungBase = new Int32Array(MAX_RUNGS);
  private readonly rungCur = new Int32Array(MAX_RUNGS);
  private readonly hist = new Int32Array(HIST_BINS);
  private popsSinceRebuild = 0;
  private rebuiltAt = 0;
  /** The overflow's earliest and latest times and size, kept as it fills so a rebuild need not scan for them. */
  private ovMin = Infinity;
  private ovMax = -Infinity;
  private ovCount = 0;

  /** @param capacity events to make room for up front; storage doubles as needed. */
  constructor(capacity = 1024) {
    this.blockCap = Math.max(4, Math.ceil(capacity / BLOCK));
    this.ev = new Float64Array(this.blockCap * BLOCK * W);
    this.blockNext = new Int32Array(this.blockCap);
    this.freeBlocks = new Int32Array(this.blockCap);
    this.heap = new Float64Array(256 * W);
  }

  /** Number of pending events. */
  get size(): number {
    return this.live;
  }

  /** Time of the earliest pending event, or Infinity when there is none. */
  peekTime(): number {
    if (this.n === 0) {
      if (this.live === 0) return Infinity;
      this.refill();
    }
    return this.heap[0]!;
  }

  /** Sequence number of the earliest pending event (call after `peekTime` returned a finite time). */
  peekSeq(): number {
    return this.heap[1]!;
  }

  /** Add an event; `seq` orders it among events at the same time and must be unique. */
  push(time: number, seq: number, kind: number, arg: number): void {
    this.live++;
    if (this.rungs === 0) {
      this.append(OVERFLOW, time, seq, kind, arg);
      return;
    }
    const b = Math.floor((time - this.rungStart[0]!) * this.rungInv[0]!);
    const cur = this.rungCur[0]!;
    if (b > cur) this.append(b < this.rungBuckets[0]! ? this.rungBase[0]! + b : OVERFLOW, time, seq, kind, arg);
    else if (b === cur && this.rungs > 1) this.pushDeep(time, seq, kind, arg);
    else this.heapPush(time, seq, kind, arg);
  }

  /** Remove the earliest event into `time`, `seq`, `kind`, `arg`; false when empty. */
  pop(): boolean {
    if (this.n === 0) {
      if (this.live === 0) return false;
      this.refill();
    }
    const h = this.heap;
    this.time = h[0]!;
    this.seq = h[1]!;
    this.kind = h[2]!;
    this.arg = h[3]!;
    this.live--;
    this.popsSinceRebuild++;
    const last = --this.n;
    if (last > 0) {
      const o = last * W;
      this.siftDown(h[o]!, h[o + 1]!, h[o + 2]!, h[o + 3]!);
    }
    return true;
  }

  /** Drop every pending event. */
  clear(): void {
    this.n = 0;
    this.rungs = 0;
    this.live = 0;
    this.freeTop = 0;
    this.blocksUsed = 0;
    this.lists.fill(-1);
    this.ovMin = Infinity;
    this.ovMax = -Infinity;
    this.ovCount = 0;
  }

  private pushDeep(time: number, seq: number, kind: number, arg: number): void {
    for (let r = 1; r < this.rungs; r++) {
      const last = this.rungBuckets[r]! - 1;
      let b = Math.floor((time - this.rungStart[r]!) * this.rungInv[r]!);
      b = b < 0 ? 0 : b > last ? last : b;
      const cur = this.rungCur[r]!;
      if (b > cur) {
        this.append(this.rungBase[r]! + b, time, seq, kind, arg);
        return;
      }
      if (b < cur) break;
    }
    this.heapPush(time, seq, kind, arg);
  }

  // ---- blocks and lists ----------------------------------------------------------------------

  private allocBlock(): number {
    let k: number;
    if (this.freeTop > 0) k = this.freeBlocks[--this.freeTop]!;
    else {
      k = this.blocksUsed++;
      if (k === this.blockCap) this.grow();
    }
    this.blockNext[k] = -1;
    return k;
  }

  private append(list: number, time: number, seq: number, kind: number, arg: number): void {
    if (list === OVERFLOW) {
      if (time < this.ovMin) this.ovMin = time;
      if (time > this.ovMax) this.ovMax = time;
      this.ovCount++;
    }
    const L = this.lists;
    const i = list * 3;
    let tail = L[i + 1]!;
    let fill = L[i + 2]!;
    if (L[i]! < 0) {
      tail = this.allocBlock();
      L[i] = tail;
      L[i + 1] = tail;
      fill = 0;
    } else if (fill === BLOCK) {
      const k = this.allocBlock();
      this.blockNext[tail] = k;
      L[i + 1] = k;
      tail = k;
      fill = 0;
    }
    L[i + 2] = fill + 1;
    const o = (tail * BLOCK + fill) * W;
    const ev = this.ev;
    ev[o] = time;
    ev[o + 1] = seq;
    ev[o + 2] = kind;
    ev[o + 3] = arg;
  }

  /** Events in list `id` (a walk over its blocks, not its events). */
  private countList(id: number): number {
    const L = this.lists;
    let k = L[id * 3]!;
    if (k < 0) return 0;
    const tail = L[id * 3 + 1]!;
    let count = 0;
    while (k !== tail) {
      count += BLOCK;
      k = this.blockNext[k]!;
    }
    return count + L[id * 3 + 2]!;
  }

  private resetLists(from: number, to: number): void {
    if (this.lists.length < to * 3) {
      const bigger = new Int32Array(Math.max(to * 3, 2 * this.lists.length));
      bigger.set(this.lists);
      bigger.fill(-1, this.lists.length);
      this.lists = bigger;
    }
    this.lists.fill(-1, from * 3, to * 3);
  }

  /**
   * Move every event of list `id` (emptied) to the heap (`dest` < 0), or to the rung-`dest`
   * buckets; frees its blocks. Events leave in list order, so equal keys keep their order.
   */
  private drainList(id: number, dest: number): void {
    const L = this.lists;
    let k = L[id * 3]!;
    const tail = L[id * 3 + 1]!;
    const tailFill = L[id * 3 + 2]!;
    L[id * 3] = -1;
    const start = dest >= 0 ? this.rungStart[dest]! : 0;
    const inv = dest >= 0 ? this.rungInv[dest]! : 0;
    const base = dest >= 0 ? this.rungBase[dest]! : 0;
    const last = dest >= 0 ? this.rungBuckets[dest]! - 1 : 0;
    while (k >= 0) {
      const count = k === tail ? tailFill : BLOCK;
      const end = (k * BLOCK + count) * W;
      for (let o = k * BLOCK * W; o < end; o += W) {
        // Re-read: an append may have grown the storage.
        const ev = this.ev;
        const t = ev[o]!;
        if (dest < 0) this.heapPush(t, ev[o + 1]!, ev[o + 2]!, ev[o + 3]!);
        else {
          let b = Math.floor((t - start) * inv);
          b = b < 0 ? 0 : b > last ? last : b;
          this.append(base + b, t, ev[o + 1]!, ev[o + 2]!, ev[o + 3]!);
        }
      }
      const next = k === tail ? -1 : this.blockNext[k]!;
      this.freeBlocks[this.freeTop++] = k;
      k = next;
    }
  }

  // ---- the ladder ----------------------------------------------------------------------------

  /** The heap is empty but events are pending: pour (or split) the next non-empty bucket. */
  private refill(): void {
    for (;;) {
      if (this.rungs === 0) this.rebuild();
      const r = this.rungs - 1;
      const base = this.rungBase[r]!;
      const buckets = this.rungBuckets[r]!;
      const L = this.lists;
      let b = this.rungCur[r]! + 1;
      while (b < buckets && L[(base + b) * 3]! < 0) b++;
      this.rungCur[r] = b;
      if (b === buckets) {
        this.rungs--;
        continue;
      }
      const width = this.rungWidth[r]!;
      const count = width > 1 && this.rungs < MAX_RUNGS ? this.countList(base + b) : 0;
      if (count > SPLIT_ABOVE) {
        this.split(r, b, Math.max(1, Math.floor((width * PER_BUCKET) / count)));
        continue;
      }
      this.drainList(base + b, -1);
      return;
    }
  }

  /** Lay rung r + 1 over bucket b of rung r, `width` µs per bucket, and move the bucket into it. */
  private split(r: number, b: number, width: number): void {
    const c = r + 1;
    const parentWidth = this.rungWidth[r]!;
    const buckets = Math.ceil(parentWidth / width);
    const base = this.rungBase[r]! + this.rungBuckets[r]!;
    this.resetLists(base, base + buckets);
    this.rungStart[c] = this.rungStart[r]! + b * parentWidth;
    this.rungWidth[c] = width;
    this.rungInv[c] = 1 / width;
    this.rungBuckets[c] = buckets;
    this.rungBase[c] = base;
    this.rungCur[c] = -1;
    this.rungs = c + 1;
    this.drainList(this.rungBase[r]! + b, c);
  }

  /**
   * Every rung is spent: lay a new rung 0 over the overflow, starting at its earliest event.
   *
   * Width: about PER_BUCKET events per bucket at the density events will be popped at: the rate they
   * have been popping, or before there is one, the density of the earlier half of the overflow (found
   * with a coarse histogram). Either beats the average over the whole span, which far-future events
   * would stretch; a guess too coarse for a burst is corrected by splitting crowded buckets.
   * Length: at most MAX_BUCKETS_PER_EVENT buckets per overflow event, which bounds the walk over empty
   * buckets; events past the last bucket stay in the overflow, but the rung always reaches past the
   * earlier half of the span, so rescans cost O(1) per event.
   */
  private rebuild(): void {
    const L = this.lists;
    const ev = this.ev;
    const tmin = this.ovMin;
    const tmax = this.ovMax;
    const count = this.ovCount;
    if (!Number.isFinite(tmin) || !Number.isFinite(tmax)) {
      throw new RangeError('BlockQueue: pending events with non-finite times');
    }
    const tail = L[OVERFLOW * 3 + 1]!;
    const tailFill = L[OVERFLOW * 3 + 2]!;
    const span = tmax - tmin + 1;
    const elapsed = this.time - this.rebuiltAt;
    const history = this.popsSinceRebuild >= 64 && elapsed > 0;
    let headSpan = span / 2;
    let headCount = count / 2;
    if (!history) {
      const hist = this.hist.fill(0);
      const scale = HIST_BINS / span;
      for (let k = L[OVERFLOW * 3]!; k >= 0; k = k === tail ? -1 : this.blockNext[k]!) {
        const end = (k * BLOCK + (k === tail ? tailFill : BLOCK)) * W;
        for (let o = k * BLOCK * W; o < end; o += W) hist[Math.min(HIST_BINS - 1, Math.floor((ev[o]! - tmin) * scale))]!++;
      }
      let bin = 0;
      headCount = hist[0]!;
      while (headCount * 2 < count) headCount += hist[++bin]!;
      headSpan = ((bin + 1) * span) / HIST_BINS;
    }

    const density = history ? this.popsSinceRebuild / elapsed : headCount / headSpan;
    const maxBuckets = Math.floor(MAX_BUCKETS_PER_EVENT * count) + 16;
    const width = Math.max(1, Math.floor(PER_BUCKET / density), Math.ceil(headSpan / maxBuckets));
    this.rebuiltAt = this.time;
    this.popsSinceRebuild = 0;

    const inv = 1 / width;
    const buckets = Math.min(Math.floor((tmax - tmin) * inv) + 1, maxBuckets);
    // The overflow is read into rung 0 and whatever lies past it into a fresh overflow: detach the
    // old chain first, so appends to the new one never meet it.
    const base = OVERFLOW + 1;
    const head = L[OVERFLOW * 3]!;
    L[OVERFLOW * 3] = -1;
    this.ovMin = Infinity;
    this.ovMax = -Infinity;
    this.ovCount = 0;
    this.resetLists(base, base + buckets);
    this.rungStart[0] = tmin;
    this.rungWidth[0] = width;
    this.rungInv[0] = inv;
    this.rungBuckets[0] = buckets;
    this.rungBase[0] = base;
    this.rungCur[0] = -1;
    this.rungs = 1;
    for (let k = head; k >= 0; ) {
      const end = (k * BLOCK + (k === tail ? tailFill : BLOCK)) * W;
      for (let o = k * BLOCK * W; o < end; o += W) {
        const t = this.ev[o]!;
        const b = Math.floor((t - tmin) * inv);
        const e = this.ev;
        this.append(b < buckets ? base + b : OVERFLOW, t, e[o + 1]!, e[o + 2]!, e[o + 3]!);
      }
      const next = k === tail ? -1 : this.blockNext[k]!;
      this.freeBlocks[this.freeTop++] = k;
      k = next;
    }
  }

  // ---- the heap ------------------------------------------------------------------------------

  private heapPush(time: number, seq: number, kind: number, arg: number): void {
    if ((this.n + 1) * W > this.heap.length) {
      const bigger = new Float64Array(this.heap.length * 2);
      bigger.set(this.heap);
      this.heap = bigger;
    }
    const h = this.heap;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const po = p * W;
      const pt = h[po]!;
      if (pt < time || (pt === time && h[po + 1]! < seq)) break;
      const o = i * W;
      h[o] = pt;
      h[o + 1] = h[po + 1]!;
      h[o + 2] = h[po + 2]!;
      h[o + 3] = h[po + 3]!;
      i = p;
    }
    const o = i * W;
    h[o] = time;
    h[o + 1] = seq;
    h[o + 2] = kind;
    h[o + 3] = arg;
  }

  /** Place (time, seq, kind, arg) at the root or below it. */
  private siftDown(time: number, seq: number, kind: number, arg: number): void {
    const h = this.heap;
    const n = this.n;
    let i = 0;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= n) break;
      let m = c;
      let mt = h[c * W]!;
      let ms = h[c * W + 1]!;
      const end = c + 4 < n ? c + 4 : n;
      for (let j = c + 1; j < end; j++) {
        const jt = h[j * W]!;
        if (jt < mt || (jt === mt && h[j * W + 1]! < ms)) {
          m = j;
          mt = jt;
          ms = h[j * W + 1]!;
        }
      }
      if (time < mt || (time === mt && seq < ms)) break;
      const o = i * W;
      const mo = m * W;
      h[o] = mt;
      h[o + 1] = ms;
      h[o + 2] = h[mo + 2]!;
      h[o + 3] = h[mo + 3]!;
      i = m;
    }
    const o = i * W;
    h[o] = time;
    h[o + 1] = seq;
    h[o + 2] = kind;
    h[o + 3] = arg;
  }

  private grow(): void {
    const cap = this.blockCap * 2;
    const ev = new Float64Array(cap * BLOCK * W);
    ev.set(this.ev);
    this.ev = ev;
    const next = new Int32Array(cap);
    next.set(this.blockNext);
    this.blockNext = next;
    const free = new Int32Array(cap);
    free.set(this.freeBlocks);
    this.freeBlocks = free;
    this.blockCap = cap;
  }
}
