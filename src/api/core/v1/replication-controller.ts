// ReplicationController: defaults (replicas 1, selector and labels from the template) and validation
// (non-empty selector matching the template, restartPolicy Always, no activeDeadlineSeconds).
import { forbidden, invalid, notSupported, required, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { nameIsDnsSubdomain } from '../../meta/name-validation.js';
import { validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { child, isRec, rec, s0 } from './json.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-spec.js';

function validateSpec(obj: KubeObject): FieldError[] {
  const spec = rec(obj['spec']);
  const p = root('spec');
  const errs = validateNonnegativeField(spec['minReadySeconds'], p.child('minReadySeconds'));
  const selector = rec(spec['selector']);
  if (Object.keys(selector).length === 0) errs.push(required(p.child('selector')));
  errs.push(...validateNonnegativeField(spec['replicas'], p.child('replicas')));
  const template = spec['template'];
  const tp = p.child('template');
  if (!isRec(template)) return [...errs, required(tp)];
  const labels = rec(rec(template['metadata'])['labels']);
  if (Object.keys(selector).length > 0 && Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
    errs.push(invalid(tp.child('metadata', 'labels'), labels, '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, tp));
  const tspec = rec(template['spec']);
  const rp = s0(tspec['restartPolicy']);
  if (rp !== 'Always') errs.push(notSupported(tp.child('spec', 'restartPolicy'), rp, ['Always']));
  if (tspec['activeDeadlineSeconds'] !== undefined && tspec['activeDeadlineSeconds'] !== null) {
    errs.push(forbidden(tp.child('spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicationController is not Supported'));
  }
  return errs;
}

function validateStatus(obj: KubeObject): FieldError[] {
  const st = rec(obj['status']);
  const p = root('status');
  const n = (k: string): number => (typeof st[k] === 'number' ? st[k] : 0);
  const errs: FieldError[] = [];
  for (const k of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']) errs.push(...validateNonnegativeField(st[k], p.child(k)));
  for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (n(k) > n('replicas')) errs.push(invalid(p.child(k), n(k), 'cannot be greater than status.replicas'));
  if (n('availableReplicas') > n('readyReplicas')) errs.push(invalid(p.child('availableReplicas'), n('availableReplicas'), 'cannot be greater than readyReplicas'));
  return errs;
}

export const replicationControllerRules: KindRules = {
  defaults(obj) {
    const spec = child(obj, 'spec');
    if (spec['replicas'] === undefined || spec['replicas'] === null) spec['replicas'] = 1;
    const template = spec['template'];
    if (!isRec(template)) return;
    defaultPodTemplateSpec(template);
    const labels = rec(template['metadata'])['labels'];
    if (isRec(labels)) {
      if (!isRec(spec['selector']) || Object.keys(spec['selector']).length === 0) spec['selector'] = { ...labels };
      const meta = child(obj, 'metadata');
      if (!isRec(meta['labels']) || Object.keys(meta['labels']).length === 0) meta['labels'] = { ...labels };
    }
  },
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain }), ...validateSpec(obj)],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(obj)],
  validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(obj)],
};
