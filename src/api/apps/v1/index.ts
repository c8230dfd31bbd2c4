// apps/v1: per-kind defaulting and validation rules, keyed by Kind, plus the JSON helpers other groups reuse.
import type { KindRules } from '../../meta/index.js';
import { controllerRevisionRules } from './controller-revision.js';
import { daemonSetRules } from './daemon-set.js';
import { deploymentRules } from './deployment.js';
import { replicaSetRules } from './replica-set.js';
import { statefulSetRules } from './stateful-set.js';

export { dropStatefulSetDisabledFields, statefulSetRules, statefulSetSpecForbiddenMessage, validateStatefulSet, validateStatefulSetUpdate } from './stateful-set.js';
export { deploymentRules, validateReplicaTemplate, validateRestartPolicy } from './deployment.js';
export { replicaSetRules } from './replica-set.js';
export { daemonSetRules, prepareDaemonSetForCreate, prepareDaemonSetForUpdate, templateGenerationAnnotation } from './daemon-set.js';
export { controllerRevisionRules } from './controller-revision.js';
export { volumeClaimUpdatePolicies, type VolumeClaimUpdatePolicy } from './volume-claim-templates.js';
export { validateWorkloadSelector, type WorkloadSelectorOptions } from './workload-selector.js';
export * from './json-fields.js';

export const appsV1Rules: Record<string, KindRules> = {
  StatefulSet: statefulSetRules,
  Deployment: deploymentRules,
  ReplicaSet: replicaSetRules,
  DaemonSet: daemonSetRules,
  ControllerRevision: controllerRevisionRules,
};
