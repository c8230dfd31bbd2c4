// Job successPolicy (upstream matchSuccessPolicy, Indexed Jobs): the first rule whose succeededIndexes
// and/or succeededCount the completed indexes satisfy makes the Job succeed early. Pure.
import type { SuccessPolicy } from 'kubernetes-types/batch/v1.js';
import { parseIndexes, totalIndexes, type Intervals } from './indexes.js';

/** How many of the required indexes have succeeded. */
function overlap(required: Intervals, succeeded: Intervals): number {
  let n = 0;
  for (const [a, b] of required) for (const [c, d] of succeeded) n += Math.max(0, Math.min(b, d) - Math.max(a, c) + 1);
  return n;
}

/** The SuccessCriteriaMet message ("Matched rules at index N"), or undefined when no rule is met. */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, succeeded: Intervals): string | undefined {
  if (!policy || succeeded.length === 0) return undefined;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes != null) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      const got = overlap(required, succeeded);
      if (rule.succeededCount != null ? got >= rule.succeededCount : got === totalIndexes(required)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount != null && totalIndexes(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
