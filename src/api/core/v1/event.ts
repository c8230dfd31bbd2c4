// Event (core/v1): upstream's legacy event validation: namespace agreement with involvedObject, and for
// new-style events (eventTime set) the reporting fields. ObjectMeta names are not validated for core events.
import { invalid, required, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { isDns1123Subdomain, isQualifiedName } from '../../meta/name-validation.js';
import { validateObjectMetaUpdate } from '../../meta/validation.js';
import { rec, s0 } from './json.js';

const limit = (path: string, v: string, max: number): FieldError[] => (v.length > max ? [invalid(root(path), '', `can have at most ${max} characters`)] : []);

function validateEvent(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = s0(rec(obj.metadata)['namespace']);
  const involvedNs = s0(rec(obj['involvedObject'])['namespace']);
  const mismatch = (): FieldError => invalid(root('involvedObject', 'namespace'), involvedNs, 'does not match event.namespace');
  const eventTime = obj['eventTime'];
  if (eventTime === undefined || eventTime === null || eventTime === '') {
    if (involvedNs === '') {
      if (ns !== '' && ns !== 'default') errs.push(mismatch());
    } else if (ns !== involvedNs) {
      errs.push(mismatch());
    }
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch());
    const rc = s0(obj['reportingComponent']);
    if (rc === '') errs.push(required(root('reportingComponent')));
    for (const m of isQualifiedName(rc)) errs.push(invalid(root('reportingComponent'), rc, m));
    const ri = s0(obj['reportingInstance']);
    if (ri === '') errs.push(required(root('reportingInstance')));
    errs.push(...limit('reportingInstance', ri, 128));
    const action = s0(obj['action']);
    if (action === '') errs.push(required(root('action')));
    errs.push(...limit('action', action, 128));
    const reason = s0(obj['reason']);
    if (reason === '') errs.push(required(root('reason')));
    errs.push(...limit('reason', reason, 128));
    errs.push(...limit('message', s0(obj['message']), 1024));
  }
  for (const m of isDns1123Subdomain(ns)) errs.push(invalid(root('namespace'), ns, m));
  return errs;
}

export const eventRules: KindRules = {
  validate: validateEvent,
  validateUpdate: (obj, old) => [...validateEvent(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata)],
};
