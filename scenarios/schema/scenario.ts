/** The top level of a scenario file. Sections are optional; a scenario uses the models it names. */
import { z } from 'zod';
import { fault, slo } from './common.ts';
import { duration } from './quantities.ts';
import { station, workload } from './stations.ts';
import { audienceSection } from './audience.ts';
import { playerSection } from './player.ts';
import { controlPlaneSection, surgePolicies } from './control-plane.ts';
import { pushSection } from './push.ts';
import { cdnSection, deliverySection, ingestSection, originSection } from './delivery.ts';

export const scenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lowercase name of letters, digits, ".", "_" or "-"')
      .meta({ description: 'Names the run directory: runs/<name>-<seed>/.' }),
    description: z.string().optional(),
    seed: z.number().int().nonnegative().default(1).meta({ description: 'Root of every random stream.' }),
    duration: duration().meta({ description: 'Simulated time to run.' }),
    interval: duration().prefault('1s').meta({ description: 'Timeline recording interval (default 1s).' }),
    topology: z
      .strictObject({
        stations: z.record(z.string(), station).optional(),
        controlPlane: controlPlaneSection.optional(),
        cdn: cdnSection.optional(),
        ingest: ingestSection.optional(),
        origin: originSection.optional(),
      })
      .default({}),
    audience: audienceSection.optional(),
    player: playerSection.optional(),
    push: pushSection.optional(),
    delivery: deliverySection.prefault({}),
    workload: z.array(workload).default([]),
    policies: z.strictObject({ ...surgePolicies }).prefault({}),
    faults: z.array(fault).default([]),
    slo: z.array(slo).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.interval <= 0) ctx.addIssue({ code: 'custom', path: ['interval'], message: 'expected a positive duration' });
    if (s.duration <= 0) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'expected a positive duration' });
  });

export type Scenario = z.output<typeof scenarioSchema>;
