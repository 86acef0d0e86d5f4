/**
 * Line paths that stay small however long the run: when a series has more points in view than the chart
 * has pixel columns, it is thinned per pixel column (see `thin`). A two-hour run at one second is 7,200
 * points a series; its path holds at most two per pixel column. NaN (a percentile with no samples)
 * breaks the line.
 */

/** First and one-past-last index to draw for [x0, x1], one point beyond each edge so lines reach it. */
export function visibleRange(t: ArrayLike<number>, x0: number, x1: number): [number, number] {
  const n = t.length;
  const i0 = Math.max(0, lowerBound(t, x0) - 1);
  const i1 = Math.min(n, lowerBound(t, x1) + 1);
  return [i0, Math.max(i0, i1)];
}

/** The first index whose value is >= x (t ascending). */
export function lowerBound(t: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lowest and highest non-NaN value in [i0, i1); [NaN, NaN] if none. */
export function extentOf(v: ArrayLike<number>, i0: number, i1: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = i0; i < i1; i++) {
    const y = v[i];
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** How a series is thinned: levels keep each pixel column's extremes, rates its mean. */
export type Thinning = 'envelope' | 'mean';

/**
 * The points to draw for indices i0..i1-1, as data coordinates (`xs`, `ys`; a NaN y breaks the line).
 * `sx` maps time to pixels and `columns` is the chart width: above two points per pixel column the
 * series is thinned per column — 'envelope' keeps the lowest and highest point, in time order (min-max
 * decimation: every extreme survives, and a 1.6-pixel line looks as drawn from every point; keeping the
 * first and last too, as M4 does, would double the path for a difference smaller than the line's
 * width), 'mean' one point at the column's mean, which for a counter shown as a rate is the true rate
 * over the column's span (a 0,1,0,1 segment cadence reads about 0.5/s, not a solid band).
 */
export function thin(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  i0: number,
  i1: number,
  sx: (x: number) => number,
  columns: number,
  mode: Thinning = 'envelope',
): { xs: Float64Array; ys: Float64Array; n: number } {
  const cap = i1 - i0 <= 2 * columns ? i1 - i0 : 2 * (columns + 2) + 8;
  let xs = new Float64Array(Math.max(cap, 1));
  let ys = new Float64Array(Math.max(cap, 1));
  let n = 0;
  const push = (x: number, y: number) => {
    if (n === xs.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      xs = grow(xs);
      ys = grow(ys);
    }
    xs[n] = x;
    ys[n++] = y;
  };
  if (i1 - i0 <= 2 * columns) {
    for (let i = i0; i < i1; i++) push(t[i], v[i]);
    return { xs, ys, n };
  }
  let col = NaN;
  let first = -1;
  let last = -1;
  let lo = -1;
  let hi = -1;
  let sum = 0;
  let count = 0;
  const flush = () => {
    if (first < 0) return;
    if (mode === 'mean') push((t[first] + t[last]) / 2, sum / count);
    else {
      const a = Math.min(lo, hi);
      const b = Math.max(lo, hi);
      push(t[a], v[a]);
      if (b !== a) push(t[b], v[b]);
    }
    first = -1;
  };
  for (let i = i0; i < i1; i++) {
    const y = v[i];
    if (Number.isNaN(y)) {
      flush();
      push(t[i], NaN);
      col = NaN;
      continue;
    }
    const c = Math.floor(sx(t[i]));
    if (c !== col) {
      flush();
      col = c;
      first = last = lo = hi = i;
      sum = y;
      count = 1;
      continue;
    }
    last = i;
    sum += y;
    count++;
    if (y < v[lo]) lo = i;
    if (y > v[hi]) hi = i;
  }
  flush();
  return { xs, ys, n };
}

/** SVG path data through the first `n` points, mapped to pixels; NaN breaks the line. */
export function pathOf(xs: ArrayLike<number>, ys: ArrayLike<number>, n: number, sx: (x: number) => number, sy: (y: number) => number): string {
  const out: string[] = [];
  let pen = false;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(ys[i])) {
      pen = false;
      continue;
    }
    out.push(`${pen ? 'L' : 'M'}${round(sx(xs[i]))},${round(sy(ys[i]))}`);
    pen = true;
  }
  return out.join('');
}

/** Thinned path data for points i0..i1-1 of a series (see `thin`). */
export function linePath(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  i0: number,
  i1: number,
  sx: (x: number) => number,
  sy: (y: number) => number,
  columns: number,
  mode: Thinning = 'envelope',
): string {
  const p = thin(t, v, i0, i1, sx, columns, mode);
  return pathOf(p.xs, p.ys, p.n, sx, sy);
}

function round(p: number): number {
  return Math.round(p * 10) / 10;
}
