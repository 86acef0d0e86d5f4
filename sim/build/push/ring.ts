/**
 * Devices stored compactly in rings: one ring per proxy (the connections it holds), one for asleep
 * devices and one per proxy crash (devices waiting to reconnect). A device's record moves with it
 * from ring to ring, so every hot loop — a proxy's send loop, the churn sweep — reads records in
 * order instead of jumping around 100 million entries.
 *
 * Why rings work: every ring is kept in order of `due` (the next session boundary, or the reconnect
 * time), and devices only ever leave a ring at its head (when `due` arrives) or all at once (a
 * crash), and join at its tail with a `due` one session length from now — later than everyone
 * already there. So positions are stable: an absolute position (`head` ≤ pos < `tail`) names the same
 * device until it leaves, which is what the send loop's cursor and the router's retry records hold.
 *
 * A device is one 12-byte record, read through three views of one buffer (so a device is one cache
 * line, not one per column — with 500 rings, column-per-field layouts thrash the TLB when devices
 * move between rings):
 *
 * | bytes | view index       | field |
 * |---|---|---|
 * | 0–3   | `i32[3i]`        | due: session end or reconnect time, ms |
 * | 4–5   | `u16[6i + 2]`    | prefetch refresh phase, in 1/65536 of the device's TTL |
 * | 6     | `u8[12i + GAP]`  | reconnect gap code 0..255 |
 * | 7     | `u8[12i + TTL]`  | TTL jitter code 0..255 |
 * | 8     | `u8[12i + SEEN]` | triggers the device has processed (bit per trigger) |
 * | 9     | `u8[12i + ACKED]`| triggers whose ack the router holds |
 * | 10    | `u8[12i + COHORT]` | triggers for which it was connected when they were sent |
 *
 * Hot loops may read the words at `i32[3i + 1]` (phase | gap << 16 | ttl << 24) and `i32[3i + 2]`
 * (seen | acked << 8 | cohort << 16) whole. Plus an Int32 id per device when a test observes devices.
 */
export const RECORD_BYTES = 12;

// The send loop reads the last two words of a record whole and picks the bytes out by shifting,
// which assumes the little-endian layout of every platform Node runs on; fail loudly otherwise.
if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw new Error('push: device records assume a little-endian platform');
export const GAP = 6;
export const TTL = 7;
export const SEEN = 8;
export const ACKED = 9;
export const COHORT = 10;

export class DeviceRing {
  /** Absolute position of the first device; absolute positions only grow. */
  head = 0;
  /** Absolute position one past the last device. */
  tail = 0;
  /** Physical index of `head`. */
  private headPhys = 0;
  cap = 0;
  i32: Int32Array;
  u16: Uint16Array;
  u8: Uint8Array;
  /** Device ids, only when observed (tests). */
  id: Int32Array | null;

  constructor(capacity: number, withIds: boolean) {
    this.cap = Math.max(16, Math.ceil(capacity));
    const buf = new ArrayBuffer(this.cap * RECORD_BYTES);
    this.i32 = new Int32Array(buf);
    this.u16 = new Uint16Array(buf);
    this.u8 = new Uint8Array(buf);
    this.id = withIds ? new Int32Array(this.cap) : null;
  }

  get size(): number {
    return this.tail - this.head;
  }

  /** Physical index of absolute position `pos` (head ≤ pos ≤ tail). */
  phys(pos: number): number {
    const i = pos - this.head + this.headPhys;
    return i >= this.cap ? i - this.cap : i;
  }

  /** Physical index of the head. */
  headIndex(): number {
    return this.headPhys;
  }

  /** Due time (ms) of the device at physical index i. */
  due(i: number): number {
    return this.i32[3 * i]!;
  }

  /** Drop the head device (its record stays readable at its old index until a push reuses it). */
  shift(): void {
    this.head++;
    if (++this.headPhys === this.cap) this.headPhys = 0;
  }

  /** Drop every device (a crash); positions continue from `tail`. */
  clear(): void {
    this.headPhys = this.phys(this.tail);
    this.head = this.tail;
  }

  /** Reserve the tail slot, zeroed except `due`; returns its physical index. */
  push(due: number): number {
    if (this.size === this.cap) this.grow();
    const i = this.phys(this.tail);
    this.tail++;
    const w = 3 * i;
    this.i32[w] = due;
    this.i32[w + 1] = 0;
    this.i32[w + 2] = 0;
    return i;
  }

  /** Append a copy of device `i` of ring `from` with a new `due`; returns its physical index here. */
  pushFrom(from: DeviceRing, i: number, due: number): number {
    if (this.size === this.cap) this.grow();
    const j = this.phys(this.tail);
    this.tail++;
    const a = from.i32;
    const b = this.i32;
    b[3 * j] = due;
    b[3 * j + 1] = a[3 * i + 1]!;
    b[3 * j + 2] = a[3 * i + 2]!;
    if (this.id) this.id[j] = from.id![i]!;
    return j;
  }

  /** Grow by half, unwrapping so the head is at index 0. */
  private grow(): void {
    const cap = Math.ceil(this.cap * 1.5) + 16;
    const n = this.size;
    const h = this.headPhys;
    const first = Math.min(n, this.cap - h);
    const buf = new ArrayBuffer(cap * RECORD_BYTES);
    const u8 = new Uint8Array(buf);
    u8.set(this.u8.subarray(h * RECORD_BYTES, (h + first) * RECORD_BYTES), 0);
    if (first < n) u8.set(this.u8.subarray(0, (n - first) * RECORD_BYTES), first * RECORD_BYTES);
    if (this.id) {
      const id = new Int32Array(cap);
      id.set(this.id.subarray(h, h + first), 0);
      if (first < n) id.set(this.id.subarray(0, n - first), first);
      this.id = id;
    }
    this.i32 = new Int32Array(buf);
    this.u16 = new Uint16Array(buf);
    this.u8 = u8;
    this.cap = cap;
    this.headPhys = 0;
  }
}
