/**
 * Throughput-based with two brakes: it steps up one rung at a time (so one fast fetch cannot jump the
 * player to 4K), and it steps down only when the buffer is below `lowBuffer` (a full buffer rides out
 * a throughput dip without a visible quality drop). Stepping down goes straight to the rung throughput
 * sustains, because a low buffer cannot afford a gradual descent.
 *
 * Monotone in throughput: with t the throughput rule's pick, the result is t below the current rung
 * (low buffer) or the current rung (otherwise), the current rung at t = current, and current + 1 above.
 */
import { clampCap, clampCurrent, fitThroughput, highestFit, type AbrRuleFactory } from './rule.ts';

export const hybrid: AbrRuleFactory = (p) => ({
  choose(current, throughputKbps, bufferUs, capRung, ladderKbps) {
    const cap = clampCap(capRung, ladderKbps);
    const cur = clampCurrent(current, cap);
    const t = highestFit(throughputKbps, cap, ladderKbps, p.safety);
    if (t > cur) return cur + 1;
    if (t < cur && bufferUs < p.lowBuffer) return t;
    return cur;
  },
  thresholds(current, bufferUs, capRung, ladderKbps, out) {
    const cap = clampCap(capRung, ladderKbps);
    const cur = clampCurrent(current, cap);
    const low = bufferUs < p.lowBuffer;
    for (let k = 0; k < ladderKbps.length; k++) {
      if (k < cur) out[k] = low ? fitThroughput(k, ladderKbps, p.safety) : Infinity;
      else if (k === cur) out[k] = low ? fitThroughput(k, ladderKbps, p.safety) : 0;
      else if (k === cur + 1 && k <= cap) out[k] = fitThroughput(k, ladderKbps, p.safety);
      else out[k] = Infinity;
    }
    return out;
  },
});
