// Per-kind strategies, keyed by `<group>/<Kind>`. Kinds not listed use the generic behaviour.
import type { KindStrategy } from './strategy.js';
import { namespaceStrategy } from './namespace-strategy.js';
import { podStrategy } from './pod-strategy.js';
import { jobStrategy } from './job-strategy.js';
import { serviceStrategy } from './service-strategy.js';
import { daemonSetStrategy } from './daemon-set-strategy.js';
import { statefulSetStrategy } from './stateful-set-strategy.js';
import { certificateSigningRequestStrategy } from './certificate-signing-request-strategy.js';
import { customResourceDefinitionStrategy } from './custom-resource-definition-strategy.js';
import { persistentVolumeClaimStrategy } from './persistent-volume-claim-strategy.js';

export type { KindStrategy, DeleteRequest, StrategyRequest } from './strategy.js';

const strategies: Record<string, KindStrategy> = {
  '/Namespace': namespaceStrategy,
  '/Pod': podStrategy,
  '/PersistentVolumeClaim': persistentVolumeClaimStrategy,
  '/Node': { resetStatusOnCreate: false },
  'apps/DaemonSet': daemonSetStrategy,
  'apps/StatefulSet': statefulSetStrategy,
  'batch/Job': jobStrategy,
  '/Service': serviceStrategy,
  'certificates.k8s.io/CertificateSigningRequest': certificateSigningRequestStrategy,
  'apiextensions.k8s.io/CustomResourceDefinition': customResourceDefinitionStrategy,
};

export function strategyFor(group: string, kind: string): KindStrategy {
  return strategies[`${group}/${kind}`] ?? {};
}
