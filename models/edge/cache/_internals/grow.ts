/**
 * Copies a typed array into a longer one (the tail filled with `fill`). Used only when a cache's slot
 * arrays double, so the allocation is amortized over the inserts that filled them.
 */
export function growInt32(a: Int32Array, length: number, fill = 0): Int32Array {
  const b = new Int32Array(length);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** {@link growInt32} for Float64Array. */
export function growFloat64(a: Float64Array, length: number, fill = 0): Float64Array {
  const b = new Float64Array(length);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** {@link growInt32} for Uint8Array. */
export function growUint8(a: Uint8Array, length: number): Uint8Array {
  const b = new Uint8Array(length);
  b.set(a);
  return b;
}
