/**
 * Struct-of-arrays storage for millions of entities: one typed column per field, an entity is an index.
 * 100 million viewers with a dozen bytes of state each fit in ~1.2 GB, where an object per viewer
 * would take ~10x that and stall the garbage collector.
 */

type Column = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;
type ColumnCtor = { new (n: number): Column; BYTES_PER_ELEMENT: number };
export type ColumnSpec = Record<string, ColumnCtor>;
export type Columns<S extends ColumnSpec> = { [K in keyof S]: InstanceType<S[K]> };

export class Population<S extends ColumnSpec> {
  /** The columns; re-read after `add` may have grown them (the arrays are replaced on growth). */
  cols: Columns<S>;
  size = 0;
  private cap: number;

  constructor(private readonly spec: S, initialCapacity = 1024) {
    this.cap = Math.max(1, initialCapacity);
    this.cols = this.allocate(this.cap);
  }

  get capacity(): number {
    return this.cap;
  }

  /** Bytes per entity across all columns. */
  get bytesPerEntity(): number {
    return Object.values(this.spec).reduce((n, c) => n + c.BYTES_PER_ELEMENT, 0);
  }

  /** Adds `n` zeroed entities, returning the index of the first. Grows by doubling when full. */
  add(n = 1): number {
    const first = this.size;
    if (first + n > this.cap) this.grow(first + n);
    this.size += n;
    return first;
  }

  /** Makes room for `n` entities in total without further growth (use when the count is known). */
  reserve(n: number): void {
    if (n > this.cap) this.grow(n, true);
  }

  private grow(needed: number, exact = false): void {
    let cap = this.cap;
    if (exact) cap = needed;
    else while (cap < needed) cap *= 2;
    const next = this.allocate(cap);
    for (const k of Object.keys(this.spec) as Array<keyof S>) {
      (next[k] as Column).set((this.cols[k] as Column).subarray(0, this.size));
    }
    this.cols = next;
    this.cap = cap;
  }

  private allocate(n: number): Columns<S> {
    const out = {} as Columns<S>;
    for (const k of Object.keys(this.spec) as Array<keyof S>) out[k] = new this.spec[k](n) as Columns<S>[typeof k];
    return out;
  }
}
