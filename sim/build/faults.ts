/** Schedules the scenario's faults: each target is told its full set of active faults at every change. */
import type { Clock } from '../../models/ports.ts';
import type { FaultEffect, Faultable } from '../../models/faults.ts';
import { PIPELINE_FAULT_KINDS, type Fault } from '../../scenarios/schema/common.ts';

const runtimeKind = (k: Fault['kind']): k is FaultEffect['kind'] => !PIPELINE_FAULT_KINDS.includes(k);

export function scheduleFaults(clock: Clock, faults: readonly Fault[], targets: Map<string, Faultable>): void {
  const active = new Map<string, FaultEffect[]>();
  for (const f of faults) {
    // Pipeline kinds (stall, crash, defective) are windows the delivery wiring gives the pipelines when
    // it builds them: nothing happens at run time.
    if (!runtimeKind(f.kind)) continue;
    const target = targets.get(f.target);
    if (!target) throw new Error(`fault target "${f.target}" was not built`); // checkScenario prevents this
    const effect: FaultEffect = { kind: f.kind, factor: f.factor ?? 1, latency: f.latency ?? 0 };
    const list = active.get(f.target) ?? [];
    active.set(f.target, list);
    clock.after(f.at, () => {
      list.push(effect);
      target.setFaults(list);
    });
    clock.after(f.at + f.for, () => {
      list.splice(list.indexOf(effect), 1);
      target.setFaults(list);
    });
  }
}
