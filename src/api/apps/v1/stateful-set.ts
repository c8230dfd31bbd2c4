// StatefulSet (apps/v1): upstream defaulting and validation, per /work/shared/reference/stateful-semantics.md
// §1 DEF-04, §2.7 and §2.8. The pod template is only lightly validated, as upstream does (VAL-STS10).
import {
  defaultPersistentVolumeClaimSpec, defaultPodTemplateSpec, validatePersistentVolumeClaimSpec,
} from '../../core/v1/index.js';
import {
  forbidden, invalid, isDns1123Label, notSupported, required, root, validateLabels, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type FieldPath, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { arr, child, deepEqual, isRecord, nonNegative, rec, setDefault, setDefaultString, str } from './json-fields.js';
import { validateWorkloadSelector } from './workload-selector.js';
import { validateReplicaStatus } from './workload-status.js';
import { validateTemplateStorageUpdate, validateVolumeClaimUpdatePolicy, withMutableTemplateFieldsOf } from './volume-claim-templates.js';

const retentionPolicies = ['Retain', 'Delete'] as const;
/**
 * The spec fields an update may change; any other difference is Forbidden (VAL-STS12). KEP-4650 adds
 * volumeClaimUpdatePolicy and some template fields (volume-claim-templates.ts); the message stays 1.32's.
 */
const mutableSpecFields = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'volumeClaimUpdatePolicy'] as const;
export const statefulSetSpecForbiddenMessage =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function defaultStatefulSet(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefaultString(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  if (str(strategy['type']) === '') {
    strategy['type'] = 'RollingUpdate';
    // The rollingUpdate block is materialised only when the type itself was defaulted.
    setDefault(strategy, 'rollingUpdate', {});
  }
  if (strategy['type'] === 'RollingUpdate' && isRecord(strategy['rollingUpdate'])) {
    setDefault(strategy['rollingUpdate'], 'partition', 0);
  }
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefaultString(retention, 'whenDeleted', 'Retain');
  setDefaultString(retention, 'whenScaled', 'Retain');
  if (isRecord(spec['template'])) defaultPodTemplateSpec(spec['template']);
  // volumeClaimTemplates are kept exactly as written. Upstream materialises PVC defaults inside them
  // (TypeMeta, volumeMode, status.phase), which makes kubectl's three-way diff of that atomic list
  // non-empty on every re-apply ("configured" forever). Skiff applies those defaults when it creates
  // the claims instead, so a second `kubectl apply` reports "unchanged".
}

/** Whether the object sets spec.updateStrategy.rollingUpdate.maxUnavailable (upstream maxUnavailableInUse). */
function isMaxUnavailableInUse(obj: KubeObject | undefined): boolean {
  const ru = rec(rec(rec(obj?.['spec'])['updateStrategy'])['rollingUpdate']);
  return ru['maxUnavailable'] !== undefined && ru['maxUnavailable'] !== null;
}

/**
 * Upstream dropStatefulSetDisabledFields with MaxUnavailableStatefulSet off (1.32's default): create and update
 * drop rollingUpdate.maxUnavailable unless the stored object already has it. Mutates obj.
 */
export function dropStatefulSetDisabledFields(obj: KubeObject, old?: KubeObject): void {
  if (isMaxUnavailableInUse(old)) return;
  const ru = rec(rec(obj['spec'])['updateStrategy'])['rollingUpdate'];
  if (isRecord(ru)) delete ru['maxUnavailable'];
}

function validateUpdateStrategy(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const strategy = rec(spec['updateStrategy']);
  const p = path.child('updateStrategy');
  const ru = strategy['rollingUpdate'];
  switch (str(strategy['type'])) {
    case '':
      return [required(p)];
    case 'OnDelete':
      return ru === undefined || ru === null ? [] : [invalid(p.child('rollingUpdate'), ru, "only allowed for updateStrategy 'RollingUpdate'")];
    case 'RollingUpdate': {
      if (!isRecord(ru)) return [];
      const errs = nonNegative(ru['partition'], p.child('rollingUpdate', 'partition'));
      // MaxUnavailableStatefulSet is off (stateful-semantics §0): maxUnavailable is dropped on writes
      // (dropStatefulSetDisabledFields); one stored before is kept and ignored, not validated.
      return errs;
    }
    default:
      return [invalid(p, spec['updateStrategy'], "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

function validateSpec(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = str(spec['podManagementPolicy']);
  if (pmp === '') errs.push(required(path.child('podManagementPolicy')));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(invalid(path.child('podManagementPolicy'), pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  errs.push(...validateUpdateStrategy(spec, path));
  errs.push(...validateVolumeClaimUpdatePolicy(spec, path));
  const retention = spec['persistentVolumeClaimRetentionPolicy'];
  if (isRecord(retention)) {
    for (const k of ['whenDeleted', 'whenScaled'] as const) {
      const v = str(retention[k]);
      if (!(retentionPolicies as readonly string[]).includes(v)) {
        errs.push(notSupported(path.child('persistentVolumeClaimRetentionPolicy', k), v, retentionPolicies));
      }
    }
  }
  errs.push(...nonNegative(spec['replicas'], path.child('replicas')));
  errs.push(...nonNegative(spec['minReadySeconds'], path.child('minReadySeconds')));
  errs.push(...nonNegative(spec['revisionHistoryLimit'], path.child('revisionHistoryLimit')));
  if (isRecord(spec['ordinals'])) errs.push(...nonNegative(spec['ordinals']['start'], path.child('ordinals', 'start')));
  errs.push(...validateWorkloadSelector(spec, path, { kindWord: 'statefulset' }));
  const template = spec['template'];
  if (!isRecord(template)) {
    errs.push(required(path.child('template')));
    return errs;
  }
  // Light template validation only (VAL-STS10): label syntax here, selector match above, pod spec not at all.
  errs.push(...validateLabels(rec(template['metadata'])['labels'], path.child('template', 'labels')));
  const podSpec = rec(template['spec']);
  const restartPolicy = str(podSpec['restartPolicy']);
  if (restartPolicy !== 'Always') errs.push(notSupported(path.child('template', 'spec', 'restartPolicy'), restartPolicy, ['Always']));
  if (podSpec['activeDeadlineSeconds'] !== undefined && podSpec['activeDeadlineSeconds'] !== null) {
    errs.push(forbidden(path.child('template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  arr(spec['volumeClaimTemplates']).forEach((t, i) => {
    errs.push(...validatePersistentVolumeClaimSpec(rec(t)['spec'], path.child('volumeClaimTemplates').index(i).child('spec')));
  });
  return errs;
}

/** Full create validation: metadata (name must be a DNS-1123 label) and spec. */
export function validateStatefulSet(obj: KubeObject): FieldError[] {
  return [
    // StatefulSet names become pod names and hostnames, so they must be DNS-1123 labels (VAL-N1).
    ...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: isDns1123Label }),
    ...validateSpec(rec(obj['spec']), root('spec')),
  ];
}

/** Update validation: the new spec must be valid and may differ from the old one only in the mutable fields. */
export function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(rec(obj['spec']), root('spec'))];
  const next = { ...rec(obj['spec']) };
  const prev = rec(old['spec']);
  for (const f of mutableSpecFields) {
    if (f in prev) next[f] = prev[f];
    else delete next[f];
  }
  if ('volumeClaimTemplates' in next) next['volumeClaimTemplates'] = withMutableTemplateFieldsOf(next['volumeClaimTemplates'], prev['volumeClaimTemplates']);
  if (!deepEqual(next, prev)) errs.push(forbidden(root('spec'), statefulSetSpecForbiddenMessage));
  else errs.push(...validateTemplateStorageUpdate(rec(obj['spec'])['volumeClaimTemplates'], prev['volumeClaimTemplates'], root('spec', 'volumeClaimTemplates')));
  return errs;
}

function validateStatefulSetStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateReplicaStatus(rec(obj['status']), rec(old['status']), { counters: ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'] }),
  ];
}

export const statefulSetRules: KindRules = {
  defaults: defaultStatefulSet,
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  validateStatusUpdate: validateStatefulSetStatusUpdate,
};
