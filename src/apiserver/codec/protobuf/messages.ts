// Descriptor table: upstream generated.proto field numbers for the messages kubectl 1.32's typed
// clients send (create <generator>, autoscale, auth can-i/whoami). Facts, not code.

export type FieldType =
  | 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'Time' | 'MicroTime' | 'Duration' | 'Quantity' | 'IntOrString' | 'RawExtension'
  | { msg: string } | { map: 'string' | 'bytes' | { msg: string } };

export interface FieldDesc { readonly name: string; readonly type: FieldType; readonly repeated?: boolean }
export type MessageDesc = Readonly<Record<number, FieldDesc>>;

const s = (name: string): FieldDesc => ({ name, type: 'string' });
const rs = (name: string): FieldDesc => ({ name, type: 'string', repeated: true });
const i32 = (name: string): FieldDesc => ({ name, type: 'int32' });
const i64 = (name: string): FieldDesc => ({ name, type: 'int64' });
const b = (name: string): FieldDesc => ({ name, type: 'bool' });
const m = (name: string, msg: string, repeated = false): FieldDesc => ({ name, type: { msg }, repeated });
const smap = (name: string): FieldDesc => ({ name, type: { map: 'string' } });

export const messages: Record<string, MessageDesc> = {
  ObjectMeta: { 1: s('name'), 2: s('generateName'), 3: s('namespace'), 4: s('selfLink'), 5: s('uid'), 6: s('resourceVersion'), 7: i64('generation'), 8: { name: 'creationTimestamp', type: 'Time' }, 9: { name: 'deletionTimestamp', type: 'Time' }, 10: i64('deletionGracePeriodSeconds'), 11: smap('labels'), 12: smap('annotations'), 13: m('ownerReferences', 'OwnerReference', true), 14: rs('finalizers') },
  OwnerReference: { 1: s('kind'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: b('controller'), 7: b('blockOwnerDeletion') },
  LabelSelector: { 1: smap('matchLabels'), 2: m('matchExpressions', 'LabelSelectorRequirement', true) },
  LabelSelectorRequirement: { 1: s('key'), 2: s('operator'), 3: rs('values') },
  ConfigMap: { 1: m('metadata', 'ObjectMeta'), 2: smap('data'), 3: { name: 'binaryData', type: { map: 'bytes' } }, 4: b('immutable') },
  Secret: { 1: m('metadata', 'ObjectMeta'), 2: { name: 'data', type: { map: 'bytes' } }, 3: s('type'), 4: smap('stringData'), 5: b('immutable') },
  Namespace: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'NamespaceSpec'), 3: m('status', 'Empty') },
  NamespaceSpec: { 1: rs('finalizers') },
  Empty: {},
  ServiceAccount: { 1: m('metadata', 'ObjectMeta'), 2: m('secrets', 'ObjectReference', true), 3: m('imagePullSecrets', 'LocalObjectReference', true), 4: b('automountServiceAccountToken') },
  ObjectReference: { 1: s('kind'), 2: s('namespace'), 3: s('name'), 4: s('uid'), 5: s('apiVersion'), 6: s('resourceVersion'), 7: s('fieldPath') },
  LocalObjectReference: { 1: s('name') },
  Service: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'ServiceSpec'), 3: m('status', 'Empty') },
  ServiceSpec: { 1: m('ports', 'ServicePort', true), 2: smap('selector'), 3: s('clusterIP'), 4: s('type'), 5: rs('externalIPs'), 7: s('sessionAffinity'), 8: s('loadBalancerIP'), 10: s('externalName'), 11: s('externalTrafficPolicy'), 18: rs('clusterIPs') },
  ServicePort: { 1: s('name'), 2: s('protocol'), 3: i32('port'), 4: { name: 'targetPort', type: 'IntOrString' }, 5: i32('nodePort'), 6: s('appProtocol') },
  Deployment: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'DeploymentSpec'), 3: m('status', 'Empty') },
  DeploymentSpec: { 1: i32('replicas'), 2: m('selector', 'LabelSelector'), 3: m('template', 'PodTemplateSpec'), 4: m('strategy', 'DeploymentStrategy'), 5: i32('minReadySeconds'), 6: i32('revisionHistoryLimit'), 7: b('paused'), 9: i32('progressDeadlineSeconds') },
  DeploymentStrategy: { 1: s('type') },
  PodTemplateSpec: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'PodSpec') },
  PodSpec: { 1: m('volumes', 'Volume', true), 2: m('containers', 'Container', true), 3: s('restartPolicy'), 4: i64('terminationGracePeriodSeconds'), 5: i64('activeDeadlineSeconds'), 6: s('dnsPolicy'), 7: smap('nodeSelector'), 8: s('serviceAccountName'), 9: s('serviceAccount'), 10: s('nodeName'), 11: b('hostNetwork'), 15: m('imagePullSecrets', 'LocalObjectReference', true), 16: s('hostname'), 17: s('subdomain'), 19: s('schedulerName'), 20: m('initContainers', 'Container', true) },
  Volume: { 1: s('name') },
  Container: { 1: s('name'), 2: s('image'), 3: rs('command'), 4: rs('args'), 5: s('workingDir'), 6: m('ports', 'ContainerPort', true), 7: m('env', 'EnvVar', true), 8: m('resources', 'ResourceRequirements'), 13: s('terminationMessagePath'), 14: s('imagePullPolicy'), 16: b('stdin'), 17: b('stdinOnce'), 18: b('tty'), 20: s('terminationMessagePolicy') },
  ContainerPort: { 1: s('name'), 2: i32('hostPort'), 3: i32('containerPort'), 4: s('protocol'), 5: s('hostIP') },
  EnvVar: { 1: s('name'), 2: s('value') },
  ResourceRequirements: { 1: { name: 'limits', type: { map: { msg: 'Quantity' } } }, 2: { name: 'requests', type: { map: { msg: 'Quantity' } } } },
  Job: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'JobSpec'), 3: m('status', 'Empty') },
  JobSpec: { 1: i32('parallelism'), 2: i32('completions'), 3: i64('activeDeadlineSeconds'), 4: m('selector', 'LabelSelector'), 5: b('manualSelector'), 6: m('template', 'PodTemplateSpec'), 7: i32('backoffLimit'), 8: i32('ttlSecondsAfterFinished'), 9: s('completionMode'), 10: b('suspend') },
  CronJob: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'CronJobSpec'), 3: m('status', 'Empty') },
  CronJobSpec: { 1: s('schedule'), 2: i64('startingDeadlineSeconds'), 3: s('concurrencyPolicy'), 4: b('suspend'), 5: m('jobTemplate', 'JobTemplateSpec'), 6: i32('successfulJobsHistoryLimit'), 7: i32('failedJobsHistoryLimit'), 8: s('timeZone') },
  JobTemplateSpec: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'JobSpec') },
  HorizontalPodAutoscalerV1: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'HorizontalPodAutoscalerSpecV1'), 3: m('status', 'Empty') },
  HorizontalPodAutoscalerSpecV1: { 1: m('scaleTargetRef', 'CrossVersionObjectReference'), 2: i32('minReplicas'), 3: i32('maxReplicas'), 4: i32('targetCPUUtilizationPercentage') },
  CrossVersionObjectReference: { 1: s('kind'), 2: s('name'), 3: s('apiVersion') },
  Role: { 1: m('metadata', 'ObjectMeta'), 2: m('rules', 'PolicyRule', true) },
  ClusterRole: { 1: m('metadata', 'ObjectMeta'), 2: m('rules', 'PolicyRule', true) },
  PolicyRule: { 1: rs('verbs'), 2: rs('apiGroups'), 3: rs('resources'), 4: rs('resourceNames'), 5: rs('nonResourceURLs') },
  RoleBinding: { 1: m('metadata', 'ObjectMeta'), 2: m('subjects', 'Subject', true), 3: m('roleRef', 'RoleRef') },
  Subject: { 1: s('kind'), 2: s('apiGroup'), 3: s('name'), 4: s('namespace') },
  RoleRef: { 1: s('apiGroup'), 2: s('kind'), 3: s('name') },
  SelfSubjectAccessReview: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'SelfSubjectAccessReviewSpec'), 3: m('status', 'Empty') },
  SelfSubjectAccessReviewSpec: { 1: m('resourceAttributes', 'ResourceAttributes'), 2: m('nonResourceAttributes', 'NonResourceAttributes') },
  ResourceAttributes: { 1: s('namespace'), 2: s('verb'), 3: s('group'), 4: s('version'), 5: s('resource'), 6: s('subresource'), 7: s('name') },
  NonResourceAttributes: { 1: s('path'), 2: s('verb') },
  SelfSubjectRulesReview: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'SelfSubjectRulesReviewSpec'), 3: m('status', 'Empty') },
  SelfSubjectRulesReviewSpec: { 1: s('namespace') },
  SelfSubjectReview: { 1: m('metadata', 'ObjectMeta'), 2: m('status', 'Empty') },
  Quantity: { 1: s('string') },
  ResourceQuota: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'ResourceQuotaSpec'), 3: m('status', 'Empty') },
  ResourceQuotaSpec: { 1: { name: 'hard', type: { map: { msg: 'Quantity' } } }, 2: rs('scopes') },
  PodDisruptionBudget: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'PodDisruptionBudgetSpec'), 3: m('status', 'Empty') },
  PodDisruptionBudgetSpec: { 1: { name: 'minAvailable', type: 'IntOrString' }, 2: m('selector', 'LabelSelector'), 3: { name: 'maxUnavailable', type: 'IntOrString' }, 4: s('unhealthyPodEvictionPolicy') },
  TokenRequest: { 1: m('metadata', 'ObjectMeta'), 2: m('spec', 'TokenRequestSpec'), 3: m('status', 'Empty') },
  TokenRequestSpec: { 1: rs('audiences'), 3: m('boundObjectRef', 'BoundObjectReference'), 4: i64('expirationSeconds') },
  BoundObjectReference: { 1: s('kind'), 2: s('apiVersion'), 3: s('name'), 4: s('uid') },
  PriorityClass: { 1: m('metadata', 'ObjectMeta'), 2: i32('value'), 3: b('globalDefault'), 4: s('description'), 5: s('preemptionPolicy') },
};

/** apiVersion + kind → top-level message name. */
export const topLevel: Record<string, string> = {
  'v1/ConfigMap': 'ConfigMap', 'v1/Secret': 'Secret', 'v1/Namespace': 'Namespace', 'v1/ServiceAccount': 'ServiceAccount', 'v1/Service': 'Service',
  'apps/v1/Deployment': 'Deployment', 'batch/v1/Job': 'Job', 'batch/v1/CronJob': 'CronJob',
  'autoscaling/v1/HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV1',
  'rbac.authorization.k8s.io/v1/Role': 'Role', 'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'RoleBinding',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview', 'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview',
  'authentication.k8s.io/v1/TokenRequest': 'TokenRequest', 'v1/ResourceQuota': 'ResourceQuota', 'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget', 'scheduling.k8s.io/v1/PriorityClass': 'PriorityClass',
};
