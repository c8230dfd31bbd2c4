// PersistentVolume: defaults (Retain, Filesystem, phase Pending), validation (access modes, capacity, exactly one
// source, local needs nodeAffinity, class name) and the update rule (source, volumeMode, nodeAffinity immutable).
import { forbidden, invalid, notSupported, required, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules } from '../../meta/kind-rules.js';
import { isDns1123Subdomain } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../meta/validation.js';
import { child, deepEqual, isRec, rec, s0, setDefault, type Rec } from './json.js';
import { validateAccessModes, volumeModes } from './persistent-volume-claim.js';
import { defaultResourceList, isFieldError, readQuantity, validatePositiveQuantity } from './resources.js';
import { validateVolumeNodeAffinity } from './scheduling-constraints.js';
import {
  validateCsiPersistentSource, validateFcSource, validateHostPathSource, validateLocalSource, validateNfsSource, validateSimpleSource,
} from './volume-sources.js';

/** PV sources in upstream's checking order. */
export const persistentVolumeSources = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi', 'cinder',
  'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO', 'local', 'storageos', 'csi',
] as const;
const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
const forbiddenSegment: Record<string, string> = { cephfs: 'cephFS' };

function validateSource(kind: string, src: Rec, spec: Rec): FieldError[] {
  const specPath = root('spec');
  const p = specPath.child(kind);
  switch (kind) {
    case 'hostPath':
      return validateHostPathSource(src, p);
    case 'nfs':
      return validateNfsSource(src, p);
    case 'local':
      return [...validateLocalSource(src, p), ...(isRec(spec['nodeAffinity']) ? [] : [required(specPath.child('nodeAffinity'), 'Local volume requires node affinity')])];
    case 'csi':
      return validateCsiPersistentSource(src, p);
    case 'fc':
      return validateFcSource(src, p);
    case 'flocker':
      return s0(src['datasetName']) === '' && s0(src['datasetUUID']) === '' ? [required(p, 'one of datasetName and datasetUUID is required')] : [];
    default:
      return validateSimpleSource(kind, src, specPath);
  }
}

function validatePersistentVolumeSpec(spec: Rec): FieldError[] {
  const p = root('spec');
  const errs: FieldError[] = validateAccessModes(spec['accessModes'], p.child('accessModes'), true, '');
  const capacity = rec(spec['capacity']);
  const keys = Object.keys(capacity);
  if (keys.length === 0) errs.push(required(p.child('capacity')));
  if (!('storage' in capacity) || keys.length > 1) errs.push(notSupported(p.child('capacity'), capacity, ['storage']));
  for (const [k, v] of Object.entries(capacity)) {
    const q = readQuantity(v, p.child('capacity').key(k));
    if (isFieldError(q)) errs.push(q);
    else {
      if (q.sign() < 0) errs.push(invalid(p.child('capacity').key(k), Number(q.integerValue()), 'must be a valid resource quantity'));
      errs.push(...validatePositiveQuantity(q, v, p.child('capacity').key(k)));
    }
  }
  const rp = s0(spec['persistentVolumeReclaimPolicy']);
  if (rp !== '' && !reclaimPolicies.includes(rp)) errs.push(notSupported(p.child('persistentVolumeReclaimPolicy'), rp, reclaimPolicies));
  if (isRec(spec['nodeAffinity'])) errs.push(...validateVolumeNodeAffinity(spec['nodeAffinity'], p.child('nodeAffinity')));
  let n = 0;
  for (const kind of persistentVolumeSources) {
    const src = spec[kind];
    if (src === undefined || src === null) continue;
    if (n > 0 && kind !== 'flexVolume') {
      errs.push(forbidden(p.child(forbiddenSegment[kind] ?? kind), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    errs.push(...validateSource(kind, rec(src), spec));
  }
  if (n === 0) errs.push(required(p, 'must specify a volume type'));
  const hp = spec['hostPath'];
  if (isRec(hp) && rp === 'Recycle' && /^\/+$/.test(s0(hp['path']).replace(/\/\.(?=\/|$)/g, '/'))) {
    errs.push(forbidden(p.child('persistentVolumeReclaimPolicy'), "may not be 'recycle' for a hostPath mount of '/'"));
  }
  const sc = s0(spec['storageClassName']);
  if (sc !== '') for (const m of isDns1123Subdomain(sc)) errs.push(invalid(p.child('storageClassName'), sc, m));
  const vm = spec['volumeMode'];
  if (vm !== undefined && vm !== null && !volumeModes.includes(String(vm))) errs.push(notSupported(p.child('volumeMode'), vm, volumeModes));
  return errs;
}

function validate(obj: Record<string, unknown>): FieldError[] {
  return [...validateObjectMeta(obj['metadata'], { namespaced: false }), ...validatePersistentVolumeSpec(rec(obj['spec']))];
}

/** Only the fields of the volume source union, for the immutability check. */
function sourceOf(spec: Rec): Rec {
  const out: Rec = {};
  for (const k of persistentVolumeSources) if (spec[k] !== undefined && spec[k] !== null) out[k] = spec[k];
  return out;
}

export const persistentVolumeRules: KindRules = {
  defaults(obj) {
    const spec = child(obj, 'spec');
    setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(spec, 'volumeMode', 'Filesystem');
    if (isRec(spec['hostPath'])) setDefault(spec['hostPath'], 'type', '');
    defaultResourceList(spec['capacity']);
    setDefault(child(obj, 'status'), 'phase', 'Pending');
  },
  validate,
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validate(obj)];
    const n = rec(obj['spec']);
    const o = rec(old['spec']);
    const nsrc = structuredClone(sourceOf(n));
    const osrc = sourceOf(o);
    // Adding a CSI controllerExpandSecretRef is the one allowed source change.
    if (isRec(osrc['csi']) && isRec(nsrc['csi']) && osrc['csi']['controllerExpandSecretRef'] === undefined) delete nsrc['csi']['controllerExpandSecretRef'];
    if (!deepEqual(nsrc, osrc)) errs.push(forbidden(root('spec', 'persistentvolumesource'), 'spec.persistentvolumesource is immutable after creation'));
    if (!deepEqual(n['volumeMode'], o['volumeMode'])) errs.push(invalid(root('volumeMode'), n['volumeMode'] ?? null, 'field is immutable'));
    if (isRec(o['nodeAffinity']) && !deepEqual(n['nodeAffinity'], o['nodeAffinity'])) {
      errs.push(invalid(root('nodeAffinity'), n['nodeAffinity'] ?? null, 'field is immutable, except for updating from beta label to GA'));
    }
    return errs;
  },
  validateStatusUpdate(obj, old) {
    return validateObjectMetaUpdate(obj.metadata, old.metadata);
  },
};
