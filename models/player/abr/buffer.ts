/**
 * Buffer-based ABR after BBA-0 (Huang et al., SIGCOMM 2014): the buffer level alone picks the rate.
 * At or below the reservoir the lowest rung; across the cushion a target rate rising linearly from the
 * lowest bitrate to the cap's; at the top the cap. The player leaves its rung only when the target
 * crosses a neighbouring rung (up to the highest rung at or under the target, down to the lowest at or
 * above it), which keeps it from flapping between two rungs. Throughput is not read at all, so the
 * rule is trivially monotone in it and each call's threshold has one finite entry.
 */
import { clampCap, clampCurrent, type AbrParams, type AbrRuleFactory } from './rule.ts';

function pick(p: AbrParams, current: number, bufferUs: number, cap: number, ladderKbps: Float64Array): number {
  if (bufferUs <= p.reservoir) return 0;
  const cur = clampCurrent(current, cap);
  const lo = ladderKbps[0];
  const hi = ladderKbps[cap];
  const target = bufferUs >= p.reservoir + p.cushion ? hi : lo + ((bufferUs - p.reservoir) / p.cushion) * (hi - lo);
  if (cur < cap && target >= ladderKbps[cur + 1]) {
    let k = cap;
    while (k > cur + 1 && ladderKbps[k] > target) k--;
    return k;
  }
  if (cur > 0 && target <= ladderKbps[cur - 1]) {
    let k = 0;
    while (k < cur - 1 && ladderKbps[k] < target) k++;
    return k;
  }
  return cur;
}

export const buffer: AbrRuleFactory = (p) => ({
  choose(current, _throughputKbps, bufferUs, capRung, ladderKbps) {
    return pick(p, current, bufferUs, clampCap(capRung, ladderKbps), ladderKbps);
  },
  thresholds(current, bufferUs, capRung, ladderKbps, out) {
    const k = pick(p, current, bufferUs, clampCap(capRung, ladderKbps), ladderKbps);
    for (let j = 0; j < ladderKbps.length; j++) out[j] = j === k ? 0 : Infinity;
    return out;
  },
});
