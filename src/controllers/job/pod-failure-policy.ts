// Job podFailurePolicy (upstream matchPodFailurePolicy): the first rule that matches a failed pod decides
// whether the failure counts against backoffLimit, fails the Job or the index, or is ignored. Pure.
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement, PodFailurePolicyOnPodConditionsPattern } from 'kubernetes-types/batch/v1.js';
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';

export type FailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface FailurePolicyMatch {
  /** Set when a FailJob rule matched: the FailureTarget condition's message. */
  readonly message?: string;
  /** Whether the failure counts towards backoffLimit (false only for Ignore). */
  readonly countFailed: boolean;
  /** The matched rule's action; undefined when no rule matched (the default: count it). */
  readonly action?: FailurePolicyAction;
}

/** A terminated container with a non-zero exit code that the requirement matches (exit code 0 never matches). */
function matchExitCodes(pod: Pod, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  const matches = (s: ContainerStatus): boolean => {
    if (req.containerName != null && req.containerName !== s.name) return false;
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    const listed = req.values.includes(code);
    return req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false;
  };
  return (pod.status?.containerStatuses ?? []).find(matches) ?? (pod.status?.initContainerStatuses ?? []).find(matches);
}

function matchConditions(pod: Pod, patterns: readonly PodFailurePolicyOnPodConditionsPattern[]): PodCondition | undefined {
  for (const p of patterns) {
    const c = (pod.status?.conditions ?? []).find((x) => x.type === p.type && x.status === (p.status ?? 'True'));
    if (c) return c;
  }
  return undefined;
}

export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): FailurePolicyMatch {
  for (const [index, rule] of (policy?.rules ?? []).entries()) {
    let what: string | undefined;
    if (rule.onExitCodes) {
      const s = matchExitCodes(pod, rule.onExitCodes);
      if (s) what = `Container ${s.name} for pod ${pod.metadata?.namespace}/${pod.metadata?.name} failed with exit code ${s.state?.terminated?.exitCode}`;
    } else if (rule.onPodConditions) {
      const c = matchConditions(pod, rule.onPodConditions);
      if (c) what = `Pod ${pod.metadata?.namespace}/${pod.metadata?.name} has condition ${c.type}`;
    }
    if (what === undefined) continue;
    switch (rule.action) {
      case 'Ignore': return { countFailed: false, action: 'Ignore' };
      case 'Count': return { countFailed: true, action: 'Count' };
      case 'FailIndex': return { countFailed: true, action: 'FailIndex' };
      case 'FailJob': return { message: `${what} matching FailJob rule at index ${index}`, countFailed: true, action: 'FailJob' };
      default: continue;
    }
  }
  return { countFailed: true };
}
