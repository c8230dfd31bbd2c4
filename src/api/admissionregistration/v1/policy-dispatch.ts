// The validating admission policy decision for one request (upstream plugin/policy/validating dispatcher.go):
// every policy whose matchConstraints select the request, with each of its bindings that selects it too,
// evaluated for each param the binding refers to. Deny refuses the request (the first denial answers),
// Warn adds a warning, Audit an audit annotation; auditAnnotations are published under `<policy>/<key>`.
// Configuration errors (missing params, unknown paramKind) follow the policy's failurePolicy.
import type { ParamKind, ParamRef, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from 'kubernetes-types/admissionregistration/v1.js';
import { fromLabelSelectorObject, matchesLabels, type KubeObject } from '../../meta/index.js';
import { compilePolicy, type CompiledPolicy } from './policy-compile.js';
import { evaluatePolicy, reasonToCode, type PolicyReason } from './policy-evaluation.js';
import { matchResources, type MatchRequest } from './policy-matching.js';

/** The objects of a paramKind as the server's caches hold them. */
export interface ParamStore {
  readonly namespaced: boolean;
  get(namespace: string, name: string): KubeObject | undefined;
  list(namespace: string): readonly KubeObject[];
}

export interface PolicyRequest extends MatchRequest {
  /** The AdmissionRequest as JSON, without object and oldObject. */
  readonly admissionRequest: Readonly<Record<string, unknown>>;
  readonly namespaceObject: KubeObject | undefined;
}

export interface PolicySources {
  readonly policies: readonly KubeObject[];
  readonly bindings: readonly KubeObject[];
  /** The store serving a paramKind, or undefined when no resource has that kind. */
  params(kind: ParamKind): ParamStore | undefined;
}

export interface PolicyDenial {
  readonly message: string;
  readonly reason: PolicyReason;
  readonly code: number;
}

export interface PolicyOutcome {
  readonly denial?: PolicyDenial;
  readonly warnings: readonly string[];
  /** Audit annotations to add to the request's audit events, in order. */
  readonly auditAnnotations: readonly (readonly [string, string])[];
}

export const validationFailureAnnotation = 'validation.policy.admission.k8s.io/validation_failure';
const maxAuditAnnotationValueLength = 10 * 1024;

const compiled = new WeakMap<object, CompiledPolicy>();

/** The policy's compiled expressions, compiled once per cached object. */
function compiledPolicy(policy: ValidatingAdmissionPolicy): CompiledPolicy {
  let c = compiled.get(policy);
  if (c === undefined) {
    c = compilePolicy(policy.spec ?? {});
    compiled.set(policy, c);
  }
  return c;
}

/** upstream CollectParams: the params a binding evaluates with ([null] without a paramKind or paramRef). */
function collectParams(kind: ParamKind | undefined, ref: ParamRef | undefined, store: ParamStore | undefined, namespace: string): { params: unknown[] } | { error: string } {
  if (kind === undefined || kind === null || ref === undefined || ref === null) return { params: [null] };
  if (store === undefined) return { error: `paramKind kind \`&ParamKind{APIVersion:${kind.apiVersion ?? ''},Kind:${kind.kind ?? ''},}\` not known` };
  let paramsNamespace = namespace;
  if (ref.namespace) paramsNamespace = ref.namespace;
  else if (!store.namespaced) paramsNamespace = '';
  if (paramsNamespace === '' && store.namespaced) return { error: 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources' };
  if (ref.namespace && !store.namespaced) return { error: 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`' };
  let params: unknown[] = [];
  if (ref.name) {
    const p = store.get(paramsNamespace, ref.name);
    if (p !== undefined) params = [p];
  } else if (ref.selector) {
    const sel = fromLabelSelectorObject(ref.selector);
    params = store.list(paramsNamespace).filter((o) => matchesLabels(sel, (o.metadata?.['labels'] ?? {}) as Record<string, string>));
  }
  if (params.length === 0 && ref.parameterNotFoundAction === 'Deny') return { error: 'no params found for policy binding with `Deny` parameterNotFoundAction' };
  return { params };
}

/** Runs every matching policy and binding. Pure: reads only its arguments. */
export function dispatchPolicies(sources: PolicySources, request: PolicyRequest): PolicyOutcome {
  const policies = sources.policies as unknown as ValidatingAdmissionPolicy[];
  const bindings = sources.bindings as unknown as ValidatingAdmissionPolicyBinding[];
  const denials: PolicyDenial[] = [];
  const warnings: string[] = [];
  const annotations: [string, string][] = [];
  const deny = (policy: string, binding: string, message: string, reason: PolicyReason = 'Invalid'): void => {
    const full = `ValidatingAdmissionPolicy '${policy}' with binding '${binding}' denied request: ${message}`;
    denials.push({ message: full, reason, code: reasonToCode(reason) });
  };
  for (const policy of policies) {
    const name = policy.metadata?.name ?? '';
    const spec = policy.spec ?? {};
    const own = bindings.filter((b) => b.spec?.policyName === name);
    if (own.length === 0) continue;
    const matched = matchResources(spec.matchConstraints ?? { resourceRules: [] }, request);
    if (!matched.matches) continue;
    const program = compiledPolicy(policy);
    const failurePolicy = spec.failurePolicy ?? 'Fail';
    const collected = new Map<string, string[]>();
    for (const binding of own) {
      const bindingName = binding.metadata?.name ?? '';
      if (!matchResources(binding.spec?.matchResources, request).matches) continue;
      const params = collectParams(spec.paramKind, binding.spec?.paramRef, spec.paramKind ? sources.params(spec.paramKind) : undefined, request.namespace);
      if ('error' in params) {
        if (failurePolicy !== 'Ignore') deny(name, bindingName, `failed to configure binding: ${params.error}`);
        continue;
      }
      const actions = binding.spec?.validationActions ?? [];
      for (const param of params.params) {
        const result = evaluatePolicy(program, failurePolicy, {
          object: request.object ?? null, oldObject: request.oldObject ?? null, request: { ...request.admissionRequest, resource: matched.resource },
          params: param, namespaceObject: request.namespaceObject ?? null,
        });
        for (const d of result.decisions) {
          for (const action of actions) {
            if (action === 'Deny') deny(name, bindingName, d.message, d.reason);
            else if (action === 'Warn') warnings.push(`Validation failed for ValidatingAdmissionPolicy '${name}' with binding '${bindingName}': ${d.message}`);
            else if (action === 'Audit') {
              const value = [{ message: d.message, policy: name, binding: bindingName, expressionIndex: d.expressionIndex, validationActions: actions }];
              annotations.push([validationFailureAnnotation, JSON.stringify(value)]);
            }
          }
        }
        for (const a of result.auditAnnotations) {
          const values = collected.get(a.key) ?? [];
          const value = a.value.slice(0, maxAuditAnnotationValueLength);
          if (!values.includes(value)) values.push(value);
          collected.set(a.key, values);
        }
      }
    }
    for (const [key, values] of collected) annotations.push([`${name}/${key}`, values.join(', ')]);
  }
  return { ...(denials[0] !== undefined ? { denial: denials[0] } : {}), warnings, auditAnnotations: annotations };
}
