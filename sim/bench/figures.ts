/** What every bench reports alike. */

/** The median of the runs' figures (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A figure to one decimal, as benches print rates and times. */
export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Peak resident set size of the process so far, MB to one decimal (maxRSS is in kilobytes). */
export function peakRssMB(): number {
  return round1(process.resourceUsage().maxRSS / 1024);
}
