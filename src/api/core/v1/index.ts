// core/v1: defaulting and validation for the core kinds, and pod-template helpers for workload kinds.
import type { KindRules } from '../../meta/kind-rules.js';
import { configMapRules } from './config-map.js';
import { endpointsRules } from './endpoints.js';
import { eventRules } from './event.js';
import { namespaceRules } from './namespace.js';
import { nodeRules } from './node.js';
import { persistentVolumeClaimRules } from './persistent-volume-claim.js';
import { persistentVolumeRules } from './persistent-volume.js';
import { podRules } from './pod.js';
import { limitRangeRules, resourceQuotaRules } from './quota-kinds.js';
import { replicationControllerRules } from './replication-controller.js';
import { secretRules } from './secret.js';
import { serviceAccountRules } from './service-account.js';
import { serviceRules } from './service.js';

export { defaultPodSpec, defaultPodTemplateSpec, validatePodSpec, validatePodTemplateSpec, type PodSpecValidationOptions } from './pod-spec.js';
export { defaultPersistentVolumeClaimSpec, validatePersistentVolumeClaimSpec, validateAccessModes } from './persistent-volume-claim.js';
export { imageTag } from './container.js';
export { defaultResourceList } from './resources.js';
export { validateNodeSelector, validateNodeSelectorTerm, validateTolerations } from './scheduling-constraints.js';
export { podQosClass, podUpdateForbiddenMessage } from './pod.js';
export { isPodActive, isPodAvailable, isPodReady, msUntilPodAvailable } from './pod-readiness.js';
export {
  configMapRules, endpointsRules, eventRules, limitRangeRules, namespaceRules, nodeRules, persistentVolumeClaimRules, persistentVolumeRules,
  podRules, replicationControllerRules, resourceQuotaRules, secretRules, serviceAccountRules, serviceRules,
};

export const coreV1Rules: Record<string, KindRules> = {
  Namespace: namespaceRules,
  Node: nodeRules,
  Pod: podRules,
  Service: serviceRules,
  Endpoints: endpointsRules,
  PersistentVolume: persistentVolumeRules,
  PersistentVolumeClaim: persistentVolumeClaimRules,
  ConfigMap: configMapRules,
  Secret: secretRules,
  ServiceAccount: serviceAccountRules,
  Event: eventRules,
  ReplicationController: replicationControllerRules,
  ResourceQuota: resourceQuotaRules,
  LimitRange: limitRangeRules,
};
