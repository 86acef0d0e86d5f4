/**
 * WebSocket proxy decisions. A proxy holds its devices' connections and pushes to them one message at
 * a time at its send rate; the router tells it which trigger to broadcast, and asks it to send single
 * messages (replays to devices that just connected, retries) ahead of the broadcast still in progress.
 * A crash drops every connection it holds.
 */
import { combineFaults, type FaultEffect } from '../faults.ts';

/** A proxy's state under the scenario's faults: down is a crash; degraded scales the send rate; slow adds latency. */
export interface ProxyCondition {
  up: boolean;
  /** Messages per second it can push now. */
  ratePerSec: number;
  /** Added to every delivery (µs). */
  extraLatency: number;
}

export function proxyCondition(baseRatePerSec: number, active: readonly FaultEffect[]): ProxyCondition {
  const f = combineFaults(active);
  return { up: !f.down, ratePerSec: f.down ? 0 : baseRatePerSec * f.factor, extraLatency: f.latency };
}

/**
 * Whether the broadcast loop spends a send on a connection entry: not when the device has left this
 * proxy (the router replays to it wherever it reconnects) nor when the router already holds its ack
 * for the trigger (it got it by a replay or a retry).
 */
export function shouldSend(held: boolean, acked: number, bit: number): boolean {
  return held && (acked & bit) === 0;
}

/**
 * Whether a message sent at `sentAt` finds the connection open. A device drops its connection `gap`
 * before its session ends and reconnects at `sessionEnd`; the proxy only learns of it when the socket
 * closes, so sends in the gap are spent and lost.
 */
export function connectionOpen(sentAt: number, sessionEnd: number, gap: number): boolean {
  return sentAt < sessionEnd - gap;
}

