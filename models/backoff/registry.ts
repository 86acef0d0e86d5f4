/**
 * The backoff policies, by the name scenarios use. The scenario schema takes its allowed names from
 * these keys, so an unknown policy is an error listing the known ones.
 */
import { none } from './none.ts';
import { fixed } from './fixed.ts';
import { exponentialJitter } from './exponential-jitter.ts';
import { decorrelatedJitter } from './decorrelated-jitter.ts';
import { serverGuided, type ServerGuidedParams } from './server-guided.ts';
import type { BackoffPolicy } from './policy.ts';

export const backoffPolicies = {
  none,
  fixed,
  'exponential-jitter': exponentialJitter,
  'decorrelated-jitter': decorrelatedJitter,
  'server-guided': serverGuided,
} as const satisfies Record<string, (p: ServerGuidedParams) => BackoffPolicy>;

export type BackoffPolicyName = keyof typeof backoffPolicies;
export const backoffPolicyNames = Object.keys(backoffPolicies) as [BackoffPolicyName, ...BackoffPolicyName[]];

export function makeBackoff(name: BackoffPolicyName, params: ServerGuidedParams): BackoffPolicy {
  return backoffPolicies[name](params);
}

/** Whether the policy reads the server's Retry-After at all (only server-guided does). */
export const honoursRetryAfter = (name: BackoffPolicyName): boolean => name === 'server-guided';
