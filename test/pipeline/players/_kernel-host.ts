/**
 * The real-mode players without sockets or wall time: PlayerFleet and the ControlRegions on the
 * simulation kernel, joined by an in-process transport that times requests with the same `overLink`
 * as the HTTP transport. What it shows is that the fleet (real mode's port of SurgeSim's player side)
 * makes the same decisions as the simulation; HTTP and the wall clock are left out on purpose.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transport } from '../../../models/ports.ts';
import { ControlRegion, OK, SHED } from '../../../models/control-plane/region.ts';
import type { Scenario } from '../../../scenarios/schema/scenario.ts';
import { Kernel } from '../../../sim/kernel.ts';
import { createStreams } from '../../../sim/rng.ts';
import { RunRecorder } from '../../../sim/record/recorder.ts';
import { scheduleFaults } from '../../../sim/build/faults.ts';
import { REQUEST_COLUMNS, surgeSummary } from '../../../sim/build/surge/metrics.ts';
import { PlayerFleet, type PlayRequest, type PlayResponse } from '../../../pipeline/players/fleet.ts';
import { REFUSED, overLink } from '../../../pipeline/players/link.ts';
import { SurgeAudience } from '../../../pipeline/surge/audience.ts';
import { regionOptions } from '../../../sim/build/surge/options.ts';

type Heard = Parameters<Parameters<typeof overLink<PlayResponse>>[3]>[0];

export function runFleetOnKernel(s: Scenario): Record<string, unknown> {
  const kernel = new Kernel();
  const rngs = createStreams(s.seed);
  const rec = new RunRecorder();
  const names = Object.keys(s.topology.controlPlane!.regions);
  const audience = new SurgeAudience(s, rngs);
  const pending = names.map(() => new Map<number, Heard>());
  let nextId = 1;
  const regions: ControlRegion[] = [];
  const transport: Transport<PlayRequest, PlayResponse> = {
    request(to, req, reply) {
      const r = names.indexOf(to);
      overLink<PlayResponse>(kernel, Math.round(s.topology.controlPlane!.regions[to].rtt / 2), req.deadline, (heard) => {
        const id = nextId++;
        pending[r].set(id, heard);
        regions[r].request(id, req.deadline);
      }, reply);
    },
  };
  const fleet = new PlayerFleet(kernel, rec, transport, { scenario: s, meanSession: audience.meanSession, rngs });
  names.forEach((name, r) => {
    regions.push(new ControlRegion(kernel, rec, regionOptions(s, name, rngs), {
      respond(id, status, retryAfter, load) {
        const heard = pending[r].get(id);
        pending[r].delete(id);
        heard?.(status === OK ? { ok: true, res: { status: 200 } } : status === SHED ? { ok: true, res: { status: 503, retryAfter, load } } : { ok: false, error: REFUSED });
      },
      audience: () => fleet.watching[r],
    }));
  });
  scheduleFaults(kernel, s.faults, new Map(names.map((n, r) => [`controlPlane/${n}`, regions[r]])));
  rec.trackSum(REQUEST_COLUMNS);
  const kBin = kernel.register((bin) => {
    const j = audience.draw(bin);
    for (let i = 0; i < j.press.length; i++) fleet.join(j.first + i, j.homes[i], j.press[i]);
    if (bin + 1 < audience.bins) kernel.schedule(audience.binUs, kBin, bin + 1);
  });
  kernel.schedule(0, kBin, 0);
  rec.open(join(mkdtempSync(join(tmpdir(), 'livetwin-fleet-')), 'timeline.arrow'), {}, 60);
  for (let t = s.interval; t <= s.duration; t += s.interval) {
    kernel.run(t);
    rec.closeInterval(t / 1e6);
  }
  rec.close();
  return surgeSummary(rec, {
    regionNames: names, intervalUs: s.interval, uniqueViewers: audience.joined, playAttempts: fleet.playAttempts,
    playStarts: fleet.playStarts, meanSessionUs: audience.meanSession, viewersStillTrying: fleet.stillTrying(),
  });
}
