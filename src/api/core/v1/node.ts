// Node: defaults (allocatable from capacity, canonical quantities), name and taint validation, and the update
// rule (podCIDRs and providerID may only be set once).
import { duplicate, forbidden, invalid, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { validateLabelName } from '../../meta/label-validation.js';
import { isValidLabelValue, nameIsDnsSubdomain } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { arr, child, deepEqual, isRec, rec, s0 } from './json.js';
import { defaultResourceList, isFieldError, readQuantity, validateResourceQuantityValue } from './resources.js';
import { validateTaintEffect } from './scheduling-constraints.js';

const cidrRe = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)|[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|[1-9]?\d))$/;

function validateTaints(obj: KubeObject): FieldError[] {
  // Upstream reports spec.taints under metadata.taints.
  const path = root('metadata', 'taints');
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(rec(obj['spec'])['taints']).forEach((t, i) => {
    const o = rec(t);
    const p = path.index(i);
    errs.push(...validateLabelName(s0(o['key']), p.child('key')));
    const msgs = isValidLabelValue(s0(o['value']));
    if (msgs.length) errs.push(invalid(p.child('value'), s0(o['value']), msgs.join(';')));
    errs.push(...validateTaintEffect(s0(o['effect']), false, p.child('effect')));
    const key = `${s0(o['effect'])}\u0000${s0(o['key'])}`;
    if (seen.has(key)) errs.push({ ...duplicate(p, o), detail: 'taints must be unique by key and effect pair' });
    seen.add(key);
  });
  return errs;
}

function validateNodeResources(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const list of ['capacity', 'allocatable']) {
    for (const [k, v] of Object.entries(rec(rec(obj['status'])[list]))) {
      const path = root('status', list, k);
      const q = readQuantity(v, path);
      if (isFieldError(q)) errs.push(q);
      else errs.push(...validateResourceQuantityValue(k, q, v, path));
    }
  }
  return errs;
}

function validateNode(obj: KubeObject): FieldError[] {
  const errs = [...validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDnsSubdomain }), ...validateTaints(obj), ...validateNodeResources(obj)];
  const cidrs = arr(rec(obj['spec'])['podCIDRs']).map(String);
  cidrs.forEach((c, i) => { if (!cidrRe.test(c)) errs.push(invalid(root('spec', 'podCIDRs').index(i), c, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')); });
  if (cidrs.length > 1 && new Set(cidrs).size !== cidrs.length) errs.push(invalid(root('spec', 'podCIDRs'), cidrs, 'may specify no more than one CIDR for each IP family'));
  return errs;
}

export const nodeRules: KindRules = {
  defaults(obj) {
    const status = rec(obj['status']);
    if (isRec(status['capacity'])) {
      defaultResourceList(status['capacity']);
      if (!isRec(status['allocatable'])) status['allocatable'] = { ...status['capacity'] };
    }
    if (isRec(status['allocatable'])) defaultResourceList(status['allocatable']);
    if (isRec(obj['status'])) obj['status'] = status;
    child(obj, 'spec');
  },
  validate: validateNode,
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNodeResources(obj), ...validateTaints(obj)];
    const n = rec(obj['spec']);
    const o = rec(old['spec']);
    const oc = arr(o['podCIDRs']);
    if (oc.length > 0 && !deepEqual(arr(n['podCIDRs']), oc)) errs.push(forbidden(root('spec', 'podCIDRs'), 'node updates may not change podCIDR except from "" to valid'));
    if (s0(o['providerID']) !== '' && o['providerID'] !== n['providerID']) errs.push(forbidden(root('spec', 'providerID'), 'node updates may not change providerID except from "" to valid'));
    if (s0(n['externalID']) !== s0(o['externalID'])) errs.push(forbidden(root('spec', 'externalID'), 'may not be updated'));
    return errs;
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateNodeResources(obj)];
  },
};
