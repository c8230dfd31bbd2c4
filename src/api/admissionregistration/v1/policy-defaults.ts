// ValidatingAdmissionPolicy and -Binding defaulting (upstream admissionregistration/v1 SetDefaults_*):
// failurePolicy Fail; matchConstraints and a binding's matchResources get matchPolicy Equivalent, empty
// namespace and object selectors, and their rules scope "*". parameterNotFoundAction has no default in v1.
import type { MatchResources, ValidatingAdmissionPolicySpec } from 'kubernetes-types/admissionregistration/v1.js';
import type { KubeObject } from '../../meta/index.js';
import type { RuleWithOperations } from './matching.js';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function defaultMatchResources(mr: unknown): void {
  if (!isRecord(mr)) return;
  const m = mr as MatchResources;
  m.matchPolicy ??= 'Equivalent';
  m.namespaceSelector ??= {};
  m.objectSelector ??= {};
  for (const r of [...(m.resourceRules ?? []), ...(m.excludeResourceRules ?? [])]) if (isRecord(r)) (r as RuleWithOperations).scope ??= '*';
}

export function defaultValidatingAdmissionPolicy(obj: KubeObject): void {
  if (!isRecord(obj['spec'])) return;
  const spec = obj['spec'] as ValidatingAdmissionPolicySpec;
  spec.failurePolicy ??= 'Fail';
  defaultMatchResources(spec.matchConstraints);
}

export function defaultValidatingAdmissionPolicyBinding(obj: KubeObject): void {
  if (!isRecord(obj['spec'])) return;
  defaultMatchResources(obj['spec']['matchResources']);
}
