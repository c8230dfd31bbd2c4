// PodSpec and PodTemplateSpec: upstream defaults and validation, shared by Pod and every workload kind.
import { invalid, notSupported, required, root, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { validateObjectMeta } from '../../meta/validation.js';
import { defaultContainer, validateContainer } from './container.js';
import { defaultVolume, validateVolumes } from './volume.js';
import { arr, child, isRec, rec, setDefault, str, type Rec } from './json.js';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

export function defaultPodSpec(spec: Record<string, unknown>): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  if (!isRec(spec['securityContext'])) spec['securityContext'] = {};
  if (spec['enableServiceLinks'] === undefined) spec['enableServiceLinks'] = true;
  // Upstream defaults serviceAccountName through admission; the deprecated serviceAccount mirrors it.
  if (str(spec['serviceAccountName']) && !str(spec['serviceAccount'])) spec['serviceAccount'] = spec['serviceAccountName'];
  for (const c of arr(spec['containers'])) if (isRec(c)) defaultContainer(c);
  for (const c of arr(spec['initContainers'])) if (isRec(c)) defaultContainer(c);
  for (const v of arr(spec['volumes'])) if (isRec(v)) defaultVolume(v);
}

export function defaultPodTemplateSpec(t: Record<string, unknown>): void {
  child(t, 'metadata');
  defaultPodSpec(child(t, 'spec'));
}

export function validatePodSpec(spec: unknown, path: FieldPath, opts: { restartPolicies?: string[] } = {}): FieldError[] {
  const s = rec(spec);
  const errs: FieldError[] = [];
  const { errs: volErrs, names } = validateVolumes(arr(s['volumes']), path.child('volumes'));
  errs.push(...volErrs);
  const containers = arr(s['containers']);
  if (containers.length === 0) errs.push(required(path.child('containers')));
  const seen = new Set<string>();
  const check = (list: unknown[], field: string): void => {
    list.forEach((c, i) => {
      errs.push(...validateContainer(c, path.child(field).index(i), names));
      const n = str(rec(c)['name']);
      if (n) {
        if (seen.has(n)) errs.push({ type: 'FieldValueDuplicate', field: path.child(field).index(i).child('name').toString(), badValue: n });
        seen.add(n);
      }
    });
  };
  check(containers, 'containers');
  check(arr(s['initContainers']), 'initContainers');
  const rp = s['restartPolicy'];
  const allowed = opts.restartPolicies ?? restartPolicies;
  if (rp !== undefined && !allowed.includes(String(rp))) errs.push(notSupported(path.child('restartPolicy'), rp, allowed));
  const dp = s['dnsPolicy'];
  if (dp !== undefined && !dnsPolicies.includes(String(dp))) errs.push(notSupported(path.child('dnsPolicy'), dp, dnsPolicies));
  for (const f of ['terminationGracePeriodSeconds', 'activeDeadlineSeconds']) {
    const v = s[f];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || (f === 'activeDeadlineSeconds' && v === 0))) errs.push(invalid(path.child(f), v, f === 'activeDeadlineSeconds' ? 'must be between 1 and 2147483647, inclusive' : 'must be greater than or equal to 0'));
  }
  const hn = str(s['hostname']);
  if (hn && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(hn)) errs.push(invalid(path.child('hostname'), hn, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"));
  const sd = str(s['subdomain']);
  if (sd && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(sd)) errs.push(invalid(path.child('subdomain'), sd, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"));
  return errs;
}

export function validatePodTemplateSpec(t: unknown, path: FieldPath, opts: { restartPolicies?: string[] } = {}): FieldError[] {
  const o = rec(t);
  const errs: FieldError[] = [];
  const meta = rec(o['metadata']);
  // Template metadata carries no name/namespace: validate labels and annotations only.
  const metaErrs = validateObjectMeta({ ...meta, name: 'template', namespace: 'template' }, { namespaced: true, path: path.child('metadata') });
  errs.push(...metaErrs.filter((e) => !e.field.endsWith('.name') && !e.field.endsWith('.namespace')));
  errs.push(...validatePodSpec(o['spec'], path.child('spec'), opts));
  return errs;
}

export { root };
export type { Rec };
