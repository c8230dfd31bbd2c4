// ValidatingAdmissionPolicy and -Binding defaulting (upstream admissionregistration/v1 SetDefaults_*):
// failurePolicy Fail; matchConstraints and a binding's matchResources get matchPolicy Equivalent, empty
// namespace and object selectors, and their rules scope "*". parameterNotFoundAction has no default in v1.
import type { MatchResources, ValidatingAdmissionPolicySpec } from 'kubernetes-types/admissionregistration/v1.js';
import type { KubeObject } from '../../meta/index.js';
import type { RuleWithOperations } from './matching.js';
import { isObject } from '../../patch/json-value.js';


function defaultMatchResources(mr: unknown): void {
  if (!isObject(mr)) return;
  const m = mr as MatchResources;
  m.matchPolicy ??= 'Equivalent';
  m.namespaceSelector ??= {};
  m.objectSelector ??= {};
  for (const r of [...(m.resourceRules ?? []), ...(m.excludeResourceRules ?? [])]) if (isObject(r)) (r as RuleWithOperations).scope ??= '*';
}

export function defaultValidatingAdmissionPolicy(obj: KubeObject): void {
  if (!isObject(obj['spec'])) return;
  const spec = obj['spec'] as ValidatingAdmissionPolicySpec;
  spec.failurePolicy ??= 'Fail';
  defaultMatchResources(spec.matchConstraints);
}

export function defaultValidatingAdmissionPolicyBinding(obj: KubeObject): void {
  if (!isObject(obj['spec'])) return;
  defaultMatchResources(obj['spec']['matchResources']);
}
