/** Schema pieces shared by several sections: latency distributions, faults, SLOs. */
import { z } from 'zod';
import { duration, fraction } from './quantities.ts';

/** A random duration, e.g. a service time: `{dist: exponential, mean: 10ms}`. */
export const durationDist = () =>
  z.discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('constant'), value: duration() }),
    z.strictObject({ dist: z.literal('exponential'), mean: duration() }),
    z.strictObject({ dist: z.literal('uniform'), min: duration(), max: duration() }),
    z.strictObject({
      dist: z.literal('lognormal'),
      mean: duration(),
      cv: z.number().positive().meta({ description: 'Coefficient of variation (sd / mean).' }),
    }),
  ]);
export type DurationDist = z.output<ReturnType<typeof durationDist>>;

/** Fault kinds: the first three fit any component, the rest only encoding pipelines. */
export const FAULT_KINDS = ['down', 'degraded', 'slow', 'stall', 'crash', 'defective'] as const;
/** The kinds only a pipeline (`pipeline/<name>`) takes. */
export const PIPELINE_FAULT_KINDS: readonly string[] = ['stall', 'crash', 'defective'];

/**
 * Something going wrong for a while. `target` names a component ("station/api",
 * "controlPlane/us-east", ...); which targets exist depends on the scenario and is checked after parsing.
 */
export const fault = z.strictObject({
  target: z.string().min(1).meta({ description: 'Component path, e.g. "controlPlane/us-east".' }),
  kind: z.enum(FAULT_KINDS).meta({
    description:
      'down: refuses everything; degraded: capacity multiplied by `factor`; slow: `latency` added. ' +
      'Pipelines only: stall (skips segments), crash (stops), defective (publishes corrupt segments).',
  }),
  at: duration().meta({ description: 'When it starts, from the start of the run.' }),
  for: duration().meta({ description: 'How long it lasts.' }),
  factor: fraction().optional().meta({ description: 'Capacity left when degraded (0.5 = half).' }),
  latency: duration().optional().meta({ description: 'Latency added when slow.' }),
  share: fraction().optional().meta({ description: 'Target "sites" only: the share of CDN sites hit (chosen by a seeded draw).' }),
  label: z.string().optional().meta({ description: 'Shown on the timeline band.' }),
});
export type Fault = z.output<typeof fault>;

/** A service-level objective on a summary metric: `{metric: playStartP99Ms, max: 4000}`. */
export const slo = z
  .strictObject({
    metric: z.string().min(1).meta({ description: 'A summary metric name (see `livetwin schema` and the README).' }),
    max: z.number().optional(),
    min: z.number().optional(),
  })
  .refine((s) => s.max !== undefined || s.min !== undefined, { message: 'expected `max` or `min` (or both)' });
export type Slo = z.output<typeof slo>;
