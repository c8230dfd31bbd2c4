// The PodSecurity admission plugin (upstream's in-tree plugin with default configuration): namespace labels
// choose enforce/audit/warn levels; pods violating the enforce level are rejected (403), violations of the warn
// level come back as `Warning:` headers, of the audit level as audit annotations; workload pod templates are
// warned and audited only; tightening a namespace's enforce level warns about its existing pods.
import type { Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import {
  compareLevels, errorString, evaluatePod, existingPodWarnings, forbidden, forbiddenDetail, hasPodTemplate, invalid, isSignificantPodUpdate,
  levelVersionString, podSecurityLabelPrefix, podTemplateOf, policyFromLabels, sameLevelVersion, type KubeObject, type LevelVersion, type Policy,
} from '../../api/index.js';
import type { RequestContext } from '../registry/context.js';
import type { Admission, AdmissionAttributes } from '../registry/generic-store.js';

export interface PodSecurityLookups {
  namespace(name: string): KubeObject | undefined;
  /** The namespace's pods (from the watch cache). */
  pods(namespace: string): Pod[];
}

const labelsOf = (o: KubeObject | undefined): Record<string, string> | undefined => (o?.metadata as { labels?: Record<string, string> } | undefined)?.labels;
const annotate = (ctx: RequestContext | undefined, key: string, value: string): void => { ctx?.audit?.annotate(podSecurityLabelPrefix + key, value); };

function checkNamespace(op: string, obj: KubeObject, old: KubeObject | undefined, ctx: RequestContext | undefined, lookups: PodSecurityLookups): void {
  const name = (obj.metadata as { name?: string } | undefined)?.name ?? '';
  const next = policyFromLabels(labelsOf(obj));
  const nextText = next.errors.map(errorString).join(', ');
  if (op === 'CREATE') {
    if (next.errors.length) throw invalid({ group: '', kind: 'Namespace' }, name, next.errors);
    return;
  }
  const prev = policyFromLabels(labelsOf(old));
  if (next.errors.length && (!prev.errors.length || prev.errors.map(errorString).join(', ') !== nextText)) throw invalid({ group: '', kind: 'Namespace' }, name, next.errors);
  const a = next.policy.enforce;
  const b = prev.policy.enforce;
  // Only a stricter enforce level (or another version) is dry-run against the pods already there.
  if (sameLevelVersion(a, b) || a.level === 'privileged' || (a.version === b.version && compareLevels(a.level, b.level) < 1)) return;
  ctx?.warnings.push(...existingPodWarnings(name, a, lookups.pods(name)));
}

function evaluate(policy: Policy, meta: ObjectMeta, spec: PodSpec, enforce: boolean, ctx: RequestContext | undefined, reject: (message: string) => Error): void {
  annotate(ctx, 'enforce-policy', levelVersionString(policy.enforce));
  const results = new Map<string, ReturnType<typeof evaluatePod>>();
  const run = (lv: LevelVersion): ReturnType<typeof evaluatePod> => {
    const key = levelVersionString(lv);
    let r = results.get(key);
    if (!r) results.set(key, (r = evaluatePod(lv, meta, spec)));
    return r;
  };
  const enforced = enforce ? run(policy.enforce) : undefined;
  // Audit annotations are recorded even for a rejected pod; warnings are not added to a rejection.
  const audit = run(policy.audit);
  if (!audit.allowed) annotate(ctx, 'audit-violations', `would violate PodSecurity "${levelVersionString(policy.audit)}": ${forbiddenDetail(audit)}`);
  if (enforced && !enforced.allowed) throw reject(`violates PodSecurity "${levelVersionString(policy.enforce)}": ${forbiddenDetail(enforced)}`);
  const warn = run(policy.warn);
  if (!warn.allowed) ctx?.warnings.push(`would violate PodSecurity "${levelVersionString(policy.warn)}": ${forbiddenDetail(warn)}`);
}

export function podSecurityAdmission(lookups: PodSecurityLookups): Admission {
  return {
    admit(op, desc, obj, old, attrs?: AdmissionAttributes) {
      if (op === 'DELETE' || (attrs?.subresource ?? '') !== '') return;
      const ctx = attrs?.ctx;
      if (desc.group === '' && desc.plural === 'namespaces') return checkNamespace(op, obj, old, ctx, lookups);
      const isPod = desc.group === '' && desc.plural === 'pods';
      if (!isPod && !hasPodTemplate(desc.group, desc.plural)) return;
      const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
      const { policy, errors } = policyFromLabels(labelsOf(lookups.namespace(meta.namespace ?? '')));
      if (errors.length) annotate(ctx, 'error', `Failed to parse policy: ${errors.map(errorString).join(', ')}`);
      const reject = (message: string): Error => forbidden({ group: desc.group, resource: desc.plural }, meta.name ?? '', message);
      if (isPod) {
        const allPrivileged = [policy.enforce, policy.audit, policy.warn].every((lv) => lv.level === 'privileged');
        if (!errors.length && allPrivileged) return;
        if (op === 'UPDATE' && old && !isSignificantPodUpdate(obj as Pod, old as Pod)) return;
        const pod = obj as Pod;
        return evaluate(policy, pod.metadata ?? {}, pod.spec ?? { containers: [] }, true, ctx, reject);
      }
      if (!errors.length && policy.audit.level === 'privileged' && policy.warn.level === 'privileged') return;
      const template = podTemplateOf(desc.group, desc.plural, obj);
      if (template) evaluate(policy, template.meta, template.spec, false, ctx, reject);
    },
  };
}
