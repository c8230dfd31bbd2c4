// ReplicaSet (apps/v1): upstream defaulting (replicas 1, template) and validation (selector, template,
// immutable selector on update, status counters).
import { defaultPodTemplateSpec } from '../../core/v1/index.js';
import { root, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type FieldPath, type KindRules } from '../../meta/index.js';
import { validateReplicaTemplate } from './deployment.js';
import { child, immutable, isRecord, nonNegative, rec, setDefault } from './json-fields.js';
import { validateWorkloadSelector } from './workload-selector.js';
import { workloadRules } from './workload-rules.js';
import { validateReplicaStatus } from './workload-status.js';

function validateSpec(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  return [
    ...nonNegative(spec['replicas'], path.child('replicas')),
    ...nonNegative(spec['minReadySeconds'], path.child('minReadySeconds')),
    // Upstream says "deployment" in the empty-selector message for ReplicaSets too.
    ...validateWorkloadSelector(spec, path, { kindWord: 'deployment' }),
    ...validateReplicaTemplate(spec, path, 'ReplicaSet'),
  ];
}

export const replicaSetRules: KindRules = workloadRules({
  defaults(obj) {
    const spec = child(obj, 'spec');
    setDefault(spec, 'replicas', 1);
    if (isRecord(spec['template'])) defaultPodTemplateSpec(spec['template']);
  },
  validateSpec,
  validateStatus: (status, old) => validateReplicaStatus(status, old, {
    counters: ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'],
    readyWord: 'readyReplicas',
  }),
});
