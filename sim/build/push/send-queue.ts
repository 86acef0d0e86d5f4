/**
 * A proxy's queue of single messages (replays to devices that just connected, router retries), sent
 * ahead of any broadcast in progress. Typed FIFO: ring position of the device, the triggers the
 * message carries, which attempt it is, and when it was queued.
 */
export class SendQueue {
  pos = new Float64Array(16);
  mask = new Uint8Array(16);
  attempt = new Uint8Array(16);
  arrival = new Float64Array(16);
  head = 0;
  tail = 0;

  get size(): number {
    return this.tail - this.head;
  }

  push(pos: number, mask: number, attempt: number, arrival: number): void {
    if (this.tail === this.pos.length) this.makeRoom();
    const i = this.tail++;
    this.pos[i] = pos;
    this.mask[i] = mask;
    this.attempt[i] = Math.min(attempt, 255);
    this.arrival[i] = arrival;
  }

  clear(): void {
    this.head = this.tail = 0;
  }

  /** Slide the live entries to the front, doubling the arrays when more than half full. */
  private makeRoom(): void {
    const n = this.size;
    const cap = n * 2 > this.pos.length ? this.pos.length * 2 : this.pos.length;
    const move = <T extends Float64Array | Uint8Array>(a: T, make: (c: number) => T): T => {
      const b = cap === a.length ? a : make(cap);
      // set() copies overlapping ranges of one buffer correctly.
      b.set(a.subarray(this.head, this.tail), 0);
      return b;
    };
    this.pos = move(this.pos, (c) => new Float64Array(c));
    this.mask = move(this.mask, (c) => new Uint8Array(c));
    this.attempt = move(this.attempt, (c) => new Uint8Array(c));
    this.arrival = move(this.arrival, (c) => new Float64Array(c));
    this.head = 0;
    this.tail = n;
  }
}
