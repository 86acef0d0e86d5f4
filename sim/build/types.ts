/** What a builder is: the wiring that turns one part of a scenario into running models. */
import type { Clock, RngStreams } from '../../models/ports.ts';
import type { Faultable } from '../../models/faults.ts';
import type { Scenario } from '../../scenarios/schema/scenario.ts';
import type { RunRecorder } from '../record/recorder.ts';

export interface BuildContext {
  scenario: Scenario;
  clock: Clock;
  rngs: RngStreams;
  recorder: RunRecorder;
  /** Builders register what faults can target, under the path the scenario uses ("station/api"). */
  faultTargets: Map<string, Faultable>;
  /** What a builder offers the builders after it, by name (the surge offers "surge" to delivery). */
  shared: Map<string, unknown>;
}

/** A built part of the run; its summary is merged into summary.json's `metrics`. */
export interface Part {
  summary(): Record<string, unknown>;
  /**
   * Called when every event up to and including `t` (µs) has run, just before the interval ending at
   * `t` is written: the place to fold per-interval tallies into the recorder.
   */
  onInterval?(t: number): void;
}

export interface Builder {
  name: string;
  /** Whether the scenario uses this part at all. */
  applies(s: Scenario): boolean;
  /** Summary metric paths this part reports (SLOs may name only these). */
  metrics(s: Scenario): string[];
  /** Fault targets this part offers. */
  targets(s: Scenario): string[];
  /** Cross-field checks the schema cannot express, as `{path, message}`. */
  check?(s: Scenario): Array<{ path: string; message: string }>;
  build(ctx: BuildContext): Part;
}
