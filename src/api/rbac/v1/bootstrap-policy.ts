// Upstream's bootstrap RBAC policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy), the part Skiff serves:
// the user-facing roles (cluster-admin, admin/edit/view aggregated from system:aggregate-to-*), discovery and
// basic-user roles, the control-plane and node roles, and their bindings. Data, reconciled at every start.
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { addonRoles, componentRoles, controllerRolePrefix, controllerRules } from './component-policy.js';

const read = ['get', 'list', 'watch'];
const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const readWrite = [...write, ...read];
const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) });
const certificatesGroup = 'certificates.k8s.io';
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

export const bootstrapLabel = 'kubernetes.io/bootstrapping';
/** The group of bootstrap tokens (Skiff's node join token is one). */
export const bootstrappersGroup = 'system:bootstrappers';
export const autoupdateAnnotation = 'rbac.authorization.kubernetes.io/autoupdate';
const aggregateTo = (role: 'admin' | 'edit' | 'view'): string => `rbac.authorization.k8s.io/aggregate-to-${role}`;

function clusterRole(name: string, rules: PolicyRule[], extra: { labels?: Record<string, string>; aggregateFrom?: string } = {}): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole',
    metadata: { name, labels: { [bootstrapLabel]: 'rbac-defaults', ...extra.labels }, annotations: { [autoupdateAnnotation]: 'true' } },
    ...(extra.aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: 'true' } }] } } : {}),
    rules,
  };
}

type SubjectSpec = { kind: 'User' | 'Group'; name: string } | { kind: 'ServiceAccount'; name: string; namespace: string };

function clusterRoleBinding(name: string, role: string, subjects: SubjectSpec[]): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding',
    metadata: { name, labels: { [bootstrapLabel]: 'rbac-defaults' }, annotations: { [autoupdateAnnotation]: 'true' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: subjects.map((s) => (s.kind === 'ServiceAccount' ? s : { ...s, apiGroup: 'rbac.authorization.k8s.io' })),
  };
}

const discoveryUrls = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'];

const viewRules: PolicyRule[] = [
  rule(read, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
  rule(read, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
  rule(read, [''], ['namespaces']),
  rule(read, ['discovery.k8s.io'], ['endpointslices']),
  rule(read, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
  rule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(read, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(read, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
  rule(read, ['metrics.k8s.io'], ['pods', 'nodes']),
];

const editRules: PolicyRule[] = [
  rule(read, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(write, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction']),
  rule(write, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(write, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
  rule(write, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(write, ['batch'], ['cronjobs', 'jobs']),
  rule(write, ['policy'], ['poddisruptionbudgets']),
  rule(write, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(readWrite, ['coordination.k8s.io'], ['leases']),
];

const adminRules: PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(readWrite, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
];

/**
 * The node's own role (upstream NodeRules): what the node authorizer grants a kubelet (system:node:<name> in
 * system:nodes) beyond the objects of its pods, which it checks against the pods bound to the node.
 */
export const nodeRules: readonly PolicyRule[] = [
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews', 'subjectaccessreviews']),
  rule(read, [''], ['services']),
  rule(['create', 'get', 'list', 'watch'], [''], ['nodes']),
  rule(['patch', 'update'], [''], ['nodes/status']),
  rule(['patch', 'update'], [''], ['nodes']),
  rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
  rule(read, [''], ['pods']),
  rule(['create', 'delete'], [''], ['pods']),
  rule(['patch', 'update'], [''], ['pods/status']),
  rule(['create'], [''], ['pods/eviction']),
  rule(read, [''], ['configmaps', 'secrets']),
  rule(['get'], [''], ['persistentvolumeclaims', 'persistentvolumes']),
  rule(['get'], [''], ['endpoints']),
  rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']),
  rule(['get', 'create', 'update', 'patch', 'delete'], ['coordination.k8s.io'], ['leases']),
  rule(['get'], ['storage.k8s.io'], ['volumeattachments']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(['get', 'update', 'patch'], [''], ['persistentvolumeclaims/status']),
  rule(['get', 'list', 'watch'], ['storage.k8s.io'], ['csidrivers']),
  rule(['get', 'list', 'watch'], ['node.k8s.io'], ['runtimeclasses']),
];

/**
 * Subjects Skiff's bootstrap bindings once held and reconciliation now removes (upstream reconciliation only
 * adds): before the node authorizer, the node group was bound to system:node, which would let every node read
 * every Secret.
 */
export const retiredBindingSubjects: Readonly<Record<string, readonly { kind: 'Group' | 'User'; name: string }[]>> = {
  'system:node': [{ kind: 'Group', name: 'system:nodes' }],
};

/** Every bootstrap ClusterRole, by name. */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    clusterRole('system:discovery', [urls(['get'], discoveryUrls)]),
    clusterRole('system:public-info-viewer', [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
    clusterRole('system:basic-user', [
      rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ]),
    clusterRole('admin', [], { aggregateFrom: aggregateTo('admin') }),
    clusterRole('edit', [], { labels: { [aggregateTo('admin')]: 'true' }, aggregateFrom: aggregateTo('edit') }),
    clusterRole('view', [], { labels: { [aggregateTo('edit')]: 'true' }, aggregateFrom: aggregateTo('view') }),
    clusterRole('system:aggregate-to-admin', adminRules, { labels: { [aggregateTo('admin')]: 'true' } }),
    clusterRole('system:aggregate-to-edit', editRules, { labels: { [aggregateTo('edit')]: 'true' } }),
    clusterRole('system:aggregate-to-view', viewRules, { labels: { [aggregateTo('view')]: 'true' } }),
    // Volume snapshots are namespaced user objects: edit (and so admin) may manage them, view may read them.
    clusterRole('skiff:aggregate-snapshots-to-edit', [rule(['create', 'delete', 'deletecollection', 'patch', 'update'], ['snapshot.storage.k8s.io'], ['volumesnapshots'])], { labels: { [aggregateTo('edit')]: 'true' } }),
    clusterRole('skiff:aggregate-snapshots-to-view', [rule(read, ['snapshot.storage.k8s.io'], ['volumesnapshots'])], { labels: { [aggregateTo('view')]: 'true' } }),
    clusterRole('system:node', [...nodeRules]),
    clusterRole('system:kubelet-api-admin', [rule(read, [''], ['nodes']), rule(['proxy'], [''], ['nodes']), rule(['*'], [''], ['nodes/proxy', 'nodes/metrics', 'nodes/stats', 'nodes/log'])]),
    clusterRole('system:auth-delegator', [rule(['create'], ['authentication.k8s.io'], ['tokenreviews']), rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews'])]),
    clusterRole('system:kube-aggregator', [rule(read, ['*'], ['*']), urls(['get'], ['*'])]),
    // TLS bootstrap and certificate approval (upstream policy.go); bound by the cluster's installer, as upstream.
    clusterRole('system:node-bootstrapper', [rule(['create', 'get', 'list', 'watch'], [certificatesGroup], ['certificatesigningrequests'])]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [rule(['create'], [certificatesGroup], ['certificatesigningrequests/nodeclient'])]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [rule(['create'], [certificatesGroup], ['certificatesigningrequests/selfnodeclient'])]),
    ...['legacy-unknown', 'kubelet-serving', 'kube-apiserver-client', 'kube-apiserver-client-kubelet'].map((s) =>
      clusterRole(`system:certificates.k8s.io:${s}-approver`, [rule(['approve'], [certificatesGroup], ['signers'], [`kubernetes.io/${s}`])])),
    clusterRole('system:monitoring', [urls(['get'], ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'])]),
    ...componentRoles.map((c) => clusterRole(c.role, c.rules)),
    ...Object.entries(controllerRules).map(([name, rules]) => clusterRole(`${controllerRolePrefix}${name}`, rules)),
    ...addonRoles.map((a) => clusterRole(a.role, a.rules)),
  ];
}

/** Every bootstrap ClusterRoleBinding. */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding('cluster-admin', 'cluster-admin', [{ kind: 'Group', name: 'system:masters' }]),
    clusterRoleBinding('system:discovery', 'system:discovery', [{ kind: 'Group', name: 'system:authenticated' }]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [{ kind: 'Group', name: 'system:authenticated' }]),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [{ kind: 'Group', name: 'system:authenticated' }, { kind: 'Group', name: 'system:unauthenticated' }]),
    clusterRoleBinding('system:monitoring', 'system:monitoring', [{ kind: 'Group', name: 'system:monitoring' }]),
    clusterRoleBinding('system:kube-aggregator', 'system:kube-aggregator', [{ kind: 'User', name: 'system:kube-aggregator' }]),
    // Upstream keeps this binding without subjects: nodes are authorized by the node authorizer.
    clusterRoleBinding('system:node', 'system:node', []),
    // Skiff's agent runs kube-proxy and the node's cluster DNS in the kubelet's process, under the node's
    // identity (k3s's agents likewise share one kube-proxy identity): every node holds the proxier's role.
    clusterRoleBinding('skiff:node-proxier', 'system:node-proxier', [{ kind: 'Group', name: 'system:nodes' }]),
    // The API server's client certificate towards kubelets, which authorize it by SubjectAccessReview.
    clusterRoleBinding('skiff:kube-apiserver-kubelet-client', 'system:kubelet-api-admin', [{ kind: 'User', name: 'kube-apiserver-kubelet-client' }]),
    // Kubelet TLS bootstrap, as kubeadm binds it: the join token's group may request node client certificates,
    // which are approved automatically; nodes may renew their own.
    clusterRoleBinding('skiff:kubelet-bootstrap', 'system:node-bootstrapper', [{ kind: 'Group', name: bootstrappersGroup }]),
    clusterRoleBinding('skiff:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [{ kind: 'Group', name: bootstrappersGroup }]),
    clusterRoleBinding('skiff:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [{ kind: 'Group', name: 'system:nodes' }]),
    ...componentRoles.map((c) => clusterRoleBinding(c.role, c.role, c.users.map((name) => ({ kind: 'User' as const, name })))),
    ...Object.keys(controllerRules).map((name) => clusterRoleBinding(`${controllerRolePrefix}${name}`, `${controllerRolePrefix}${name}`, [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }])),
    ...addonRoles.map((a) => clusterRoleBinding(a.role, a.role, [{ kind: 'ServiceAccount', name: a.serviceAccount, namespace: 'kube-system' }])),
  ];
}
