// Node selectors, affinity and tolerations (pods and PV node affinity), with upstream messages.
import { forbidden, invalid, notSupported, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { validateLabelName, validateLabelSelector, validateLabelSelectorRequirement } from '../../meta/label-validation.js';
import { isDns1123Label, isDns1123Subdomain, isValidLabelValue } from '../../meta/name-validation.js';
import { arr, isRec, rec, s0 } from './json.js';

export function validateNodeSelectorRequirement(req: unknown, path: FieldPath, allowInvalidLabelValue = false): FieldError[] {
  return validateLabelSelectorRequirement(req, path, { numericOperators: true, allowInvalidLabelValueInSelector: allowInvalidLabelValue });
}

function validateNodeFieldSelectorRequirement(req: unknown, path: FieldPath): FieldError[] {
  const r = rec(req);
  const errs: FieldError[] = [];
  const op = s0(r['operator']);
  if (op === 'In' || op === 'NotIn') {
    if (arr(r['values']).length !== 1) errs.push(required(path.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else {
    errs.push(invalid(path.child('operator'), op, 'not a valid selector operator'));
  }
  if (s0(r['key']) !== 'metadata.name') errs.push(invalid(path.child('key'), s0(r['key']), 'not a valid field selector key'));
  else arr(r['values']).forEach((v, i) => { for (const m of isDns1123Subdomain(String(v))) errs.push(invalid(path.child('values').index(i), v, m)); });
  return errs;
}

export function validateNodeSelectorTerm(term: unknown, path: FieldPath, allowInvalidLabelValue = false): FieldError[] {
  const t = rec(term);
  const errs: FieldError[] = [];
  arr(t['matchExpressions']).forEach((r, j) => errs.push(...validateNodeSelectorRequirement(r, path.child('matchExpressions').index(j), allowInvalidLabelValue)));
  arr(t['matchFields']).forEach((r, j) => errs.push(...validateNodeFieldSelectorRequirement(r, path.child('matchFields').index(j))));
  return errs;
}

/** core.NodeSelector: at least one term. */
export function validateNodeSelector(sel: unknown, path: FieldPath): FieldError[] {
  const terms = arr(rec(sel)['nodeSelectorTerms']);
  const termsPath = path.child('nodeSelectorTerms');
  if (terms.length === 0) return [required(termsPath, 'must have at least one node selector term')];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t, termsPath.index(i)));
}

/** PersistentVolume spec.nodeAffinity (VolumeNodeAffinity). */
export function validateVolumeNodeAffinity(na: unknown, path: FieldPath): FieldError[] {
  const r = rec(na)['required'];
  if (!isRec(r)) return [required(path.child('required'), 'must specify required node constraints')];
  return validateNodeSelector(r, path.child('required'));
}

function validatePodAffinityTerm(term: unknown, path: FieldPath): FieldError[] {
  const t = rec(term);
  const errs = [...validateLabelSelector(t['labelSelector'], path.child('labelSelector')), ...validateLabelSelector(t['namespaceSelector'], path.child('namespaceSelector'))];
  for (const ns of arr(t['namespaces'])) for (const m of isDns1123Label(String(ns))) errs.push(invalid(path.child('namespace'), ns, m));
  const key = s0(t['topologyKey']);
  if (key === '') errs.push(required(path.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(key, path.child('topologyKey')));
  return errs;
}

function validateWeighted(terms: unknown, path: FieldPath, inner: (t: unknown, p: FieldPath) => FieldError[], innerKey: string): FieldError[] {
  return arr(terms).flatMap((w, i) => {
    const o = rec(w);
    const errs: FieldError[] = [];
    const weight = o['weight'];
    if (typeof weight !== 'number' || weight <= 0 || weight > 100) errs.push(invalid(path.index(i).child('weight'), weight ?? 0, 'must be in the range 1-100'));
    return [...errs, ...inner(o[innerKey], path.index(i).child(innerKey))];
  });
}

export function validateAffinity(affinity: unknown, path: FieldPath): FieldError[] {
  if (!isRec(affinity)) return [];
  const errs: FieldError[] = [];
  const na = affinity['nodeAffinity'];
  if (isRec(na)) {
    const p = path.child('nodeAffinity');
    const req = na['requiredDuringSchedulingIgnoredDuringExecution'];
    if (isRec(req)) errs.push(...validateNodeSelector(req, p.child('requiredDuringSchedulingIgnoredDuringExecution')));
    errs.push(...validateWeighted(na['preferredDuringSchedulingIgnoredDuringExecution'], p.child('preferredDuringSchedulingIgnoredDuringExecution'), (t, tp) => validateNodeSelectorTerm(t, tp, true), 'preference'));
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = affinity[kind];
    if (!isRec(pa)) continue;
    const p = path.child(kind);
    arr(pa['requiredDuringSchedulingIgnoredDuringExecution']).forEach((t, i) => errs.push(...validatePodAffinityTerm(t, p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i))));
    errs.push(...validateWeighted(pa['preferredDuringSchedulingIgnoredDuringExecution'], p.child('preferredDuringSchedulingIgnoredDuringExecution'), validatePodAffinityTerm, 'podAffinityTerm'));
  }
  return errs;
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaintEffect(effect: string, allowEmpty: boolean, path: FieldPath): FieldError[] {
  if (!allowEmpty && effect === '') return [required(path)];
  return taintEffects.includes(effect) ? [] : [notSupported(path, effect, taintEffects)];
}

export function validateTolerations(tolerations: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(tolerations).forEach((t, i) => {
    const o = rec(t);
    const p = path.index(i);
    const key = s0(o['key']);
    const op = s0(o['operator']);
    const effect = s0(o['effect']);
    if (key !== '') errs.push(...validateLabelName(key, p.child('key')));
    if (key === '' && op !== 'Exists') errs.push(invalid(p.child('operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (o['tolerationSeconds'] !== undefined && o['tolerationSeconds'] !== null && effect !== 'NoExecute') errs.push(invalid(p.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    const value = s0(o['value']);
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length) errs.push(invalid(p.child('operator'), value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value !== '') errs.push(invalid(p.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(p.child('operator'), op, ['Equal', 'Exists']));
    }
    if (effect !== '') errs.push(...validateTaintEffect(effect, true, p.child('effect')));
  });
  return errs;
}
