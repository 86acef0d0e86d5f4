/** Wires the queueing lab: `topology.stations` fed by `workload` Poisson sources. */
import { Station } from '../../models/station/station.ts';
import { startPoissonSource } from '../../models/workload/poisson-source.ts';
import { erlangC } from '../../models/analytic/erlang-c.ts';
import { MS } from '../../models/time.ts';
import type { Builder } from './types.ts';
import { durationMean, durationSampler } from './samplers.ts';

const METRICS = ['arrivals', 'served', 'rejected', 'waitP50Ms', 'waitP99Ms', 'meanWaitMs', 'responseP99Ms', 'utilization'];

export const stationsBuilder: Builder = {
  name: 'stations',
  applies: (s) => Object.keys(s.topology.stations ?? {}).length > 0,
  metrics: (s) => Object.keys(s.topology.stations ?? {}).flatMap((n) => METRICS.map((m) => `stations.${n}.${m}`)),
  targets: (s) => Object.keys(s.topology.stations ?? {}).map((n) => `station/${n}`),
  check: (s) =>
    s.workload.flatMap((w, i) =>
      s.topology.stations?.[w.station]
        ? []
        : [{ path: `workload[${i}].station`, message: `no station "${w.station}" in topology.stations (known: ${Object.keys(s.topology.stations ?? {}).join(', ') || 'none'})` }],
    ),
  build({ scenario, clock, rngs, recorder, faultTargets }) {
    const stations = new Map<string, Station>();
    for (const [name, spec] of Object.entries(scenario.topology.stations ?? {})) {
      const st = new Station(clock, recorder, {
        name,
        servers: spec.servers,
        queueLimit: spec.queueLimit,
        serviceTime: durationSampler(spec.service, rngs.stream(`station/${name}/service`)),
      });
      stations.set(name, st);
      faultTargets.set(`station/${name}`, st);
    }
    scenario.workload.forEach((w, i) => {
      const st = stations.get(w.station)!;
      startPoissonSource(clock, rngs.stream(`workload/${i}/arrivals`), w.rate, () => st.arrive());
    });
    return {
      summary() {
        const out: Record<string, Record<string, number>> = {};
        for (const [name, st] of stations) {
          const wait = recorder.summarize(`${name}.waitMs`);
          const resp = recorder.summarize(`${name}.responseMs`);
          out[name] = {
            arrivals: recorder.total(`${name}.arrivals`),
            served: recorder.total(`${name}.served`),
            rejected: recorder.total(`${name}.rejected`),
            waitP50Ms: wait.p50,
            waitP99Ms: wait.p99,
            meanWaitMs: wait.mean,
            responseP99Ms: resp.p99,
            utilization: st.utilization(),
          };
          const spec = scenario.topology.stations![name];
          const rate = scenario.workload.filter((w) => w.station === name).reduce((a, w) => a + w.rate, 0);
          if (spec.service.dist === 'exponential' && rate > 0) {
            // The analytic M/M/c figure beside the simulated one: agreement validates the kernel end to end.
            const ec = erlangC(rate, durationMean(spec.service) / 1e6, spec.servers);
            Object.assign(out[name], { erlangCMeanWaitMs: (ec.meanWait * 1e6) / MS, erlangCUtilization: ec.utilization });
          }
        }
        return { stations: out };
      },
    };
  },
};
