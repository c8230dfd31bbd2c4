// PodSpec and PodTemplateSpec: upstream defaults (SetDefaults_PodSpec and nested) and ValidatePodSpec,
// shared by Pod and every workload kind (Deployment, StatefulSet, Job, ...).
import { forbidden, invalid, notSupported, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { validateAnnotations, validateLabels } from '../../meta/label-validation.js';
import { inclusiveRangeError, isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidIp } from '../../meta/name-validation.js';
import { defaultContainer, validateContainers, validateInitContainers } from './container.js';
import { arr, child, isRec, rec, s0, setDefault, type Rec } from './json.js';
import { validateAffinity, validateTolerations } from './scheduling-constraints.js';
import { defaultVolume, validateVolumes } from './volume.js';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const maxInt32 = 2147483647;

/** SetDefaults_PodSpec plus the defaults of its volumes and containers (mutates). */
export function defaultPodSpec(spec: Record<string, unknown>): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (!isRec(spec['securityContext'])) spec['securityContext'] = {};
  if (spec['terminationGracePeriodSeconds'] === undefined || spec['terminationGracePeriodSeconds'] === null) spec['terminationGracePeriodSeconds'] = 30;
  setDefault(spec, 'schedulerName', 'default-scheduler');
  // The deprecated serviceAccount field mirrors serviceAccountName (conversion, not defaulting, upstream).
  if (s0(spec['serviceAccountName']) !== '' && s0(spec['serviceAccount']) === '') spec['serviceAccount'] = spec['serviceAccountName'];
  else if (s0(spec['serviceAccount']) !== '' && s0(spec['serviceAccountName']) === '') spec['serviceAccountName'] = spec['serviceAccount'];
  for (const v of arr(spec['volumes'])) if (isRec(v)) defaultVolume(v);
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) for (const c of arr(spec[key])) if (isRec(c)) defaultContainer(c);
}

export function defaultPodTemplateSpec(t: Record<string, unknown>): void {
  child(t, 'metadata');
  defaultPodSpec(child(t, 'spec'));
}

export interface PodSpecValidationOptions {
  /** Allowed restart policies (workloads narrow this, e.g. Deployment: Always). */
  restartPolicies?: string[];
  /** True for a Pod object (not a template): hostNetwork ports must match exactly. */
  resourceIsPod?: boolean;
}

function validateDnsConfig(config: unknown, dnsPolicy: string, path: FieldPath): FieldError[] {
  if (dnsPolicy === 'None') {
    if (!isRec(config)) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (arr(config['nameservers']).length === 0) return [required(path.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isRec(config)) return [];
  const errs: FieldError[] = [];
  const ns = arr(config['nameservers']);
  if (ns.length > 3) errs.push(invalid(path.child('nameservers'), ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => { for (const m of isValidIp(String(n))) errs.push(invalid(path.child('nameservers').index(i), n, m)); });
  const searches = arr(config['searches']).map(String);
  if (searches.length > 32) errs.push(invalid(path.child('searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(invalid(path.child('searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    for (const m of isDns1123Subdomain(trimmed)) errs.push(invalid(path.child('searches').index(i), trimmed, m));
  });
  arr(config['options']).forEach((o, i) => { if (s0(rec(o)['name']) === '') errs.push(required(path.child('options').index(i), 'must not be empty')); });
  return errs;
}

function validatePodSecurityContext(spec: Rec, path: FieldPath): FieldError[] {
  const sc = rec(spec['securityContext']);
  const errs: FieldError[] = [];
  for (const f of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    const v = sc[f];
    if (typeof v === 'number' && (v < 0 || v > maxInt32)) errs.push(invalid(path.child('securityContext', f), v, inclusiveRangeError(0, maxInt32)));
  }
  arr(sc['supplementalGroups']).forEach((g, i) => {
    if (typeof g === 'number' && (g < 0 || g > maxInt32)) errs.push(invalid(path.child('securityContext', 'supplementalGroups').index(i), g, inclusiveRangeError(0, maxInt32)));
  });
  const fsp = sc['fsGroupChangePolicy'];
  if (fsp !== undefined && fsp !== null && fsp !== 'OnRootMismatch' && fsp !== 'Always') errs.push(notSupported(path.child('securityContext', 'fsGroupChangePolicy'), fsp, ['Always', 'OnRootMismatch']));
  return errs;
}

/** Upstream ValidatePodSpec. */
export function validatePodSpec(spec: unknown, path: FieldPath, opts: PodSpecValidationOptions = {}): FieldError[] {
  const s = rec(spec);
  const errs: FieldError[] = [];
  const gracePeriod = s['terminationGracePeriodSeconds'];
  if (gracePeriod === undefined || gracePeriod === null) errs.push(required(path.child('terminationGracePeriodSeconds')));
  const { errs: volErrs, volumes } = validateVolumes(s['volumes'], path.child('volumes'));
  errs.push(...volErrs);
  errs.push(...validateContainers(s['containers'], volumes, gracePeriod, path.child('containers')));
  errs.push(...validateInitContainers(s['initContainers'], s['containers'], volumes, gracePeriod, path.child('initContainers')));
  if (s['hostNetwork'] === true) {
    arr(s['containers']).forEach((c, i) => arr(rec(c)['ports']).forEach((port, j) => {
      const p = rec(port);
      const hp = typeof p['hostPort'] === 'number' ? p['hostPort'] : 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== p['containerPort']) {
        errs.push(invalid(path.child('containers').index(i).child('ports').index(j).child('hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    }));
  }
  const rp = s0(s['restartPolicy']);
  if (rp === '') errs.push(required(path.child('restartPolicy')));
  else if (!restartPolicies.includes(rp)) errs.push(notSupported(path.child('restartPolicy'), rp, restartPolicies));
  if (opts.restartPolicies && rp !== '' && !opts.restartPolicies.includes(rp)) errs.push(notSupported(path.child('restartPolicy'), rp, opts.restartPolicies));
  const dp = s0(s['dnsPolicy']);
  if (dp === '') errs.push(required(path.child('dnsPolicy')));
  else if (!dnsPolicies.includes(dp)) errs.push(notSupported(path.child('dnsPolicy'), dp, dnsPolicies));
  errs.push(...validateLabels(s['nodeSelector'], path.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(s, path));
  arr(s['imagePullSecrets']).forEach((ps, i) => {
    const o = rec(ps);
    if (Object.keys(o).some((k) => k !== 'name')) errs.push(invalid(path.child('imagePullSecrets').index(i), o, 'only name may be set'));
  });
  errs.push(...validateAffinity(s['affinity'], path.child('affinity')));
  errs.push(...validateDnsConfig(s['dnsConfig'], dp, path.child('dnsConfig')));
  arr(s['readinessGates']).forEach((g, i) => {
    const t = s0(rec(g)['conditionType']);
    for (const m of isQualifiedName(t)) errs.push(invalid(path.child('readinessGates').index(i).child('conditionType'), t, m));
  });
  const gates = new Set<string>();
  arr(s['schedulingGates']).forEach((g, i) => {
    const name = s0(rec(g)['name']);
    for (const m of isQualifiedName(name)) errs.push(invalid(path.child('schedulingGates').index(i), name, m));
    if (gates.has(name)) errs.push({ type: 'FieldValueDuplicate', field: path.child('schedulingGates').index(i).toString(), badValue: name });
    gates.add(name);
  });
  for (const [field, fn] of [['serviceAccountName', isDns1123Subdomain], ['nodeName', isDns1123Subdomain]] as const) {
    const v = s0(s[field]);
    if (v !== '') for (const m of fn(v)) errs.push(invalid(path.child(field), v, m));
  }
  const ads = s['activeDeadlineSeconds'];
  if (ads !== undefined && ads !== null && (typeof ads !== 'number' || ads < 1 || ads > maxInt32)) errs.push(invalid(path.child('activeDeadlineSeconds'), ads, inclusiveRangeError(1, maxInt32)));
  for (const field of ['hostname', 'subdomain']) {
    const v = s0(s[field]);
    if (v !== '') for (const m of isDns1123Label(v)) errs.push(invalid(path.child(field), v, m));
  }
  errs.push(...validateTolerations(s['tolerations'], path.child('tolerations')));
  arr(s['hostAliases']).forEach((a, i) => {
    const o = rec(a);
    const ip = s0(o['ip']);
    for (const m of isValidIp(ip)) errs.push(invalid(path.child('hostAliases').index(i).child('ip'), ip, m));
    arr(o['hostnames']).forEach((h, j) => { for (const m of isDns1123Subdomain(String(h))) errs.push(invalid(path.child('hostAliases').index(i).child('hostnames').index(j), h, m)); });
  });
  const pcn = s0(s['priorityClassName']);
  if (pcn !== '') for (const m of isDns1123Subdomain(pcn)) errs.push(invalid(path.child('priorityClassName'), pcn, m));
  const pp = s['preemptionPolicy'];
  if (pp !== undefined && pp !== null) {
    if (pp === '') errs.push(required(path.child('preemptionPolicy')));
    else if (pp !== 'PreemptLowerPriority' && pp !== 'Never') errs.push(notSupported(path.child('preemptionPolicy'), pp, ['PreemptLowerPriority', 'Never']));
  }
  const os = s['os'];
  if (isRec(os)) {
    const name = s0(os['name']);
    if (name === '') errs.push(required(path.child('os', 'name'), 'cannot be empty'));
    else if (name !== 'linux' && name !== 'windows') errs.push(notSupported(path.child('os'), name, ['linux', 'windows']));
  }
  return errs;
}

/** Upstream ValidatePodTemplateSpec: labels, annotations and the pod spec; no ephemeral containers. */
export function validatePodTemplateSpec(t: unknown, path: FieldPath, opts: { restartPolicies?: string[] } = {}): FieldError[] {
  const o = rec(t);
  const meta = rec(o['metadata']);
  // Upstream reports template label/annotation errors on `<path>.labels`, without `metadata`.
  const errs = [...validateLabels(meta['labels'], path.child('labels')), ...validateAnnotations(meta['annotations'], path.child('annotations'))];
  errs.push(...validatePodSpec(o['spec'], path.child('spec'), opts.restartPolicies ? { restartPolicies: opts.restartPolicies } : {}));
  if (arr(rec(o['spec'])['ephemeralContainers']).length > 0) errs.push(forbidden(path.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}
