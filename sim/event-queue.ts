/**
 * The kernel's pending-event set: a priority queue ordered by (time, insertion sequence), so events
 * at the same instant leave in the order they were scheduled and a run repeats byte for byte.
 *
 * Design: a ladder queue (Tang, Goh & Thng 2005) whose bottom is a small heap.
 * - Events due in the bucket being drained sit in a 4-ary heap keyed by (time, seq), keys inline in
 *   parallel Float64Arrays and moved with the hole technique. Only this heap orders events, so the
 *   (time, seq) order is exact whatever the buckets above it do; they only need to be monotone.
 * - Later events are linked, unsorted, into the bucket of rung 0 (a calendar) their time falls in;
 *   events past its last bucket wait in an overflow list. When the heap empties, the next non-empty
 *   bucket is poured into it; a crowded bucket (a burst of requests at a segment boundary, or a
 *   calendar laid too coarse) is instead split into a finer rung, down to 1 µs buckets. When rung 0
 *   runs out it is laid anew over the overflow, a few events per bucket at the rate events have
 *   been popping. So an event moves a bounded number of times (overflow, a rung or two, heap) and
 *   the heap stays a few entries deep, where one heap holding everything sifts through ~8 levels per
 *   pop at 100k pending, each a likely cache miss and an unpredictable branch.
 * - Per-event data lives in slot arrays (time, seq, kind, arg, generation, location, list links);
 *   a slot comes from a LIFO free list, so the slot a pop frees is the one the next push writes,
 *   still in cache. Lists are doubly linked and heap entries record their position, which makes
 *   `cancel` and `reschedule` exact and O(1)/O(log k) rather than tombstones that pile up.
 * - Nothing is allocated per event: every array is typed and grows by doubling.
 *
 * Measured (throwaway harness; Node 20 on the shared 2-core dev box, so ±20% run to run):
 * - Kernel hold bench (100k pending, 10M events, exponential increments; median of 3, quiet
 *   moments): this ladder 6.8-7.1M events/s; the same without splitting (one calendar rung)
 *   6.2-7.2M/s; one 4-ary heap holding every event, with the cancel index, 2.7-3.7M/s.
 * - Queue alone, hold model, best runs: ladder ~7.5M/s; 4-ary heap with cancel index ~4.2M/s,
 *   binary ~4.1M/s, 8-ary ~3.6M/s; a plain typed-array binary heap without cancel ~4.5M/s; a radix
 *   heap (monotone, FIFO-stable buckets; ~9 moves per event) ~4.7M/s; the 4-ary heap with (time,
 *   seq) interleaved in one array no faster; the slots as 64-byte records in one ArrayBuffer (two
 *   views) ~40% slower than parallel arrays, presumably as V8 must assume the views alias.
 * - Other shapes, ladder vs 4-ary heap: uniform delays 6-7 vs 3.9M/s; 2-s segment requests with
 *   1 ms jitter plus 30-min session ends 3.3-6.7 vs 2.8M/s; a 30-s timeout set and cancelled per
 *   event 3.7-4.2 vs 2.6M/s; all events within 1 µs of now (the heap's best case, the ladder can
 *   only pour) 3.9 vs 4.1M/s; bimodal 1 µs / 1000 s 4-5.5 vs 4.5M/s.
 */

/** Bits of a handle that name the slot: up to 2^26 (67M) events pending at once. */
const SLOT_BITS = 26;
const SLOT_COUNT = 2 ** SLOT_BITS;
const SLOT_MASK = SLOT_COUNT - 1;
/** A handle is gen * 2^26 + slot; 27 bits of generation keep it an exact integer below 2^53. */
const GEN_MASK = 2 ** 27 - 1;

/** `slotLoc` of a free slot; >= 0 is a heap position; <= -2 is a list, coded -2 - listId. */
const FREE = -1;
/** List 0 is the overflow; rung r's bucket b is list `rungBase[r] + b`. */
const OVERFLOW = 0;
/** Rungs at most; a split divides a bucket at least sixteenfold, and a full ladder falls back on the heap. */
const MAX_RUNGS = 8;
/** A bucket holding more events than this is split into a finer rung rather than poured whole. */
const SPLIT_ABOVE = 32;
/**
 * Target events per bucket when a rung is laid: few enough that the heap stays shallow, enough that
 * the walk over empty buckets stays cheap. 1, 2 and 4 measured within noise of each other.
 */
const PER_BUCKET = 2;
/** Resolution of the histogram a rebuild uses to find the earlier half of the overflow. */
const HIST_BINS = 256;
/** Cap on rung-0 buckets per overflow event: bounds the walk over empty buckets and the list table. */
const MAX_BUCKETS_PER_EVENT = 4;

/** The slot a handle refers to (whether or not the handle is still live). */
export const slotOf = (handle: number): number => handle & SLOT_MASK;

/**
 * A priority queue of `(time, kind, arg)` events, earliest first, FIFO among equal times.
 *
 * Times must be finite (the kernel passes integer microseconds). `pop` does not return an object:
 * it fills `time`, `kind`, `arg` and `handle` with the popped event, so the kernel's hot loop
 * allocates nothing.
 */
export class EventQueue {
  /** Time of the event last popped. */
  time = 0;
  /** Kind (handler id) of the event last popped. */
  kind = 0;
  /** Argument of the event last popped. */
  arg = 0;
  /** Handle of the event last popped; no longer live, but lets a caller find the slot's side data. */
  handle = -1;

  // Slots, indexed by slot number.
  private slotTime: Float64Array;
  private slotSeq: Float64Array;
  private slotKind: Int32Array;
  private slotArg: Float64Array;
  private slotGen: Int32Array;
  private slotLoc: Int32Array;
  private slotNext: Int32Array;
  private slotPrev: Int32Array;
  private freeSlots: Int32Array;
  private freeTop = 0;
  /** Slots ever handed out; slots below this are either live or on the free list. */
  private slotsUsed = 0;
  private capacity: number;
  private live = 0;
  /** A Float64 counter: exact up to 2^53 insertions, where an Int32 would wrap within a long run. */
  private seq = 0;

  // The heap: every event earlier than the buckets still linked, indexed by position.
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
  private n = 0;

  // The ladder: rung 0 is the calendar laid over the overflow; rung r + 1, when present, splits the
  // bucket rung r is draining. In rung r, bucket b holds times t with
  // floor((t - rungStart[r]) * rungInv[r]) === b (clamped to the rung's buckets below rung 0).
  private rungs = 0;
  private readonly rungStart = new Float64Array(MAX_RUNGS);
  private readonly rungWidth = new Float64Array(MAX_RUNGS);
  private readonly rungInv = new Float64Array(MAX_RUNGS);
  private readonly rungBuckets = new Int32Array(MAX_RUNGS);
  private readonly rungBase = new Int32Array(MAX_RUNGS);
  /** The bucket each rung is draining (split into the next rung or poured into the heap), or -1. */
  private readonly rungCur = new Int32Array(MAX_RUNGS);
  /** First slot of each list, -1 when empty; no lengths, which would cost a store per link. */
  private lists: Int32Array = new Int32Array(64).fill(-1);
  private readonly hist = new Int32Array(HIST_BINS);
  /** Pops since, and time of the last pop before, the last rebuild: the density estimate. */
  private popsSinceRebuild = 0;
  private rebuiltAt = 0;

  /** @param capacity initial number of slots; the arrays double when it is reached. */
  constructor(capacity = 1024) {
    const c = (this.capacity = Math.min(Math.max(16, capacity | 0), SLOT_COUNT));
    this.slotTime = new Float64Array(c);
    this.slotSeq = new Float64Array(c);
    this.slotKind = new Int32Array(c);
    this.slotArg = new Float64Array(c);
    this.slotGen = new Int32Array(c);
    this.slotLoc = new Int32Array(c).fill(FREE);
    this.slotNext = new Int32Array(c);
    this.slotPrev = new Int32Array(c);
    this.freeSlots = new Int32Array(c);
    this.heapTime = new Float64Array(c);
    this.heapSeq = new Float64Array(c);
    this.heapSlot = new Int32Array(c);
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
    return this.heapTime[0]!;
  }

  /** Sequence number of the earliest pending event (after `peekTime` returned a finite time). */
  peekSeq(): number {
    return this.heapSeq[0]!;
  }

  /**
   * Schedule an event; returns a handle for `cancel` and `reschedule`. `seq` orders it among events
   * at the same time (default: this queue's own count); a caller merging queues passes a shared one.
   */
  push(time: number, kind: number, arg: number, seq: number = this.seq++): number {
    let slot: number;
    if (this.freeTop > 0) slot = this.freeSlots[--this.freeTop]!;
    else {
      slot = this.slotsUsed++;
      if (slot === this.capacity) this.grow();
    }
    this.slotKind[slot] = kind;
    this.slotArg[slot] = arg;
    this.place(slot, time, seq);
    this.live++;
    return this.slotGen[slot]! * SLOT_COUNT + slot;
  }

  /**
   * Remove the earliest event and expose it through `time`, `kind`, `arg` and `handle`.
   * Returns false (and leaves those fields alone) when the queue is empty.
   */
  pop(): boolean {
    if (this.n === 0) {
      if (this.live === 0) return false;
      this.refill();
    }
    const slot = this.heapSlot[0]!;
    this.time = this.heapTime[0]!;
    this.kind = this.slotKind[slot]!;
    this.arg = this.slotArg[slot]!;
    this.handle = this.slotGen[slot]! * SLOT_COUNT + slot;
    this.release(slot);
    this.popsSinceRebuild++;
    const last = --this.n;
    if (last > 0) this.siftDown(0, this.heapTime[last]!, this.heapSeq[last]!, this.heapSlot[last]!);
    return true;
  }

  /** Remove a pending event. Returns false when the handle already fired, was cancelled or is unknown. */
  cancel(handle: number): boolean {
    const slot = this.liveSlot(handle);
    if (slot < 0) return false;
    this.detach(slot);
    this.release(slot);
    return true;
  }

  /**
   * Move a pending event to `time`, keeping its handle. It takes a fresh sequence number, so it goes
   * after every event already scheduled at `time`, as if it had been cancelled and pushed again.
   * Returns false when the handle is not live.
   */
  reschedule(handle: number, time: number, seq: number = this.seq++): boolean {
    const slot = this.liveSlot(handle);
    if (slot < 0) return false;
    this.detach(slot);
    this.place(slot, time, seq);
    return true;
  }

  /** Drop every pending event; their handles go stale. Capacity is kept. */
  clear(): void {
    for (let s = 0; s < this.slotsUsed; s++) if (this.slotLoc[s] !== FREE) this.release(s);
    this.n = 0;
    this.rungs = 0;
    this.lists[OVERFLOW] = -1;
  }

  /** The slot of a live handle, or -1. */
  private liveSlot(handle: number): number {
    const slot = handle & SLOT_MASK;
    if (slot >= this.slotsUsed || this.slotLoc[slot] === FREE) return -1;
    // A fractional or negative handle fails here too: its generation cannot match.
    return (handle - slot) / SLOT_COUNT === this.slotGen[slot]! ? slot : -1;
  }

  /** Return a slot to the free list; bumping its generation makes every old handle to it stale. */
  private release(slot: number): void {
    this.slotGen[slot] = (this.slotGen[slot]! + 1) & GEN_MASK;
    this.slotLoc[slot] = FREE;
    this.freeSlots[this.freeTop++] = slot;
    this.live--;
  }

  /**
   * Put a slot's event (time, seq) where it belongs: walking down the rungs, a bucket after the one
   * being drained takes it; the bucket being drained passes it to the next rung, or to the heap
   * below the last; an earlier one (a time before the bucket in hand) sends it to the heap, which
   * orders anything. Past rung 0's last bucket, or before the first rebuild, it waits in the overflow.
   * Rung 0 is unrolled: nearly every push stops there.
   */
  private place(slot: number, time: number, seq: number): void {
    if (this.rungs === 0) {
      this.toList(slot, time, seq, OVERFLOW);
      return;
    }
    const b = Math.floor((time - this.rungStart[0]!) * this.rungInv[0]!);
    const cur = this.rungCur[0]!;
    if (b > cur) this.toList(slot, time, seq, b < this.rungBuckets[0]! ? this.rungBase[0]! + b : OVERFLOW);
    else if (b === cur && this.rungs > 1) this.placeDeep(slot, time, seq);
    else this.siftUp(this.n++, time, seq, slot);
  }

  /** `place` below rung 0, for an event in the rung-0 bucket that has been split. */
  private placeDeep(slot: number, time: number, seq: number): void {
    for (let r = 1; r < this.rungs; r++) {
      // A deeper rung spans exactly one parent bucket: clamping only absorbs rounding at its ends.
      const last = this.rungBuckets[r]! - 1;
      let b = Math.floor((time - this.rungStart[r]!) * this.rungInv[r]!);
      b = b < 0 ? 0 : b > last ? last : b;
      const cur = this.rungCur[r]!;
      if (b > cur) {
        this.toList(slot, time, seq, this.rungBase[r]! + b);
        return;
      }
      if (b < cur) break;
    }
    this.siftUp(this.n++, time, seq, slot);
  }

  private toList(slot: number, time: number, seq: number, list: number): void {
    this.slotTime[slot] = time;
    this.slotSeq[slot] = seq;
    this.link(slot, list);
  }

  /** Take a live slot out of the heap or its list, leaving it allocated. */
  private detach(slot: number): void {
    const loc = this.slotLoc[slot]!;
    if (loc < 0) {
      this.unlink(slot, -2 - loc);
      return;
    }
    const last = --this.n;
    if (loc === last) return;
    const t = this.heapTime[last]!;
    const s = this.heapSeq[last]!;
    const l = this.heapSlot[last]!;
    // The entry moved into the hole came from elsewhere in the tree: it may belong above or below.
    const p = (loc - 1) >> 2;
    if (loc > 0 && (t < this.heapTime[p]! || (t === this.heapTime[p]! && s < this.heapSeq[p]!))) {
      this.siftUp(loc, t, s, l);
    } else this.siftDown(loc, t, s, l);
  }

  private link(slot: number, list: number): void {
    const h = this.lists[list]!;
    this.slotNext[slot] = h;
    this.slotPrev[slot] = -1;
    if (h >= 0) this.slotPrev[h] = slot;
    this.lists[list] = slot;
    this.slotLoc[slot] = -2 - list;
  }

  private unlink(slot: number, list: number): void {
    const p = this.slotPrev[slot]!;
    const nx = this.slotNext[slot]!;
    if (p >= 0) this.slotNext[p] = nx;
    else this.lists[list] = nx;
    if (nx >= 0) this.slotPrev[nx] = p;
  }

  /** Empty lists [from, to), growing the list table if it is too short. */
  private resetLists(from: number, to: number): void {
    if (this.lists.length < to) {
      const bigger = new Int32Array(Math.max(to, 2 * this.lists.length));
      bigger.set(this.lists);
      this.lists = bigger;
    }
    this.lists.fill(-1, from, to);
  }

  /** Detach list `id` whole; returns its first slot, the rest following slotNext. */
  private takeList(id: number): number {
    const first = this.lists[id]!;
    this.lists[id] = -1;
    return first;
  }

  /**
   * The heap is empty but events are pending: take the next non-empty bucket of the deepest rung.
   * A crowded one (a burst at one instant, or a rung laid too coarse) is split into a finer rung;
   * otherwise it is poured into the heap. A spent rung is dropped, and when rung 0 is spent too the
   * overflow is laid out as a new rung 0.
   */
  private refill(): void {
    for (;;) {
      if (this.rungs === 0) this.rebuild();
      const r = this.rungs - 1;
      const base = this.rungBase[r]!;
      const buckets = this.rungBuckets[r]!;
      let b = this.rungCur[r]! + 1;
      while (b < buckets && this.lists[base + b]! < 0) b++;
      this.rungCur[r] = b;
      if (b === buckets) {
        this.rungs--;
        continue;
      }
      for (let s = this.takeList(base + b); s >= 0; ) {
        const next = this.slotNext[s]!;
        this.siftUp(this.n++, this.slotTime[s]!, this.slotSeq[s]!, s);
        s = next;
      }
      // Only now is the bucket's size known (keeping lengths would cost a store per link); a
      // crowded one is taken back out of the heap, which held nothing else, and split.
      const width = this.rungWidth[r]!;
      if (this.n > SPLIT_ABOVE && width > 1 && this.rungs < MAX_RUNGS) {
        this.split(r, b, Math.max(1, Math.floor((width * PER_BUCKET) / this.n)));
        continue;
      }
      return;
    }
  }

  /**
   * Lay rung r + 1 over bucket b of rung r, `width` µs per bucket, and move the bucket's events,
   * just poured into the otherwise empty heap, into it.
   */
  private split(r: number, b: number, width: number): void {
    const c = r + 1;
    const parentWidth = this.rungWidth[r]!;
    const start = this.rungStart[r]! + b * parentWidth;
    const buckets = Math.ceil(parentWidth / width);
    const base = this.rungBase[r]! + this.rungBuckets[r]!;
    this.resetLists(base, base + buckets);
    this.rungStart[c] = start;
    this.rungWidth[c] = width;
    this.rungInv[c] = 1 / width;
    this.rungBuckets[c] = buckets;
    this.rungBase[c] = base;
    this.rungCur[c] = -1;
    this.rungs = c + 1;
    const inv = 1 / width;
    const n = this.n;
    this.n = 0;
    for (let h = 0; h < n; h++) {
      const s = this.heapSlot[h]!;
      const t = this.heapTime[h]!;
      this.slotTime[s] = t;
      this.slotSeq[s] = this.heapSeq[h]!;
      const i = Math.floor((t - start) * inv);
      this.link(s, base + (i < 0 ? 0 : i >= buckets ? buckets - 1 : i));
    }
  }

  /**
   * Every rung is spent: lay a new rung 0 over the overflow, starting at its earliest event.
   *
   * Width: about PER_BUCKET events per bucket at the density events will be popped at. Once there
   * is a history that is the rate they have been popping; before, the density of the earlier half
   * of the overflow. Either beats the average over the whole span, which far-future timers (viewer
   * session ends, an hour out) would stretch; a guess too coarse for a burst is corrected by
   * splitting the crowded buckets as they come up.
   *
   * Length: at most MAX_BUCKETS_PER_EVENT buckets per overflow event, which bounds the list table
   * and the walk over empty buckets. Events past the last bucket stay in the overflow for the next
   * rebuild, but the rung always reaches far enough to take the earlier half of them, so each
   * rebuild places at least as many events as it leaves and the rescans cost O(1) per event.
   */
  private rebuild(): void {
    const first = this.takeList(OVERFLOW);
    let tmin = Infinity;
    let tmax = -Infinity;
    let count = 0;
    for (let s = first; s >= 0; s = this.slotNext[s]!) {
      const t = this.slotTime[s]!;
      if (t < tmin) tmin = t;
      if (t > tmax) tmax = t;
      count++;
    }
    if (!Number.isFinite(tmin) || !Number.isFinite(tmax)) {
      throw new RangeError('EventQueue: pending events with non-finite times');
    }
    // Where does the earlier half of the overflow end? A coarse histogram is enough.
    const span = tmax - tmin + 1;
    const hist = this.hist.fill(0);
    const scale = HIST_BINS / span;
    for (let s = first; s >= 0; s = this.slotNext[s]!) {
      hist[Math.min(HIST_BINS - 1, Math.floor((this.slotTime[s]! - tmin) * scale))]!++;
    }
    let bin = 0;
    let headCount = hist[0]!;
    while (headCount * 2 < count) headCount += hist[++bin]!;
    const headSpan = ((bin + 1) * span) / HIST_BINS;

    const elapsed = this.time - this.rebuiltAt;
    const density =
      this.popsSinceRebuild >= 64 && elapsed > 0 ? this.popsSinceRebuild / elapsed : headCount / headSpan;
    const maxBuckets = MAX_BUCKETS_PER_EVENT * count + 16;
    const width = Math.max(1, Math.floor(PER_BUCKET / density), Math.ceil(headSpan / maxBuckets));
    this.rebuiltAt = this.time;
    this.popsSinceRebuild = 0;

    const inv = 1 / width;
    const buckets = Math.min(Math.floor((tmax - tmin) * inv) + 1, maxBuckets);
    const base = OVERFLOW + 1;
    this.resetLists(base, base + buckets);
    this.rungStart[0] = tmin;
    this.rungWidth[0] = width;
    this.rungInv[0] = inv;
    this.rungBuckets[0] = buckets;
    this.rungBase[0] = base;
    this.rungCur[0] = -1;
    this.rungs = 1;
    for (let s = first; s >= 0; ) {
      const next = this.slotNext[s]!;
      const b = Math.floor((this.slotTime[s]! - tmin) * inv);
      this.link(s, b < buckets ? base + b : OVERFLOW);
      s = next;
    }
  }

  /** Place key (time, seq, slot) at heap position i or above it, shifting larger parents down. */
  private siftUp(i: number, time: number, seq: number, slot: number): void {
    const T = this.heapTime;
    const S = this.heapSeq;
    const L = this.heapSlot;
    const loc = this.slotLoc;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pt = T[p]!;
      if (pt < time || (pt === time && S[p]! < seq)) break;
      T[i] = pt;
      S[i] = S[p]!;
      const ps = L[p]!;
      L[i] = ps;
      loc[ps] = i;
      i = p;
    }
    T[i] = time;
    S[i] = seq;
    L[i] = slot;
    loc[slot] = i;
  }

  /** Place key (time, seq, slot) at heap position i or below it, shifting the smallest child up. */
  private siftDown(i: number, time: number, seq: number, slot: number): void {
    const T = this.heapTime;
    const S = this.heapSeq;
    const L = this.heapSlot;
    const loc = this.slotLoc;
    const n = this.n;
    for (;;) {
      const c = 4 * i + 1;
      if (c >= n) break;
      let m = c;
      let mt = T[c]!;
      const end = c + 4 < n ? c + 4 : n;
      for (let j = c + 1; j < end; j++) {
        const jt = T[j]!;
        if (jt < mt || (jt === mt && S[j]! < S[m]!)) {
          m = j;
          mt = jt;
        }
      }
      if (time < mt || (time === mt && seq < S[m]!)) break;
      T[i] = mt;
      S[i] = S[m]!;
      const ms = L[m]!;
      L[i] = ms;
      loc[ms] = i;
      i = m;
    }
    T[i] = time;
    S[i] = seq;
    L[i] = slot;
    loc[slot] = i;
  }

  /** Double every slot and heap array; only needed for a never-used slot, since heap size <= slots. */
  private grow(): void {
    if (this.capacity >= SLOT_COUNT) throw new Error(`EventQueue: more than ${SLOT_COUNT} pending events`);
    const c = Math.min(this.capacity * 2, SLOT_COUNT);
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(c);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(c);
      b.set(a);
      return b;
    };
    this.slotTime = f64(this.slotTime);
    this.slotSeq = f64(this.slotSeq);
    this.slotKind = i32(this.slotKind);
    this.slotArg = f64(this.slotArg);
    this.slotGen = i32(this.slotGen);
    this.slotLoc = i32(this.slotLoc);
    this.slotLoc.fill(FREE, this.capacity);
    this.slotNext = i32(this.slotNext);
    this.slotPrev = i32(this.slotPrev);
    this.freeSlots = i32(this.freeSlots);
    this.heapTime = f64(this.heapTime);
    this.heapSeq = f64(this.heapSeq);
    this.heapSlot = i32(this.heapSlot);
    this.capacity = c;
  }
}
