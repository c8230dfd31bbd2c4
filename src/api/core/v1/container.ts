// Container defaulting and validation (ports, env, volume mounts, probes, resources).
import { duplicate, invalid, notSupported, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { isDns1123Label } from '../../meta/name-validation.js';
import { isQuantity } from '../../resource/quantity.js';
import { arr, isRec, rec, setDefault, str, type Rec } from './json.js';

const protocols = ['SCTP', 'TCP', 'UDP'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

function imageTag(image: string): string {
  const afterSlash = image.slice(image.lastIndexOf('/') + 1);
  if (image.includes('@')) return '@digest';
  const i = afterSlash.lastIndexOf(':');
  return i >= 0 ? afterSlash.slice(i + 1) : '';
}

function defaultProbe(p: unknown): void {
  if (!isRec(p)) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  if (isRec(p['httpGet'])) setDefault(p['httpGet'], 'path', '/'), setDefault(p['httpGet'], 'scheme', 'HTTP');
}

export function defaultContainer(c: Rec): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  const image = str(c['image']) ?? '';
  const tag = imageTag(image);
  setDefault(c, 'imagePullPolicy', tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent');
  for (const p of arr(c['ports'])) if (isRec(p)) setDefault(p, 'protocol', 'TCP');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  if (isRec(c['resources'])) {
    const r = c['resources'];
    // Upstream: requests default to limits when only limits are set.
    if (isRec(r['limits']) && !isRec(r['requests'])) r['requests'] = { ...r['limits'] };
  } else {
    c['resources'] = {};
  }
}

function validatePort(p: number | undefined, path: FieldPath, requiredField: boolean): FieldError[] {
  if (p === undefined) return requiredField ? [required(path)] : [];
  if (!Number.isInteger(p) || p < 1 || p > 65535) return [invalid(path, p, 'must be between 1 and 65535, inclusive')];
  return [];
}

export function validateContainer(c: unknown, path: FieldPath, volumeNames: ReadonlySet<string>): FieldError[] {
  const o = rec(c);
  const errs: FieldError[] = [];
  const name = str(o['name']);
  if (!name) errs.push(required(path.child('name')));
  else for (const m of isDns1123Label(name)) errs.push(invalid(path.child('name'), name, m));
  if (!str(o['image'])?.trim()) errs.push(required(path.child('image')));
  const pp = o['imagePullPolicy'];
  if (pp !== undefined && !pullPolicies.includes(String(pp))) errs.push(notSupported(path.child('imagePullPolicy'), pp, pullPolicies));
  const portNames = new Set<string>();
  arr(o['ports']).forEach((p, i) => {
    const pr = rec(p);
    const pp2 = path.child('ports').index(i);
    errs.push(...validatePort(typeof pr['containerPort'] === 'number' ? pr['containerPort'] : pr['containerPort'] === undefined ? undefined : NaN, pp2.child('containerPort'), true));
    if (pr['hostPort'] !== undefined) errs.push(...validatePort(Number(pr['hostPort']), pp2.child('hostPort'), false));
    const pn = str(pr['name']);
    if (pn) {
      if (pn.length > 15 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(pn) || !/[a-z]/.test(pn)) errs.push(invalid(pp2.child('name'), pn, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'));
      if (portNames.has(pn)) errs.push(duplicate(pp2.child('name'), pn));
      portNames.add(pn);
    }
    if (pr['protocol'] !== undefined && !protocols.includes(String(pr['protocol']))) errs.push(notSupported(pp2.child('protocol'), pr['protocol'], protocols));
  });
  arr(o['env']).forEach((e, i) => {
    const en = str(rec(e)['name']);
    if (!en) errs.push(required(path.child('env').index(i).child('name')));
  });
  const mountPaths = new Set<string>();
  arr(o['volumeMounts']).forEach((m, i) => {
    const mr = rec(m);
    const mp = path.child('volumeMounts').index(i);
    const vn = str(mr['name']);
    if (!vn) errs.push(required(mp.child('name')));
    else if (!volumeNames.has(vn)) errs.push({ type: 'FieldValueNotFound', field: mp.child('name').toString(), badValue: vn });
    const mpath = str(mr['mountPath']);
    if (!mpath) errs.push(required(mp.child('mountPath')));
    else if (mountPaths.has(mpath)) errs.push(invalid(mp.child('mountPath'), mpath, 'must be unique'));
    else mountPaths.add(mpath);
  });
  const res = rec(o['resources']);
  for (const kind of ['limits', 'requests']) {
    for (const [k, v] of Object.entries(rec(res[kind]))) {
      if (!isQuantity(v)) errs.push(invalid(path.child('resources', kind).key(k), v, 'must be a valid quantity'));
    }
  }
  return errs;
}
