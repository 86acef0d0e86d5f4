/**
 * The edge cache policies by name. The scenario schema takes its allowed names from this object's keys,
 * so adding a policy is one file and one line here, and an unknown name is an error listing these.
 */
import type { CachePolicyFactory } from './policy.ts';
import { fifo } from './fifo.ts';
import { lru } from './lru.ts';
import { sieve } from './sieve.ts';

/** Every cache policy, by the name scenarios use. */
export const cachePolicies = {
  lru,
  fifo,
  sieve,
} as const satisfies Record<string, CachePolicyFactory>;

/** A known policy name. */
export type CachePolicyName = keyof typeof cachePolicies;

/** The known names, in registry order (for schemas and error messages). */
export const cachePolicyNames = Object.keys(cachePolicies) as [CachePolicyName, ...CachePolicyName[]];
