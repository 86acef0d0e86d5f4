/**
 * The queueing lab: multi-server stations fed by open Poisson workloads. Small enough to check against
 * Erlang-C exactly, which is how the kernel, RNG and recorder are validated end to end.
 */
import { z } from 'zod';
import { durationDist } from './common.ts';
import { positiveCount, rate, wholeCount } from './quantities.ts';

export const station = z.strictObject({
  servers: positiveCount().meta({ description: 'Requests served at once.' }),
  queueLimit: wholeCount().default(1000).meta({ description: 'Requests waiting beyond this are rejected.' }),
  service: durationDist(),
});
export type Station = z.output<typeof station>;

export const workload = z.strictObject({
  station: z.string().meta({ description: 'The station these requests go to.' }),
  rate: rate(),
});
export type Workload = z.output<typeof workload>;
