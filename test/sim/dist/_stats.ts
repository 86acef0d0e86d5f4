/**
 * Statistical checks shared by the distribution tests. Every check allows 5 standard errors: far
 * enough out that a correct sampler does not fail (p < 1e-6 per check), close enough in that a wrong
 * formula does. The streams are seeded, so each check is deterministic anyway.
 */
import * as assert from 'uvu/assert';

export interface Moments {
  n: number;
  mean: number;
  variance: number;
  /** Fourth central moment, for the standard error of the variance. */
  m4: number;
}

/** Sample moments of `n` draws, in two passes (mean, then deviations): Σx² − n·mean² would lose all
 * its digits at means of 1e9. */
export function moments(draw: () => number, n: number): Moments {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = draw();
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i];
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d2 = (xs[i] - mean) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  return { n, mean, variance: m2 / (n - 1), m4: m4 / n };
}

/** Asserts that the sample mean and variance of `n` draws are within 5 standard errors of theory. */
export function assertMoments(
  draw: () => number,
  n: number,
  mean: number,
  variance: number,
  label: string,
): void {
  const m = moments(draw, n);
  const seMean = Math.sqrt(variance / n);
  assert.ok(
    Math.abs(m.mean - mean) <= 5 * seMean,
    `${label}: mean ${m.mean}, expected ${mean} ± ${5 * seMean}`,
  );
  // SE of the sample variance is sqrt((μ4 − σ⁴)/n); μ4 is estimated from the sample itself.
  const seVar = Math.sqrt(Math.max(m.m4 - m.variance ** 2, 0) / n);
  assert.ok(
    Math.abs(m.variance - variance) <= 5 * seVar,
    `${label}: variance ${m.variance}, expected ${variance} ± ${5 * seVar}`,
  );
}

/**
 * Pearson's chi-square of `n` integer draws against `pmf`, pooling every value whose expected count
 * is under 20 into one "rest" cell. Asserts the statistic is below dof + 5·sqrt(2·dof), 5 standard
 * deviations of the chi-square distribution above its mean.
 */
export function assertPmf(
  draw: () => number,
  n: number,
  pmf: (k: number) => number,
  lo: number,
  hi: number,
  label: string,
): void {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = draw();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let stat = 0;
  let cells = 0;
  let restObserved = n;
  let restExpected = n;
  for (let k = lo; k <= hi; k++) {
    const expected = n * pmf(k);
    if (expected < 20) continue;
    const observed = counts.get(k) ?? 0;
    stat += (observed - expected) ** 2 / expected;
    cells++;
    restObserved -= observed;
    restExpected -= expected;
  }
  if (restExpected >= 20) {
    stat += (restObserved - restExpected) ** 2 / restExpected;
    cells++;
  } else {
    const limit = 20 + 5 * Math.sqrt(20);
    assert.ok(restObserved <= limit, `${label}: ${restObserved} draws outside the expected values`);
  }
  const dof = cells - 1;
  const limit = dof + 5 * Math.sqrt(2 * dof);
  const message = `${label}: chi-square ${stat.toFixed(1)} on ${dof} dof, limit ${limit.toFixed(1)}`;
  assert.ok(stat <= limit, message);
}

/** Asserts that `fn` throws an Error whose message contains `text`. */
export function assertThrowsWith(fn: () => unknown, text: string): void {
  assert.throws(fn, (e: unknown) => e instanceof Error && e.message.includes(text));
}
