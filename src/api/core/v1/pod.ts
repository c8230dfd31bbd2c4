// Pod: SetDefaults_Pod (+ PodSpec defaults), create validation, the upstream rule on what a pod update may
// change (images, activeDeadlineSeconds, added tolerations, removed scheduling gates) and status updates.
import { forbidden, invalid, required, root, type FieldError, type FieldPath } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { inclusiveRangeError, isDns1123Subdomain, isQualifiedName } from '../../meta/name-validation.js';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { validateContainersOnlyForPod } from './container.js';
import { arr, child, deepEqual, isRec, rec, s0, type Rec } from './json.js';
import { defaultPodSpec, validatePodSpec } from './pod-spec.js';
import { validateTolerations } from './scheduling-constraints.js';

const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];
/** The annotation (the manifest's config hash) that marks a static pod's mirror pod. */
export const mirrorPodAnnotation = 'kubernetes.io/config.mirror';

export const podUpdateForbiddenMessage = `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}`;

/** SetDefaults_Pod: requests default to limits, enableServiceLinks true, hostNetwork ports become host ports. */
function defaultPod(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  for (const key of ['containers', 'initContainers']) {
    for (const c of arr(spec[key])) {
      if (!isRec(c) || !isRec(c['resources']) || !isRec(c['resources']['limits'])) continue;
      const r = c['resources'] as Rec;
      const limits = r['limits'] as Rec;
      const requests = child(r, 'requests');
      for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
    }
  }
  if (spec['enableServiceLinks'] === undefined || spec['enableServiceLinks'] === null) spec['enableServiceLinks'] = true;
  if (spec['hostNetwork'] === true) {
    for (const key of ['containers', 'initContainers']) {
      for (const c of arr(spec[key])) {
        for (const p of arr(rec(c)['ports'])) if (isRec(p) && (p['hostPort'] === undefined || p['hostPort'] === 0)) p['hostPort'] = p['containerPort'];
      }
    }
  }
  defaultPodSpec(spec);
}

/** validatePodMetadataAndSpec: metadata, spec, and the pod-only checks. */
function validatePod(obj: KubeObject): FieldError[] {
  const spec = rec(obj['spec']);
  const specPath = root('spec');
  const errs = [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validatePodSpec(spec, specPath, { resourceIsPod: true })];
  if (s0(spec['serviceAccountName']) === '') {
    arr(spec['volumes']).forEach((v, vi) => {
      arr(rec(rec(v)['projected'])['sources']).forEach((s, si) => {
        if (isRec(rec(s)['serviceAccountToken'])) {
          errs.push(forbidden(specPath.child('volumes').index(vi).child('projected', 'sources').index(si).child('serviceAccountToken'), 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  errs.push(...validateContainersOnlyForPod(spec['containers'], specPath.child('containers')));
  errs.push(...validateContainersOnlyForPod(spec['initContainers'], specPath.child('initContainers')));
  return errs;
}

function validateContainerUpdates(n: unknown, o: unknown, path: FieldPath): { errs: FieldError[]; stop: boolean } {
  const nc = arr(n);
  if (nc.length !== arr(o).length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  nc.forEach((c, i) => {
    const image = s0(rec(c)['image']);
    if (image === '') errs.push(required(path.index(i).child('image')));
    if (image.trim() !== image) errs.push(invalid(path.index(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(n: unknown, o: unknown, path: FieldPath): FieldError[] {
  for (const old of arr(o)) {
    const found = arr(n).some((t) => deepEqual({ ...rec(old), tolerationSeconds: rec(t)['tolerationSeconds'] }, t));
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(n, path);
}

/** Upstream ValidatePodUpdate, spec part. */
export function validatePodSpecUpdate(newSpec: unknown, oldSpec: unknown): FieldError[] {
  const n = rec(newSpec);
  const o = rec(oldSpec);
  const specPath = root('spec');
  const errs: FieldError[] = [];
  for (const key of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(n[key], o[key], specPath.child(key));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const nads = n['activeDeadlineSeconds'];
  const oads = o['activeDeadlineSeconds'];
  if (typeof nads === 'number') {
    if (nads < 0 || nads > 2147483647) return [...errs, invalid(specPath.child('activeDeadlineSeconds'), nads, inclusiveRangeError(0, 2147483647))];
    if (typeof oads === 'number' && oads < nads) return [...errs, invalid(specPath.child('activeDeadlineSeconds'), nads, 'must be less than or equal to previous value')];
  } else if (typeof oads === 'number') {
    errs.push(invalid(specPath.child('activeDeadlineSeconds'), null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(n['tolerations'], o['tolerations'], specPath.child('tolerations')));
  const oldGates = new Set(arr(o['schedulingGates']).map((g) => s0(rec(g)['name'])));
  arr(n['schedulingGates']).forEach((g, i) => {
    const name = s0(rec(g)['name']);
    if (!oldGates.has(name)) errs.push(forbidden(specPath.child('schedulingGates').index(i).child('name'), `only deletion is allowed, but found new scheduling gate '${name}'`));
  });
  if (deepEqual(n, o)) return errs;
  const munged = structuredClone(n);
  for (const key of ['containers', 'initContainers']) {
    const oc = arr(o[key]);
    arr(munged[key]).forEach((c, i) => { if (isRec(c)) c['image'] = rec(oc[i])['image']; });
  }
  munged['activeDeadlineSeconds'] = o['activeDeadlineSeconds'];
  munged['schedulingGates'] = o['schedulingGates'];
  munged['tolerations'] = o['tolerations'];
  const otgp = o['terminationGracePeriodSeconds'];
  if (typeof otgp === 'number' && otgp < 0 && munged['terminationGracePeriodSeconds'] === 1) munged['terminationGracePeriodSeconds'] = otgp;
  // Binding (pods/binding) sets nodeName once through an update here; upstream's BindingREST bypasses this check.
  if (s0(o['nodeName']) === '') munged['nodeName'] = o['nodeName'];
  if (!deepEqual(munged, o)) errs.push(forbidden(specPath, podUpdateForbiddenMessage));
  return errs;
}

/** Upstream qos.GetPodQOS over the pod's containers: Guaranteed, Burstable or BestEffort (for status.qosClass). */
export function podQosClass(spec: unknown): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...arr(rec(spec)['initContainers']), ...arr(rec(spec)['containers'])].map((c) => rec(rec(c)['resources']));
  const compute = (list: unknown): Rec => Object.fromEntries(Object.entries(rec(list)).filter(([k]) => k === 'cpu' || k === 'memory'));
  let any = false;
  let guaranteed = true;
  for (const r of containers) {
    const requests = compute(r['requests']);
    const limits = compute(r['limits']);
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    if (!('cpu' in limits) || !('memory' in limits)) guaranteed = false;
    for (const [k, v] of Object.entries(requests)) if (limits[k] !== v) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function validatePodStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const st = rec(obj['status']);
  const ost = rec(old['status']);
  arr(st['conditions']).forEach((c, i) => {
    const t = s0(rec(c)['type']);
    if (['PodScheduled', 'Ready', 'Initialized'].includes(t)) return;
    for (const m of isQualifiedName(t)) errs.push(invalid(root('metadata', 'conditions').index(i).child('Type'), t, m));
  });
  if (s0(rec(obj['spec'])['nodeName']) !== s0(rec(old['spec'])['nodeName'])) errs.push(forbidden(root('status', 'nodeName'), 'may not be changed directly'));
  const nominated = s0(st['nominatedNodeName']);
  if (nominated !== '' && nominated !== s0(ost['nominatedNodeName'])) for (const m of isDns1123Subdomain(nominated)) errs.push(invalid(root('status', 'nominatedNodeName'), nominated, m));
  // qosClass is set once (upstream sets it at create); only a change of a recorded class is rejected.
  if (s0(ost['qosClass']) !== '') errs.push(...validateImmutableField(st['qosClass'], ost['qosClass'], root('status', 'qosClass')));
  return errs;
}

export const podRules: KindRules = {
  defaults: defaultPod,
  validate: validatePod,
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePod(obj), ...validatePodSpecUpdate(obj['spec'], old['spec'])];
  },
  validateStatusUpdate: validatePodStatus,
};
