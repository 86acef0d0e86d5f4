/**
 * Pending router retries, in typed columns with a free list, so a retry is one kernel event whose
 * argument is its row here: which proxy held the device (and that proxy's crash epoch), the device's
 * ring position there, the triggers to send again and the attempt number.
 */
export class RetryTable {
  proxy = new Int32Array(64);
  epoch = new Int32Array(64);
  pos = new Float64Array(64);
  mask = new Uint8Array(64);
  attempt = new Uint8Array(64);
  private free = new Int32Array(64);
  private freeTop = 0;
  private used = 0;

  add(proxy: number, epoch: number, pos: number, mask: number, attempt: number): number {
    let i: number;
    if (this.freeTop > 0) i = this.free[--this.freeTop]!;
    else {
      i = this.used++;
      if (i === this.proxy.length) this.grow();
    }
    this.proxy[i] = proxy;
    this.epoch[i] = epoch;
    this.pos[i] = pos;
    this.mask[i] = mask;
    this.attempt[i] = Math.min(attempt, 255);
    return i;
  }

  release(i: number): void {
    if (this.freeTop === this.free.length) {
      const f = new Int32Array(this.free.length * 2);
      f.set(this.free);
      this.free = f;
    }
    this.free[this.freeTop++] = i;
  }

  private grow(): void {
    const c = this.proxy.length * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (c: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.proxy = g(this.proxy, (n) => new Int32Array(n));
    this.epoch = g(this.epoch, (n) => new Int32Array(n));
    this.pos = g(this.pos, (n) => new Float64Array(n));
    this.mask = g(this.mask, (n) => new Uint8Array(n));
    this.attempt = g(this.attempt, (n) => new Uint8Array(n));
  }
}
