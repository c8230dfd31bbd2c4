// Core kinds whose rules are mostly metadata: Namespace, Node, ConfigMap, Secret, ServiceAccount,
// Endpoints, Event, ReplicationController.
import { forbidden, invalid, notSupported, required, root, type FieldError } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import { isDns1123Label, isQualifiedName } from '../../meta/name-validation.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateLabels } from '../../meta/validation.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-spec.js';
import { child, deepEqual, isRec, rec, setDefault } from './json.js';

const meta = (namespaced: boolean, nameFn?: (n: string) => string[]): KindRules => ({
  validate: (obj) => validateObjectMeta(obj.metadata, { namespaced, ...(nameFn ? { nameFn } : {}) }),
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
});

export const namespaceRules: KindRules = {
  ...meta(false, isDns1123Label),
  defaults(obj) {
    const m = rec(obj.metadata);
    const labels = child(m, 'labels');
    if (typeof m['name'] === 'string') labels['kubernetes.io/metadata.name'] = m['name'];
    obj.metadata = m;
  },
};

export const nodeRules: KindRules = meta(false);

const dataKeyRe = /^[-._a-zA-Z0-9]+$/;
function validateDataKeys(obj: KubeObject, fields: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const f of fields) {
    for (const [k, v] of Object.entries(rec(obj[f]))) {
      if (!dataKeyRe.test(k) || k.length > 253) errs.push(invalid(root(f).key(k), k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
      size += typeof v === 'string' ? v.length : 0;
    }
  }
  if (size > 1024 * 1024) errs.push({ type: 'FieldValueTooLong', field: fields[0] ?? 'data', badValue: '', detail: 'must have at most 1048576 bytes' });
  return errs;
}

function immutableData(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old['immutable'] !== true) return [];
  const errs: FieldError[] = [];
  for (const f of fields) if (!deepEqual(obj[f] ?? {}, old[f] ?? {})) errs.push(forbidden(root(f), 'field is immutable when `immutable` is set'));
  if (obj['immutable'] !== true) errs.push(forbidden(root('immutable'), 'field is immutable when `immutable` is set'));
  return errs;
}

export const configMapRules: KindRules = {
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateDataKeys(obj, ['data', 'binaryData'])],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateDataKeys(obj, ['data', 'binaryData']), ...immutableData(obj, old, ['data', 'binaryData'])],
};

export const secretRules: KindRules = {
  defaults(obj) {
    setDefault(obj, 'type', 'Opaque');
    // stringData is write-only: merged into data (base64) on write, as upstream.
    const sd = obj['stringData'];
    if (isRec(sd)) {
      const data = child(obj, 'data');
      for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(String(v)).toString('base64');
      delete obj['stringData'];
    }
  },
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateDataKeys(obj, ['data'])],
  validateUpdate: (obj, old) => {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateDataKeys(obj, ['data']), ...immutableData(obj, old, ['data'])];
    if (old['type'] !== obj['type']) errs.push(invalid(root('type'), obj['type'] ?? '', 'field is immutable'));
    return errs;
  },
};

export const serviceAccountRules: KindRules = meta(true);
export const endpointsRules: KindRules = meta(true);

export const eventRules: KindRules = {
  validate(obj) {
    const errs = validateObjectMeta(obj.metadata, { namespaced: true });
    const io = rec(obj['involvedObject']);
    const ns = rec(obj.metadata)['namespace'];
    if (io['namespace'] !== undefined && io['namespace'] !== '' && io['namespace'] !== ns) errs.push(invalid(root('involvedObject', 'namespace'), io['namespace'], 'does not match event.namespace'));
    const t = obj['type'];
    if (t !== undefined && t !== '' && t !== 'Normal' && t !== 'Warning') errs.push(notSupported(root('type'), t, ['Normal', 'Warning']));
    return errs;
  },
  validateUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};

export const replicationControllerRules: KindRules = {
  defaults(obj) {
    const spec = child(obj, 'spec');
    setDefault(spec, 'replicas', 1);
    const t = child(spec, 'template');
    defaultPodTemplateSpec(t);
    const labels = rec(rec(t['metadata'])['labels']);
    if (!isRec(spec['selector']) || Object.keys(spec['selector']).length === 0) spec['selector'] = { ...labels };
    if (!isRec(rec(obj.metadata)['labels'])) (obj.metadata ??= {})['labels'] = { ...labels };
  },
  validate(obj) {
    const errs = validateObjectMeta(obj.metadata, { namespaced: true });
    const spec = rec(obj['spec']);
    const sel = rec(spec['selector']);
    if (Object.keys(sel).length === 0) errs.push(required(root('spec', 'selector')));
    errs.push(...validateLabels(sel, root('spec', 'selector')));
    const r = spec['replicas'];
    if (r !== undefined && (typeof r !== 'number' || r < 0)) errs.push(invalid(root('spec', 'replicas'), r, 'must be greater than or equal to 0'));
    const labels = rec(rec(rec(spec['template'])['metadata'])['labels']);
    if (Object.entries(sel).some(([k, v]) => labels[k] !== v)) errs.push(invalid(root('spec', 'template', 'metadata', 'labels'), labels, '`selector` does not match template `labels`'));
    errs.push(...validatePodTemplateSpec(spec['template'], root('spec', 'template'), { restartPolicies: ['Always'] }));
    for (const k of Object.keys(sel)) for (const m of isQualifiedName(k)) errs.push(invalid(root('spec', 'selector'), k, m));
    return errs;
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...replicationControllerRules.validate!(obj).filter((e) => !e.field.startsWith('metadata'))];
  },
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};
