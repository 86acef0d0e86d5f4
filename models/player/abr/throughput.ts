/**
 * Throughput-based ABR: the highest rung whose bitrate is at most `safety` times the measured
 * throughput. Reacts at once in both directions, so it tracks the network closely and oscillates
 * when throughput hovers near a rung; the baseline the other rules are compared with.
 */
import { clampCap, fitThroughput, highestFit, type AbrRuleFactory } from './rule.ts';

export const throughput: AbrRuleFactory = (p) => ({
  choose(_current, throughputKbps, _bufferUs, capRung, ladderKbps) {
    return highestFit(throughputKbps, clampCap(capRung, ladderKbps), ladderKbps, p.safety);
  },
  thresholds(_current, _bufferUs, capRung, ladderKbps, out) {
    const cap = clampCap(capRung, ladderKbps);
    for (let k = 0; k < ladderKbps.length; k++) out[k] = k <= cap ? fitThroughput(k, ladderKbps, p.safety) : Infinity;
    return out;
  },
});
