// core/v1: defaulting and validation for the core kinds, and pod-template helpers for workload kinds.
import type { KindRules } from '../../meta/kind-rules.js';
import { podRules } from './pod.js';
import { serviceRules } from './service.js';
import { persistentVolumeRules } from './persistent-volume.js';
import { persistentVolumeClaimRules } from './persistent-volume-claim.js';
import {
  configMapRules, endpointsRules, eventRules, namespaceRules, nodeRules, replicationControllerRules, secretRules, serviceAccountRules,
} from './simple-kinds.js';
import { limitRangeRules, resourceQuotaRules } from './quota-kinds.js';

export { defaultPodSpec, defaultPodTemplateSpec, validatePodSpec, validatePodTemplateSpec } from './pod-spec.js';
export { defaultPersistentVolumeClaimSpec, validatePersistentVolumeClaimSpec, validateAccessModes } from './persistent-volume-claim.js';

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
