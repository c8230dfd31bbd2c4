// Pod volumes: upstream defaults (emptyDir when no source, hostPath type, file modes, token expiry) and
// validation (name, exactly one source, per-source rules for the common sources).
import { duplicate, forbidden, invalid, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { isDns1123Label } from '../../meta/name-validation.js';
import { validateTemplateObjectMeta } from '../../meta/validation.js';
import { parseQuantity } from '../../resource/quantity.js';
import { defaultFieldRef, validateObjectFieldSelector, validateResourceFieldSelector, volumeFieldPaths } from './env.js';
import { arr, child, isRec, rec, s0, setDefault, type Rec } from './json.js';
import { defaultPersistentVolumeClaimSpec, validatePersistentVolumeClaimSpec } from './persistent-volume-claim.js';
import { defaultQuantityField } from './resources.js';
import {
  validateCsiDriverName, validateFcSource, validateFileMode, validateHostPathSource, validateKeyToPath, validateLocalDescendingPath,
  validateLocalNonReservedPath, validateNfsSource, validateSimpleSource,
} from './volume-sources.js';

/** Pod volume sources in upstream's checking order; the forbidden-path quirks (cephFS, downwarAPI) are upstream's. */
export const podVolumeSources = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
] as const;
const forbiddenSegment: Record<string, string> = { cephfs: 'cephFS', downwardAPI: 'downwarAPI' };
const defaultFileMode = 420;

export function defaultVolume(v: Rec): void {
  if (!podVolumeSources.some((s) => v[s] !== undefined && v[s] !== null)) v['emptyDir'] = {};
  if (isRec(v['hostPath'])) setDefault(v['hostPath'], 'type', '');
  if (isRec(v['emptyDir'])) defaultQuantityField(v['emptyDir'], 'sizeLimit');
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = v[k];
    if (isRec(src) && (src['defaultMode'] === undefined || src['defaultMode'] === null)) src['defaultMode'] = defaultFileMode;
  }
  for (const item of arr(rec(v['downwardAPI'])['items'])) if (isRec(item)) defaultFieldRef(item['fieldRef']);
  for (const source of arr(rec(v['projected'])['sources'])) {
    if (!isRec(source)) continue;
    const token = source['serviceAccountToken'];
    if (isRec(token) && (token['expirationSeconds'] === undefined || token['expirationSeconds'] === null)) token['expirationSeconds'] = 3600;
    for (const item of arr(rec(source['downwardAPI'])['items'])) if (isRec(item)) defaultFieldRef(item['fieldRef']);
  }
  const template = rec(v['ephemeral'])['volumeClaimTemplate'];
  if (isRec(template)) defaultPersistentVolumeClaimSpec(child(template, 'spec'));
}

function validateDownwardApiFile(file: unknown, path: FieldPath): FieldError[] {
  const f = rec(file);
  const errs: FieldError[] = [];
  const p = s0(f['path']);
  if (p === '') errs.push(required(path.child('path')));
  errs.push(...validateLocalNonReservedPath(p, path.child('path')));
  if (isRec(f['fieldRef'])) {
    errs.push(...validateObjectFieldSelector(f['fieldRef'], volumeFieldPaths, path.child('fieldRef')));
    if (isRec(f['resourceFieldRef'])) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isRec(f['resourceFieldRef'])) {
    errs.push(...validateResourceFieldSelector(f['resourceFieldRef'], path.child('resourceFieldRef'), true));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  return [...errs, ...validateFileMode(f['mode'], path.child('mode'))];
}

function validateProjected(src: Rec, path: FieldPath): FieldError[] {
  const errs = validateFileMode(src['defaultMode'], path.child('defaultMode'));
  const paths = new Set<string>();
  const seen = (p: string, bad: unknown): void => {
    if (p === '') return;
    if (paths.has(p)) errs.push(invalid(path, bad, 'conflicting duplicate paths'));
    paths.add(p);
  };
  arr(src['sources']).forEach((s, i) => {
    const o = rec(s);
    const sp = path.child('sources').index(i);
    let n = 0;
    for (const k of ['secret', 'configMap']) {
      const ref = o[k];
      if (!isRec(ref)) continue;
      n++;
      if (s0(ref['name']) === '') errs.push(required(sp.child(k, 'name')));
      arr(ref['items']).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, sp.child(k, 'items').index(j)));
        seen(s0(rec(kp)['path']), s0(ref['name']));
      });
    }
    if (isRec(o['downwardAPI'])) {
      n++;
      for (const file of arr(o['downwardAPI']['items'])) {
        errs.push(...validateDownwardApiFile(file, sp.child('downwardAPI')));
        seen(s0(rec(file)['path']), s0(rec(file)['path']));
      }
    }
    const token = o['serviceAccountToken'];
    if (isRec(token)) {
      n++;
      const exp = typeof token['expirationSeconds'] === 'number' ? token['expirationSeconds'] : 0;
      if (exp < 600) errs.push(invalid(sp.child('serviceAccountToken', 'expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(sp.child('serviceAccountToken', 'expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
      if (s0(token['path']) === '') errs.push(required(path.child('path')));
      else errs.push(...validateLocalNonReservedPath(s0(token['path']), path.child('path')));
    }
    if (isRec(o['clusterTrustBundle'])) n++;
    if (n > 1) errs.push(forbidden(sp, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateSource(kind: string, src: Rec, volPath: FieldPath): FieldError[] {
  const p = volPath.child(kind);
  switch (kind) {
    case 'emptyDir': {
      const limit = src['sizeLimit'];
      if (limit === undefined || limit === null) return [];
      try {
        if (parseQuantity(limit as string).sign() >= 0) return [];
      } catch {
        // reported below
      }
      return [forbidden(p.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity')];
    }
    case 'hostPath':
      return validateHostPathSource(src, p);
    case 'gitRepo':
      return [...validateSimpleSource(kind, src, volPath), ...validateLocalDescendingPath(s0(src['directory']), p.child('directory'))];
    case 'secret':
    case 'configMap': {
      const nameField = kind === 'secret' ? 'secretName' : 'name';
      const errs = s0(src[nameField]) === '' ? [required(p.child(nameField))] : [];
      errs.push(...validateFileMode(src['defaultMode'], p.child('defaultMode')));
      arr(src['items']).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child('items').index(i))));
      return errs;
    }
    case 'nfs':
      return validateNfsSource(src, p);
    case 'persistentVolumeClaim':
      return s0(src['claimName']) === '' ? [required(p.child('claimName'))] : [];
    case 'downwardAPI':
      return [...validateFileMode(src['defaultMode'], p.child('defaultMode')), ...arr(src['items']).flatMap((f) => validateDownwardApiFile(f, p))];
    case 'projected':
      return validateProjected(src, p);
    case 'fc':
      return validateFcSource(src, p);
    case 'csi':
      return validateCsiDriverName(s0(src['driver']), p.child('driver'));
    case 'flocker': {
      const name = s0(src['datasetName']);
      const uuid = s0(src['datasetUUID']);
      if (name === '' && uuid === '') return [required(p, 'one of datasetName and datasetUUID is required')];
      if (name !== '' && uuid !== '') return [invalid(p, 'resource', 'datasetName and datasetUUID can not be specified simultaneously')];
      return name.includes('/') ? [invalid(p.child('datasetName'), name, "must not contain '/'")] : [];
    }
    case 'ephemeral': {
      const t = src['volumeClaimTemplate'];
      if (!isRec(t)) return [required(p.child('volumeClaimTemplate'))];
      const tp = p.child('volumeClaimTemplate');
      return [...validateTemplateObjectMeta(t['metadata'], tp.child('metadata')), ...validatePersistentVolumeClaimSpec(t['spec'], tp.child('spec'))];
    }
    case 'image':
      return [];
    default:
      return validateSimpleSource(kind, src, volPath);
  }
}

/** Validates spec.volumes; returns the errors and the valid volumes by name (mounts may only use those). */
export function validateVolumes(volumes: unknown, path: FieldPath): { errs: FieldError[]; volumes: Map<string, Rec> } {
  const errs: FieldError[] = [];
  const valid = new Map<string, Rec>();
  const names = new Set<string>();
  arr(volumes).forEach((v, i) => {
    const o = rec(v);
    const p = path.index(i);
    const el: FieldError[] = [];
    let n = 0;
    for (const kind of podVolumeSources) {
      const src = o[kind];
      if (src === undefined || src === null) continue;
      if (n > 0) {
        el.push(forbidden(p.child(forbiddenSegment[kind] ?? kind), 'may not specify more than 1 volume type'));
        continue;
      }
      n++;
      el.push(...validateSource(kind, rec(src), p));
    }
    if (n === 0) el.push(required(p, 'must specify a volume type'));
    const name = s0(o['name']);
    if (name === '') el.push(required(p.child('name')));
    else for (const m of isDns1123Label(name)) el.push(invalid(p.child('name'), name, m));
    if (names.has(name)) el.push(duplicate(p.child('name'), name));
    if (el.length === 0) {
      names.add(name);
      valid.set(name, o);
    } else {
      errs.push(...el);
    }
  });
  return { errs, volumes: valid };
}
