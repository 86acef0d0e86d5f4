/**
 * The ABR rules, by the name scenarios use. The scenario schema takes its allowed names from these keys,
 * so adding a rule is one file and one line here, and an unknown name is an error listing the known ones.
 */
import type { AbrParams, AbrRule, AbrRuleFactory } from './rule.ts';
import { throughput } from './throughput.ts';
import { buffer } from './buffer.ts';
import { hybrid } from './hybrid.ts';

/** Every ABR rule, by the name scenarios use. */
export const abrRules = {
  throughput,
  buffer,
  hybrid,
} as const satisfies Record<string, AbrRuleFactory>;

/** A known rule name. */
export type AbrRuleName = keyof typeof abrRules;

/** The known names, in registry order (for schemas and error messages). */
export const abrRuleNames = Object.keys(abrRules) as [AbrRuleName, ...AbrRuleName[]];

/** Builds the named rule. */
export const makeAbr = (name: AbrRuleName, params: AbrParams): AbrRule => abrRules[name](params);
