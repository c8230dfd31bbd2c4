// Container env and envFrom: downward-API fieldRef defaults and upstream validation of names and sources.
import { invalid, notSupported, required, type FieldError, type FieldPath } from '../../meta/field-path.js';
import { isConfigMapKey, isDns1123Subdomain, isEnvVarName, isQualifiedName, maskTrailingDash } from '../../meta/name-validation.js';
import { arr, isRec, rec, s0, setDefault, type Rec } from './json.js';

/** SetDefaults_ObjectFieldSelector: fieldRef.apiVersion defaults to v1. */
export function defaultFieldRef(ref: unknown): void {
  if (isRec(ref)) setDefault(ref, 'apiVersion', 'v1');
}

export function defaultEnv(env: unknown): void {
  for (const e of arr(env)) if (isRec(e) && isRec(e['valueFrom'])) defaultFieldRef((e['valueFrom'] as Rec)['fieldRef']);
}

const envFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
export const volumeFieldPaths = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const resourceFieldPaths = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

/** ObjectFieldSelector: `metadata.labels['key']` style subscripts allowed for labels and annotations. */
export function validateObjectFieldSelector(fs: Rec, expressions: readonly string[], path: FieldPath): FieldError[] {
  const apiVersion = s0(fs['apiVersion']);
  const fieldPath = s0(fs['fieldPath']);
  if (apiVersion === '') return [required(path.child('apiVersion'))];
  if (fieldPath === '') return [required(path.child('fieldPath'))];
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath) ?? /^([^[]+)\[(.*)\]$/.exec(fieldPath);
  if (sub) {
    const base = sub[1] ?? '';
    const key = sub[2] ?? '';
    if (base === 'metadata.annotations') return isQualifiedName(key.toLowerCase()).map((m) => invalid(path, key.toLowerCase(), m));
    if (base === 'metadata.labels') return isQualifiedName(key).map((m) => invalid(path, key, m));
    return [invalid(path, base, 'does not support subscript')];
  }
  if (!expressions.includes(fieldPath)) return [notSupported(path.child('fieldPath'), fieldPath, expressions)];
  return [];
}

export function validateResourceFieldSelector(fs: Rec, path: FieldPath, volume: boolean): FieldError[] {
  const resource = s0(fs['resource']);
  if (volume && s0(fs['containerName']) === '') return [required(path.child('containerName'))];
  if (resource === '') return [required(path.child('resource'))];
  if (!resourceFieldPaths.includes(resource) && !resource.startsWith('requests.hugepages-') && !resource.startsWith('limits.hugepages-')) {
    return [notSupported(path.child('resource'), resource, resourceFieldPaths)];
  }
  return [];
}

function validateKeySelector(s: Rec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = s0(s['name']);
  for (const m of isDns1123Subdomain(name)) errs.push(invalid(path.child('name'), name, m));
  const key = s0(s['key']);
  if (key === '') errs.push(required(path.child('key')));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(path.child('key'), key, m));
  return errs;
}

function validateValueFrom(e: Rec, path: FieldPath): FieldError[] {
  const vf = e['valueFrom'];
  if (!isRec(vf)) return [];
  const errs: FieldError[] = [];
  let n = 0;
  if (isRec(vf['fieldRef'])) { n++; errs.push(...validateObjectFieldSelector(vf['fieldRef'] as Rec, envFieldPaths, path.child('fieldRef'))); }
  if (isRec(vf['resourceFieldRef'])) { n++; errs.push(...validateResourceFieldSelector(vf['resourceFieldRef'] as Rec, path.child('resourceFieldRef'), false)); }
  if (isRec(vf['configMapKeyRef'])) { n++; errs.push(...validateKeySelector(vf['configMapKeyRef'] as Rec, path.child('configMapKeyRef'))); }
  if (isRec(vf['secretKeyRef'])) { n++; errs.push(...validateKeySelector(vf['secretKeyRef'] as Rec, path.child('secretKeyRef'))); }
  if (n === 0) errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (s0(e['value']) !== '') errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (n > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

export function validateEnv(env: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(env).forEach((e, i) => {
    const o = rec(e);
    const p = path.index(i);
    const name = s0(o['name']);
    if (name === '') errs.push(required(p.child('name')));
    else for (const m of isEnvVarName(name)) errs.push(invalid(p.child('name'), name, m));
    errs.push(...validateValueFrom(o, p.child('valueFrom')));
  });
  return errs;
}

export function validateEnvFrom(envFrom: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  arr(envFrom).forEach((e, i) => {
    const o = rec(e);
    const p = path.index(i);
    const prefix = s0(o['prefix']);
    if (prefix !== '') for (const m of isEnvVarName(prefix)) errs.push(invalid(p.child('prefix'), prefix, m));
    let n = 0;
    for (const k of ['configMapRef', 'secretRef']) {
      const ref = o[k];
      if (!isRec(ref)) continue;
      n++;
      const name = s0(ref['name']);
      if (name === '') errs.push(required(p.child(k, 'name')));
      else for (const m of isDns1123Subdomain(maskTrailingDash(name))) errs.push(invalid(p.child(k, 'name'), name, m));
    }
    if (n === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
