// Volume source validators shared by pod volumes and PersistentVolumes (hostPath, nfs, local, csi, paths, ...).
// Exotic sources are checked for their required fields only, as a structural check.
import { invalid, notSupported, required, tooLong, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { inclusiveRangeError, isDns1123Label, isDns1123Subdomain } from '../../meta/name-validation.js';
import { arr, isRec, rec, s0, type Rec } from './json.js';

export const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';
const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

export function validatePathNoBacksteps(target: string, path: FieldPath): FieldError[] {
  return target.replace(/\\/g, '/').split('/').includes('..') ? [invalid(path, target, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(target: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'));
  return [...errs, ...validatePathNoBacksteps(target, path)];
}

export function validateLocalNonReservedPath(target: string, path: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

export function validateFileMode(mode: unknown, path: FieldPath): FieldError[] {
  return typeof mode === 'number' && (mode > 0o777 || mode < 0) ? [invalid(path, mode, fileModeErrorMsg)] : [];
}

export function validateKeyToPath(kp: unknown, path: FieldPath): FieldError[] {
  const o = rec(kp);
  const errs: FieldError[] = [];
  if (s0(o['key']) === '') errs.push(required(path.child('key')));
  if (s0(o['path']) === '') errs.push(required(path.child('path')));
  errs.push(...validateLocalNonReservedPath(s0(o['path']), path.child('path')));
  errs.push(...validateFileMode(o['mode'], path.child('mode')));
  return errs;
}

export function validateHostPathSource(hp: Rec, path: FieldPath): FieldError[] {
  const p = s0(hp['path']);
  if (p === '') return [required(path.child('path'))];
  const errs = validatePathNoBacksteps(p, path.child('path'));
  const t = hp['type'];
  if (t !== undefined && t !== null && !hostPathTypes.includes(String(t))) errs.push(notSupported(path.child('type'), t, hostPathTypes));
  return errs;
}

export function validateNfsSource(nfs: Rec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const p = s0(nfs['path']);
  if (s0(nfs['server']) === '') errs.push(required(path.child('server')));
  if (p === '') errs.push(required(path.child('path')));
  if (!p.startsWith('/')) errs.push(invalid(path.child('path'), p, 'must be an absolute path'));
  return errs;
}

export function validateLocalSource(local: Rec, path: FieldPath): FieldError[] {
  const p = s0(local['path']);
  if (p === '') return [required(path.child('path'))];
  return validatePathNoBacksteps(p, path.child('path'));
}

export function validateCsiDriverName(driver: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (driver === '') errs.push(required(path));
  if (driver.length > 63) errs.push(tooLong(path, '', 63));
  for (const m of isDns1123Subdomain(driver.toLowerCase())) errs.push(invalid(path, driver, m));
  return errs;
}

function validateSecretReference(ref: unknown, path: FieldPath): FieldError[] {
  if (!isRec(ref)) return [];
  const errs: FieldError[] = [];
  const name = s0(ref['name']);
  const ns = s0(ref['namespace']);
  if (name === '') errs.push(required(path.child('name')));
  else for (const m of isDns1123Subdomain(name)) errs.push(invalid(path.child('name'), name, m));
  if (ns === '') errs.push(required(path.child('namespace')));
  else for (const m of isDns1123Label(ns)) errs.push(invalid(path.child('namespace'), ns, m));
  return errs;
}

export function validateCsiPersistentSource(csi: Rec, path: FieldPath): FieldError[] {
  const errs = validateCsiDriverName(s0(csi['driver']), path.child('driver'));
  if (s0(csi['volumeHandle']) === '') errs.push(required(path.child('volumeHandle')));
  for (const k of ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef']) {
    errs.push(...validateSecretReference(csi[k], path.child(k)));
  }
  return errs;
}

/** Required string/list fields of the sources only checked structurally (upstream path segment, field names). */
const simpleRequired: Record<string, { segment?: string; fields: string[] }> = {
  gitRepo: { fields: ['repository'] },
  gcePersistentDisk: { segment: 'persistentDisk', fields: ['pdName'] },
  awsElasticBlockStore: { fields: ['volumeID'] },
  iscsi: { fields: ['targetPortal', 'iqn'] },
  glusterfs: { fields: ['endpoints', 'path'] },
  rbd: { fields: ['monitors', 'image'] },
  cinder: { fields: ['volumeID'] },
  cephfs: { fields: ['monitors'] },
  quobyte: { fields: ['registry', 'volume'] },
  flexVolume: { fields: ['driver'] },
  azureFile: { fields: ['secretName', 'shareName'] },
  vsphereVolume: { fields: ['volumePath'] },
  photonPersistentDisk: { fields: ['pdID'] },
  portworxVolume: { fields: ['volumeID'] },
  azureDisk: { fields: ['diskName', 'diskURI'] },
  storageos: { fields: ['volumeName'] },
  scaleIO: { fields: ['gateway', 'system', 'volumeName'] },
};

/** Structural validation of an exotic source under sourcePath (the volume or PV spec): required fields, ranges. */
export function validateSimpleSource(kind: string, src: Rec, sourcePath: FieldPath): FieldError[] {
  const spec = simpleRequired[kind];
  if (!spec) return [];
  const p = sourcePath.child(spec.segment ?? kind);
  const errs: FieldError[] = [];
  for (const f of spec.fields) {
    const v = src[f];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) errs.push(required(p.child(f)));
  }
  const partition = src['partition'];
  if ((kind === 'gcePersistentDisk' || kind === 'awsElasticBlockStore') && typeof partition === 'number' && (partition < 0 || partition > 255)) {
    errs.push(invalid(p.child('partition'), partition, 'must be in the range [0-255]'));
  }
  const lun = src['lun'];
  if (kind === 'iscsi' && typeof lun === 'number' && (lun < 0 || lun > 255)) errs.push(invalid(p.child('lun'), lun, inclusiveRangeError(0, 255)));
  if (kind === 'iscsi') {
    const iqn = s0(src['iqn']);
    if (iqn !== '' && !/^(iqn|eui|naa)/.test(iqn)) errs.push(invalid(p.child('iqn'), iqn, 'must be valid format starting with iqn, eui, or naa'));
  }
  return errs;
}

/** fc needs targetWWNs (with lun) or wwids, not both. */
export function validateFcSource(fc: Rec, path: FieldPath): FieldError[] {
  const wwns = arr(fc['targetWWNs']);
  const wwids = arr(fc['wwids']);
  const errs: FieldError[] = [];
  if (wwns.length < 1 && wwids.length < 1) errs.push(required(path.child('targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
  if (wwns.length && wwids.length) errs.push(invalid(path.child('targetWWNs'), wwns, 'targetWWNs and wwids can not be specified simultaneously'));
  if (wwns.length) {
    const lun = fc['lun'];
    if (typeof lun !== 'number') errs.push(required(path.child('lun'), 'lun is required if targetWWNs is specified'));
    else if (lun < 0 || lun > 255) errs.push(invalid(path.child('lun'), lun, inclusiveRangeError(0, 255)));
  }
  return errs;
}
