// The resource registry: every kind Skiff serves, as data. Adding a kind is adding an entry here.
import { allVerbs, type ExtraSubresource, type ResourceDescriptor, type ScaleSubresource, type VersionConversion } from './resource-descriptor.js';
import type { KindRules, KubeObject } from './meta/kind-rules.js';
import { coreV1Rules } from './core/v1/index.js';
import { appsV1Rules } from './apps/v1/index.js';
import { batchV1Rules } from './batch/v1/index.js';
import { autoscalingV1Rules, hpaV1ToV2, hpaV2ToV1 } from './autoscaling/v1/index.js';
import { autoscalingV2Rules } from './autoscaling/v2/index.js';
import { storageV1Rules } from './storage/v1/index.js';
import { snapshotV1Rules } from './snapshot/v1/index.js';
import { coordinationV1Rules } from './coordination/v1/index.js';
import { discoveryV1Rules } from './discovery/v1/index.js';
import { eventsV1Rules, coreEventToEventsV1, eventsV1ToCoreEvent } from './events/v1/index.js';
import { rbacV1Rules } from './rbac/v1/index.js';
import { policyV1Rules } from './policy/v1/index.js';
import { schedulingV1Rules } from './scheduling/v1/index.js';
import { apiregistrationV1Rules } from './apiregistration/v1/index.js';
import { certificatesV1Rules } from './certificates/v1/index.js';
import { admissionregistrationV1Rules } from './admissionregistration/v1/index.js';
import { customResourceDefinitionRulesWith } from './apiextensions/v1/index.js';
import { crdSchemaErrors } from './apiextensions/v1/schema-rules.js';

type Getter = (obj: KubeObject) => string;

/** Reads a nested value as the string a field selector compares against (Go's fmt of the value). */
function path(...p: string[]): Getter {
  return (obj) => {
    let cur: unknown = obj;
    for (const k of p) {
      if (cur === null || typeof cur !== 'object') return '';
      cur = (cur as Record<string, unknown>)[k];
    }
    if (cur === undefined || cur === null) return '';
    return typeof cur === 'string' ? cur : String(cur);
  };
}

interface Entry {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  hasStatus?: boolean;
  scale?: ScaleSubresource;
  extra?: ExtraSubresource[];
  tracksGeneration?: boolean;
  rules: KindRules | undefined;
  fields?: Record<string, Getter>;
  storage?: { group: string; plural: string; version: string };
  conversion?: VersionConversion;
  verbs?: readonly string[];
  persisted?: boolean;
}

const replicasScale: ScaleSubresource = { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'], selectorKind: 'labelSelector' };

const podSubresources: ExtraSubresource[] = [
  { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  { name: 'binding', kind: 'Binding', verbs: ['create'] },
  { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
  { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
  { name: 'log', kind: 'Pod', verbs: ['get'] },
  { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
];

const hpaV1Conversion: VersionConversion = { toStorage: hpaV1ToV2, fromStorage: hpaV2ToV1 };
const eventsConversion: VersionConversion = { toStorage: eventsV1ToCoreEvent, fromStorage: coreEventToEventsV1 };

const core = (kind: string, e: Omit<Entry, 'group' | 'version' | 'kind' | 'rules'>): Entry => ({ group: '', version: 'v1', kind, rules: coreV1Rules[kind], ...e });
const apps = (kind: string, e: Omit<Entry, 'group' | 'version' | 'kind' | 'rules'>): Entry => ({ group: 'apps', version: 'v1', kind, rules: appsV1Rules[kind], ...e });

const entries: Entry[] = [
  core('Namespace', { plural: 'namespaces', namespaced: false, shortNames: ['ns'], hasStatus: true, fields: { 'status.phase': path('status', 'phase') }, extra: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }] }),
  core('Node', {
    plural: 'nodes', namespaced: false, shortNames: ['no'], hasStatus: true, fields: { 'spec.unschedulable': (o) => path('spec', 'unschedulable')(o) || 'false' },
    extra: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }],
  }),
  core('Pod', {
    plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'], hasStatus: true, extra: podSubresources,
    fields: {
      'spec.nodeName': path('spec', 'nodeName'), 'spec.restartPolicy': path('spec', 'restartPolicy'), 'spec.schedulerName': path('spec', 'schedulerName'),
      'spec.serviceAccountName': path('spec', 'serviceAccountName'), 'spec.hostNetwork': (o) => path('spec', 'hostNetwork')(o) || 'false',
      'status.phase': path('status', 'phase'), 'status.podIP': path('status', 'podIP'), 'status.nominatedNodeName': path('status', 'nominatedNodeName'),
      'status.podIPs': (o) => { const ips = (o['status'] as { podIPs?: { ip: string }[] } | undefined)?.podIPs; return ips?.[0]?.ip ?? ''; },
      'spec.host': path('spec', 'nodeName'),
    },
  }),
  core('Service', { plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'], hasStatus: true, fields: { 'spec.clusterIP': path('spec', 'clusterIP'), 'spec.type': path('spec', 'type') }, extra: [{ name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }] }),
  core('Endpoints', { plural: 'endpoints', namespaced: true, shortNames: ['ep'] }),
  core('PersistentVolume', { plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'], hasStatus: true }),
  core('PersistentVolumeClaim', { plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'], hasStatus: true }),
  core('ConfigMap', { plural: 'configmaps', namespaced: true, shortNames: ['cm'] }),
  core('Secret', { plural: 'secrets', namespaced: true, fields: { type: path('type') } }),
  core('ServiceAccount', { plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'], extra: [{ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] }] }),
  core('Event', {
    plural: 'events', namespaced: true, shortNames: ['ev'],
    fields: {
      'involvedObject.kind': path('involvedObject', 'kind'), 'involvedObject.namespace': path('involvedObject', 'namespace'), 'involvedObject.name': path('involvedObject', 'name'),
      'involvedObject.uid': path('involvedObject', 'uid'), 'involvedObject.apiVersion': path('involvedObject', 'apiVersion'), 'involvedObject.resourceVersion': path('involvedObject', 'resourceVersion'),
      'involvedObject.fieldPath': path('involvedObject', 'fieldPath'), reason: path('reason'), reportingComponent: path('reportingComponent'), source: path('source', 'component'), type: path('type'),
    },
  }),
  core('ReplicationController', { plural: 'replicationcontrollers', namespaced: true, shortNames: ['rc'], categories: ['all'], hasStatus: true, tracksGeneration: true, scale: { ...replicasScale, selectorKind: 'map' }, fields: { 'status.replicas': path('status', 'replicas') } }),
  core('ResourceQuota', { plural: 'resourcequotas', namespaced: true, shortNames: ['quota'], hasStatus: true }),
  core('LimitRange', { plural: 'limitranges', namespaced: true, shortNames: ['limits'] }),
  apps('StatefulSet', { plural: 'statefulsets', namespaced: true, shortNames: ['sts'], categories: ['all'], hasStatus: true, tracksGeneration: true, scale: replicasScale }),
  apps('Deployment', { plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'], hasStatus: true, tracksGeneration: true, scale: replicasScale }),
  apps('ReplicaSet', { plural: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'], hasStatus: true, tracksGeneration: true, scale: replicasScale, fields: { 'status.replicas': path('status', 'replicas') } }),
  apps('DaemonSet', { plural: 'daemonsets', namespaced: true, shortNames: ['ds'], categories: ['all'], hasStatus: true, tracksGeneration: true }),
  apps('ControllerRevision', { plural: 'controllerrevisions', namespaced: true }),
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, categories: ['all'], hasStatus: true, tracksGeneration: true, rules: batchV1Rules['Job'], fields: { 'status.successful': path('status', 'succeeded') } },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], categories: ['all'], hasStatus: true, tracksGeneration: true, rules: batchV1Rules['CronJob'] },
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, shortNames: ['hpa'], categories: ['all'], hasStatus: true, tracksGeneration: true, rules: autoscalingV2Rules['HorizontalPodAutoscaler'] },
  { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, shortNames: ['hpa'], categories: ['all'], hasStatus: true, tracksGeneration: true, rules: autoscalingV1Rules['HorizontalPodAutoscaler'], storage: { group: 'autoscaling', plural: 'horizontalpodautoscalers', version: 'v2' }, conversion: hpaV1Conversion },
  { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'], rules: storageV1Rules['StorageClass'] },
  // Upstream serves these from kubernetes-csi/external-snapshotter's CRDs; Skiff serves them built in (docs/snapshots.md).
  { group: 'snapshot.storage.k8s.io', version: 'v1', kind: 'VolumeSnapshot', plural: 'volumesnapshots', namespaced: true, shortNames: ['vs'], hasStatus: true, tracksGeneration: true, rules: snapshotV1Rules['VolumeSnapshot'] },
  { group: 'snapshot.storage.k8s.io', version: 'v1', kind: 'VolumeSnapshotContent', plural: 'volumesnapshotcontents', namespaced: false, shortNames: ['vsc', 'vscs'], hasStatus: true, tracksGeneration: true, rules: snapshotV1Rules['VolumeSnapshotContent'] },
  { group: 'snapshot.storage.k8s.io', version: 'v1', kind: 'VolumeSnapshotClass', plural: 'volumesnapshotclasses', namespaced: false, shortNames: ['vsclass', 'vsclasses'], tracksGeneration: true, rules: snapshotV1Rules['VolumeSnapshotClass'] },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true, rules: coordinationV1Rules['Lease'] },
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, rules: discoveryV1Rules['EndpointSlice'] },
  { group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'], rules: eventsV1Rules['Event'], storage: { group: '', plural: 'events', version: 'v1' }, conversion: eventsConversion },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'], hasStatus: true, tracksGeneration: true, rules: policyV1Rules['PodDisruptionBudget'] },
  { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', plural: 'priorityclasses', namespaced: false, shortNames: ['pc'], rules: schedulingV1Rules['PriorityClass'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', namespaced: true, rules: rbacV1Rules['Role'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false, rules: rbacV1Rules['ClusterRole'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true, rules: rbacV1Rules['RoleBinding'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false, rules: rbacV1Rules['ClusterRoleBinding'] },
  {
    group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests', namespaced: false, shortNames: ['csr'], hasStatus: true,
    rules: certificatesV1Rules['CertificateSigningRequest'], fields: { 'spec.signerName': path('spec', 'signerName') },
    extra: [{ name: 'approval', kind: 'CertificateSigningRequest', verbs: ['get', 'patch', 'update'], writesStatus: true }],
  },
  {
    group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'],
    categories: ['api-extensions'], hasStatus: true, tracksGeneration: true, rules: customResourceDefinitionRulesWith({ schemaErrors: crdSchemaErrors }),
  },
  { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false, categories: ['api-extensions'], rules: admissionregistrationV1Rules['MutatingWebhookConfiguration'] },
  { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false, categories: ['api-extensions'], rules: admissionregistrationV1Rules['ValidatingWebhookConfiguration'] },
  {
    group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingAdmissionPolicy', plural: 'validatingadmissionpolicies', namespaced: false, categories: ['api-extensions'],
    hasStatus: true, tracksGeneration: true, rules: admissionregistrationV1Rules['ValidatingAdmissionPolicy'],
  },
  { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingAdmissionPolicyBinding', plural: 'validatingadmissionpolicybindings', namespaced: false, categories: ['api-extensions'], rules: admissionregistrationV1Rules['ValidatingAdmissionPolicyBinding'] },
  { group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService', plural: 'apiservices', namespaced: false, categories: ['api-extensions'], hasStatus: true, rules: apiregistrationV1Rules['APIService'] },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, rules: undefined, verbs: ['create'], persisted: false },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, rules: undefined, verbs: ['create'], persisted: false },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', namespaced: false, rules: undefined, verbs: ['create'], persisted: false },
  { group: 'authorization.k8s.io', version: 'v1', kind: 'LocalSubjectAccessReview', plural: 'localsubjectaccessreviews', namespaced: true, rules: undefined, verbs: ['create'], persisted: false },
  { group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, rules: undefined, verbs: ['create'], persisted: false },
  { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview', plural: 'tokenreviews', namespaced: false, rules: undefined, verbs: ['create'], persisted: false },
];

function build(e: Entry): ResourceDescriptor {
  return {
    group: e.group,
    version: e.version,
    kind: e.kind,
    plural: e.plural,
    singular: e.kind.toLowerCase(),
    namespaced: e.namespaced,
    shortNames: e.shortNames ?? [],
    categories: e.categories ?? [],
    storage: e.storage ?? { group: e.group, plural: e.plural, version: e.version },
    ...(e.conversion ? { conversion: e.conversion } : {}),
    hasStatus: e.hasStatus ?? false,
    ...(e.scale ? { scale: e.scale } : {}),
    extraSubresources: e.extra ?? [],
    tracksGeneration: e.tracksGeneration ?? false,
    rules: e.rules ?? {},
    selectableFields: e.fields ?? {},
    verbs: e.verbs ?? allVerbs,
    persisted: e.persisted ?? true,
  };
}

/** All served resources, in discovery order (preferred version first within a group). */
export const resources: readonly ResourceDescriptor[] = entries.map(build);

const byGvr = new Map<string, ResourceDescriptor>();
const byGvk = new Map<string, ResourceDescriptor>();
for (const r of resources) {
  byGvr.set(`${r.group}/${r.version}/${r.plural}`, r);
  byGvk.set(`${r.group}/${r.version}/${r.kind}`, r);
}

export function lookupResource(group: string, version: string, plural: string): ResourceDescriptor | undefined {
  return byGvr.get(`${group}/${version}/${plural}`);
}
export function lookupKind(group: string, version: string, kind: string): ResourceDescriptor | undefined {
  return byGvk.get(`${group}/${version}/${kind}`);
}

/**
 * Whether a resource (group and plural, any version) is served built in. A CustomResourceDefinition of such a
 * resource (upstream's snapshot CRDs, say) is stored and Established but never served: the built-in keeps serving.
 */
export function isBuiltInResource(group: string, plural: string): boolean {
  return resources.some((r) => r.group === group && r.plural === plural);
}

/** The group/versions served, preferred version first in each group, groups in a stable order. */
export function groupVersions(): { group: string; versions: string[] }[] {
  const out: { group: string; versions: string[] }[] = [];
  for (const r of resources) {
    let g = out.find((x) => x.group === r.group);
    if (!g) out.push((g = { group: r.group, versions: [] }));
    if (!g.versions.includes(r.version)) g.versions.push(r.version);
  }
  return out;
}
