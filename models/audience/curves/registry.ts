/** Arrival curve shapes by the name scenarios use (`audience.curve`). */
import { liveEvent } from './live-event.ts';
import { ramp } from './ramp.ts';
import { step } from './step.ts';

export const arrivalCurves = { 'live-event': liveEvent, step, ramp } as const;
export type ArrivalCurveName = keyof typeof arrivalCurves;
export const arrivalCurveNames = Object.keys(arrivalCurves) as [ArrivalCurveName, ...ArrivalCurveName[]];
