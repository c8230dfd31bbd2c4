// The control plane's own roles (upstream bootstrappolicy controller_policy.go and policy.go): one
// system:controller:<name> ClusterRole per controller, bound to the ServiceAccount kube-system/<name> it acts as
// (kube-controller-manager --use-service-account-credentials), the controller manager's own role (its shared
// informers list and watch everything), the scheduler's, kube-proxy's; and the add-ons Skiff runs in-process
// with their distributions' roles: CoreDNS (kubeadm's system:coredns), k3s's local-path provisioner (plus the
// expansion Skiff's does) and metrics-server.
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) });
const read = ['get', 'list', 'watch'];
const readUpdate = ['get', 'list', 'watch', 'update', 'patch'];
const snapshotGroup = 'snapshot.storage.k8s.io';
const events = (): PolicyRule => rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);

export const controllerRolePrefix = 'system:controller:';

/** upstream's controller roles, by the controller (and ServiceAccount) name. */
export const controllerRules: Readonly<Record<string, PolicyRule[]>> = {
  'attachdetach-controller': [
    rule(['list', 'watch'], [''], ['persistentvolumes', 'persistentvolumeclaims']),
    rule(read, [''], ['nodes']),
    rule(['patch', 'update'], [''], ['nodes/status']),
    rule(['list', 'watch'], [''], ['pods']),
    events(),
    rule(['get', 'create', 'delete', 'list', 'watch'], ['storage.k8s.io'], ['volumeattachments']),
    rule(read, ['storage.k8s.io'], ['csidrivers']),
    rule(read, ['storage.k8s.io'], ['csinodes']),
  ],
  'certificate-controller': [
    rule(['get', 'list', 'watch', 'delete'], ['certificates.k8s.io'], ['certificatesigningrequests']),
    rule(['update'], ['certificates.k8s.io'], ['certificatesigningrequests/status', 'certificatesigningrequests/approval']),
    rule(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet']),
    rule(['sign'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/legacy-unknown', 'kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    events(),
  ],
  'clusterrole-aggregation-controller': [rule(['escalate', 'get', 'list', 'watch', 'update', 'patch'], ['rbac.authorization.k8s.io'], ['clusterroles'])],
  'cronjob-controller': [
    rule(['get', 'list', 'watch', 'update'], ['batch'], ['cronjobs']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], ['batch'], ['jobs']),
    rule(['update'], ['batch'], ['cronjobs/status']),
    rule(['update'], ['batch'], ['cronjobs/finalizers']),
    rule(['list', 'watch', 'delete'], [''], ['pods']),
    events(),
  ],
  'daemon-set-controller': [
    rule(read, ['extensions', 'apps'], ['daemonsets']),
    rule(['update'], ['extensions', 'apps'], ['daemonsets/status']),
    rule(['update'], ['extensions', 'apps'], ['daemonsets/finalizers']),
    rule(['list', 'watch'], [''], ['nodes']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
    rule(['create'], [''], ['pods/binding']),
    rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], ['apps'], ['controllerrevisions']),
    events(),
  ],
  'deployment-controller': [
    rule(['get', 'list', 'watch', 'update'], ['extensions', 'apps'], ['deployments']),
    rule(['update'], ['extensions', 'apps'], ['deployments/status']),
    rule(['update'], ['extensions', 'apps'], ['deployments/finalizers']),
    rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], ['apps', 'extensions'], ['replicasets']),
    rule(['get', 'list', 'watch', 'update'], [''], ['pods']),
    events(),
  ],
  'disruption-controller': [
    rule(read, ['extensions', 'apps'], ['deployments']),
    rule(read, ['apps', 'extensions'], ['replicasets']),
    rule(read, [''], ['replicationcontrollers']),
    rule(read, ['policy'], ['poddisruptionbudgets']),
    rule(read, ['apps'], ['statefulsets']),
    rule(['update'], ['policy'], ['poddisruptionbudgets/status']),
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(['get'], ['*'], ['*/scale']),
    events(),
  ],
  'endpoint-controller': [
    rule(read, [''], ['services', 'pods']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [''], ['endpoints']),
    rule(['create'], [''], ['endpoints/restricted']),
    events(),
  ],
  'endpointslice-controller': [
    rule(read, [''], ['services', 'pods', 'nodes']),
    rule(['update'], [''], ['services/finalizers']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
    events(),
  ],
  'expand-controller': [
    rule(readUpdate, [''], ['persistentvolumes']),
    rule(['update', 'patch'], [''], ['persistentvolumeclaims/status']),
    rule(read, [''], ['persistentvolumeclaims']),
    events(),
  ],
  'generic-garbage-collector': [rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']), events()],
  'horizontal-pod-autoscaler': [
    rule(read, ['autoscaling'], ['horizontalpodautoscalers']),
    rule(['update'], ['autoscaling'], ['horizontalpodautoscalers/status']),
    rule(['get', 'update'], ['*'], ['*/scale']),
    rule(['list', 'watch'], [''], ['pods']),
    rule(['list', 'watch'], ['metrics.k8s.io'], ['pods']),
    rule(read, ['custom.metrics.k8s.io'], ['*']),
    rule(read, ['external.metrics.k8s.io'], ['*']),
    events(),
  ],
  'job-controller': [
    rule(['get', 'list', 'watch', 'update', 'patch'], ['batch'], ['jobs']),
    rule(['update'], ['batch'], ['jobs/status']),
    rule(['update'], ['batch'], ['jobs/finalizers']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
    events(),
  ],
  'namespace-controller': [
    rule(['get', 'list', 'watch', 'delete'], [''], ['namespaces']),
    rule(['update'], [''], ['namespaces/finalize', 'namespaces/status']),
    rule(['get', 'list', 'watch', 'delete', 'deletecollection'], ['*'], ['*']),
  ],
  'node-controller': [
    rule(['get', 'list', 'watch', 'update', 'delete', 'patch'], [''], ['nodes']),
    rule(['patch', 'update'], [''], ['nodes/status']),
    rule(['patch', 'update'], [''], ['pods/status']),
    rule(['list', 'watch', 'get', 'delete'], [''], ['pods']),
    events(),
  ],
  'persistent-volume-binder': [
    rule(['get', 'list', 'watch', 'update', 'create', 'delete'], [''], ['persistentvolumes']),
    rule(['update'], [''], ['persistentvolumes/status']),
    rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
    rule(['update'], [''], ['persistentvolumeclaims/status']),
    rule(['list', 'watch', 'get', 'create', 'delete'], [''], ['pods']),
    rule(read, ['storage.k8s.io'], ['storageclasses']),
    rule(['list', 'watch'], [''], ['nodes']),
    events(),
    rule(['watch'], [''], ['events']),
  ],
  'pod-garbage-collector': [
    rule(['list', 'watch', 'delete'], [''], ['pods']),
    rule(read, [''], ['nodes']),
    rule(['patch'], [''], ['pods/status']),
  ],
  'pv-protection-controller': [rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumes']), events()],
  'pvc-protection-controller': [
    rule(['get', 'list', 'watch', 'update'], [''], ['persistentvolumeclaims']),
    rule(['list', 'watch', 'get'], [''], ['pods']),
    events(),
  ],
  'replicaset-controller': [
    rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['replicasets']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/status']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
    events(),
  ],
  'replication-controller': [
    rule(['get', 'list', 'watch', 'update'], [''], ['replicationcontrollers']),
    rule(['update'], [''], ['replicationcontrollers/status']),
    rule(['update'], [''], ['replicationcontrollers/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
    events(),
  ],
  'resourcequota-controller': [rule(['list', 'watch'], ['*'], ['*']), rule(['update'], [''], ['resourcequotas/status']), events()],
  'root-ca-cert-publisher': [rule(['create', 'update'], [''], ['configmaps']), events()],
  'service-account-controller': [rule(['create'], [''], ['serviceaccounts']), events()],
  'statefulset-controller': [
    rule(['list', 'watch'], [''], ['pods']),
    rule(read, ['apps'], ['statefulsets']),
    rule(['update'], ['apps'], ['statefulsets/status']),
    rule(['update'], ['apps'], ['statefulsets/finalizers']),
    rule(['get', 'create', 'delete', 'update', 'patch'], [''], ['pods']),
    rule(['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'], ['apps'], ['controllerrevisions']),
    rule(['get', 'create', 'list', 'watch'], [''], ['persistentvolumeclaims']),
    rule(['update', 'delete'], [''], ['persistentvolumeclaims']),
    rule(['update'], [''], ['pods/finalizers']),
    events(),
  ],
  'ttl-after-finished-controller': [rule(['get', 'list', 'watch', 'delete'], ['batch'], ['jobs']), events()],
};

/** Roles of the components that act as users rather than service accounts, and their users (upstream policy.go). */
export const componentRoles: readonly { role: string; users: string[]; rules: PolicyRule[] }[] = [
  {
    role: 'system:kube-controller-manager', users: ['system:kube-controller-manager'],
    rules: [
      events(),
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
      rule(['create'], [''], ['secrets', 'serviceaccounts']),
      rule(['delete'], [''], ['secrets']),
      rule(['get'], [''], ['namespaces', 'secrets', 'serviceaccounts', 'configmaps']),
      rule(['update'], [''], ['secrets', 'serviceaccounts']),
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      // The shared informers of every controller.
      rule(['list', 'watch'], ['*'], ['*']),
      rule(['create'], [''], ['serviceaccounts/token']),
    ],
  },
  {
    role: 'system:kube-scheduler', users: ['system:kube-scheduler'],
    rules: [
      events(),
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
      rule(read, [''], ['nodes']),
      rule(['get', 'list', 'watch', 'delete'], [''], ['pods']),
      rule(['create'], [''], ['pods/binding', 'bindings']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(read, [''], ['services', 'replicationcontrollers']),
      rule(read, ['apps', 'extensions'], ['replicasets']),
      rule(read, ['apps'], ['statefulsets']),
      rule(read, ['policy'], ['poddisruptionbudgets']),
      rule(read, [''], ['persistentvolumeclaims', 'persistentvolumes']),
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      rule(read, ['storage.k8s.io'], ['csinodes']),
      rule(read, [''], ['namespaces']),
      rule(read, ['storage.k8s.io'], ['csidrivers']),
      rule(read, ['storage.k8s.io'], ['csistoragecapacities']),
      // Skiff's VolumeBinding places local-path restores and clones on the node of their snapshot or source claim.
      rule(read, [snapshotGroup], ['volumesnapshots', 'volumesnapshotcontents']),
    ],
  },
  {
    role: 'system:volume-scheduler', users: ['system:kube-scheduler'],
    rules: [rule(readUpdate, [''], ['persistentvolumes']), rule(read, ['storage.k8s.io'], ['storageclasses']), rule(readUpdate, [''], ['persistentvolumeclaims'])],
  },
  {
    role: 'system:node-proxier', users: ['system:kube-proxy'],
    rules: [rule(['list', 'watch'], [''], ['services', 'endpoints']), rule(read, [''], ['nodes']), events(), rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices'])],
  },
];

/** Add-ons with their own service accounts in kube-system: the ClusterRole each ships with. */
export const addonRoles: readonly { role: string; serviceAccount: string; rules: PolicyRule[] }[] = [
  {
    // kubeadm's CoreDNS role.
    role: 'system:coredns', serviceAccount: 'coredns',
    rules: [rule(['list', 'watch'], [''], ['endpoints', 'services', 'pods', 'namespaces']), rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices'])],
  },
  {
    // k3s's local-path-provisioner-role, with the claim and volume updates of Skiff's expansion.
    role: 'local-path-provisioner-role', serviceAccount: 'local-path-provisioner-service-account',
    rules: [
      rule(read, [''], ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log']),
      rule(['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'], [''], ['persistentvolumes']),
      rule(['create', 'patch'], [''], ['events']),
      rule(read, ['storage.k8s.io'], ['storageclasses']),
      rule(['update', 'patch'], [''], ['persistentvolumeclaims', 'persistentvolumeclaims/status']),
      // external-provisioner's rules for restoring from snapshots; and Skiff's restore copies need the nodes.
      rule(read, [snapshotGroup], ['volumesnapshots', 'volumesnapshotcontents']),
    ],
  },
  {
    // external-snapshotter's snapshot-controller-runner (the common snapshot controller).
    role: 'snapshot-controller-runner', serviceAccount: 'snapshot-controller',
    rules: [
      rule(read, [''], ['persistentvolumes']),
      rule(['get', 'list', 'watch', 'update', 'patch'], [''], ['persistentvolumeclaims']),
      rule(read, ['storage.k8s.io'], ['storageclasses']),
      rule(['list', 'watch', 'create', 'update', 'patch'], [''], ['events']),
      rule(read, [snapshotGroup], ['volumesnapshotclasses']),
      rule(['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'], [snapshotGroup], ['volumesnapshotcontents']),
      rule(['patch', 'update'], [snapshotGroup], ['volumesnapshotcontents/status']),
      rule(['get', 'list', 'watch', 'update', 'patch', 'delete'], [snapshotGroup], ['volumesnapshots']),
      rule(['update', 'patch'], [snapshotGroup], ['volumesnapshots/status']),
    ],
  },
  {
    // external-snapshotter's external-snapshotter-runner (the csi-snapshotter sidecar), for the local-path
    // snapshotter; it reads the source claims and volumes to find the directory to copy.
    role: 'external-snapshotter-runner', serviceAccount: 'csi-snapshotter',
    rules: [
      rule(['list', 'watch', 'create', 'update', 'patch'], [''], ['events']),
      rule(read, [snapshotGroup], ['volumesnapshotclasses']),
      rule(['get', 'list', 'watch', 'update', 'patch'], [snapshotGroup], ['volumesnapshotcontents']),
      rule(['update', 'patch'], [snapshotGroup], ['volumesnapshotcontents/status']),
      rule(read, [''], ['persistentvolumes', 'persistentvolumeclaims']),
    ],
  },
  {
    // metrics-server's system:metrics-server.
    role: 'system:metrics-server', serviceAccount: 'metrics-server',
    rules: [rule(['get'], [''], ['nodes/metrics']), rule(read, [''], ['pods', 'nodes'])],
  },
];

/** The user a controller acts as: its ServiceAccount in kube-system. */
export const controllerUser = (name: string): { name: string; groups: string[] } =>
  ({ name: `system:serviceaccount:kube-system:${name}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'] });
