import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printerFor } from './index.js';

const now = new Date('2024-06-01T12:00:00Z');
const ago = (sec: number): string => new Date(now.getTime() - sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const meta = (name: string, o: Record<string, unknown> = {}): Record<string, unknown> => ({ name, namespace: 'demo', uid: 'u1', creationTimestamp: ago(300), ...o });
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }] } };

interface Case { group: string; kind: string; name: string; obj: Record<string, unknown>; cells: unknown[] }

const cases: Case[] = [
  { group: '', kind: 'Namespace', name: 'an active namespace', obj: { metadata: meta('demo'), status: { phase: 'Active' } }, cells: ['demo', 'Active', '5m'] },
  { group: '', kind: 'Node', name: 'a ready control-plane node', obj: {
    metadata: meta('node-1', { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/': 'x' } }),
    spec: { unschedulable: true },
    status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }], addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '192.168.1.10' }],
      nodeInfo: { kubeletVersion: 'v1.32.0-skiff', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', containerRuntimeVersion: '' } },
  }, cells: ['node-1', 'Ready,SchedulingDisabled', 'control-plane,worker', '5m', 'v1.32.0-skiff', '192.168.1.10', '<none>', 'Debian GNU/Linux 12', '6.1.0', '<unknown>'] },
  { group: '', kind: 'Node', name: 'a node without a Ready condition', obj: { metadata: meta('node-2'), status: {} },
    cells: ['node-2', 'Unknown', '<none>', '5m', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'] },
  { group: '', kind: 'Pod', name: 'a running pod', obj: {
    metadata: meta('web-0'), spec: { containers: [{ name: 'nginx' }], nodeName: 'node-1' },
    status: { phase: 'Running', podIP: '10.42.0.9', podIPs: [{ ip: '10.42.0.9' }], containerStatuses: [{ name: 'nginx', ready: true, restartCount: 0, state: { running: {} } }] },
  }, cells: ['web-0', '1/1', 'Running', '0', '5m', '10.42.0.9', 'node-1', '<none>', '<none>'] },
  { group: '', kind: 'Service', name: 'a headless service', obj: {
    metadata: meta('nginx'), spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'nginx' } },
  }, cells: ['nginx', 'ClusterIP', 'None', '<none>', '80/TCP', '5m', 'app=nginx'] },
  { group: '', kind: 'Service', name: 'a node-port service with external IPs', obj: {
    metadata: meta('np'), spec: { type: 'NodePort', clusterIP: '10.43.0.9', clusterIPs: ['10.43.0.9'], externalIPs: ['1.2.3.4'],
      ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
  }, cells: ['np', 'NodePort', '10.43.0.9', '1.2.3.4', '80:30080/TCP,53/UDP', '5m', '<none>'] },
  { group: '', kind: 'Service', name: 'a load balancer', obj: {
    metadata: meta('lb'), spec: { type: 'LoadBalancer', clusterIP: '10.43.0.10', externalIPs: ['9.9.9.9'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] },
    status: { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example.com' }, { ip: '5.6.7.8' }] } },
  }, cells: ['lb', 'LoadBalancer', '10.43.0.10', '5.6.7.8,lb.example.com,9.9.9.9', '443:31443/TCP', '5m', '<none>'] },
  { group: '', kind: 'Service', name: 'a pending load balancer and an external name', obj: {
    metadata: meta('lb2'), spec: { type: 'LoadBalancer', clusterIPs: ['10.43.0.11'], ports: [] },
  }, cells: ['lb2', 'LoadBalancer', '10.43.0.11', '<pending>', '<none>', '5m', '<none>'] },
  { group: '', kind: 'Service', name: 'an external-name service', obj: { metadata: meta('db'), spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    cells: ['db', 'ExternalName', '<none>', 'db.example.com', '<none>', '5m', '<none>'] },
  { group: '', kind: 'Endpoints', name: 'endpoints cut after three entries', obj: {
    metadata: meta('nginx'), subsets: [{ addresses: [{ ip: '10.42.0.1' }, { ip: '10.42.0.2' }], ports: [{ port: 80 }, { port: 443 }] }, { addresses: [{ ip: 'fd00::5' }] }],
  }, cells: ['nginx', '10.42.0.1:80,10.42.0.2:80,10.42.0.1:443 + 2 more...', '5m'] },
  { group: '', kind: 'Endpoints', name: 'endpoints without subsets', obj: { metadata: meta('empty') }, cells: ['empty', '<none>', '5m'] },
  { group: '', kind: 'PersistentVolume', name: "seed 000's local-pv1", obj: {
    metadata: { name: 'local-pv1', uid: 'u', creationTimestamp: ago(13) },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'local-storage',
      local: { path: '/tmp' }, volumeMode: 'Filesystem' },
    status: { phase: 'Available' },
  }, cells: ['local-pv1', '1Gi', 'RWO', 'Retain', 'Available', '', 'local-storage', '<unset>', '', '13s', 'Filesystem'] },
  { group: '', kind: 'PersistentVolume', name: 'a bound, terminating volume with a beta class annotation', obj: {
    metadata: meta('pv2', { deletionTimestamp: ago(1), annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } }),
    spec: { capacity: { storage: '2048Mi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'fast',
      claimRef: { namespace: 'demo', name: 'www-web-0' }, volumeAttributesClassName: 'gold' },
    status: { phase: 'Bound', reason: 'Because' },
  }, cells: ['pv2', '2Gi', 'RWO,RWX', 'Delete', 'Terminating', 'demo/www-web-0', 'legacy', 'gold', 'Because', '5m', '<unset>'] },
  { group: '', kind: 'PersistentVolumeClaim', name: 'a bound claim', obj: {
    metadata: meta('www-web-0'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local-storage', volumeName: 'local-pv1', volumeMode: 'Filesystem' },
    status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
  }, cells: ['www-web-0', 'Bound', 'local-pv1', '1Gi', 'RWO', 'local-storage', '<unset>', '5m', 'Filesystem'] },
  { group: '', kind: 'PersistentVolumeClaim', name: 'a pending claim without capacity or modes', obj: {
    metadata: meta('www-web-1'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' },
  }, cells: ['www-web-1', 'Pending', '', '', '', '', '<unset>', '5m', '<unset>'] },
  { group: '', kind: 'ConfigMap', name: 'a config map with text and binary data', obj: { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, cells: ['cfg', 3, '5m'] },
  { group: '', kind: 'Secret', name: 'an opaque secret', obj: { metadata: meta('s'), type: 'Opaque', data: { password: 'cGFzcw==' } }, cells: ['s', 'Opaque', 1, '5m'] },
  { group: '', kind: 'ServiceAccount', name: 'a service account', obj: { metadata: meta('default'), secrets: [{ name: 'tok' }] }, cells: ['default', 1, '5m'] },
  { group: '', kind: 'Event', name: 'a repeated core event', obj: {
    metadata: meta('web-0.17a'), involvedObject: { kind: 'Pod', name: 'web-0', fieldPath: 'spec.containers{nginx}' }, reason: 'Pulled', type: 'Normal',
    message: '  Container image "nginx" already present on machine\n', source: { component: 'kubelet', host: 'node-1' }, firstTimestamp: ago(600), lastTimestamp: ago(30), count: 4,
  }, cells: ['30s', 'Normal', 'Pulled', 'pod/web-0', 'spec.containers{nginx}', 'kubelet, node-1', 'Container image "nginx" already present on machine', '10m', 4, 'web-0.17a'] },
  { group: '', kind: 'Event', name: 'a new-API core event with a series', obj: {
    metadata: meta('e2'), involvedObject: { kind: 'Node', name: '' }, reason: 'Rebooted', type: 'Warning', message: 'x', eventTime: '2024-06-01T11:00:00.000000Z',
    reportingComponent: 'kubelet', reportingInstance: 'node-1', series: { count: 7, lastObservedTime: '2024-06-01T11:59:00.000000Z' },
  }, cells: ['60s', 'Warning', 'Rebooted', 'node', '', 'kubelet, node-1', 'x', '60m', 7, 'e2'] },
  { group: 'events.k8s.io', kind: 'Event', name: 'an events.k8s.io event mapped to the core shape', obj: {
    metadata: meta('web-0.17b'), regarding: { kind: 'StatefulSet', name: 'web' }, reason: 'SuccessfulCreate', type: 'Normal', note: 'create Pod web-0 in StatefulSet web successful',
    eventTime: ago(120), reportingController: 'statefulset-controller', reportingInstance: '',
  }, cells: ['2m', 'Normal', 'SuccessfulCreate', 'statefulset/web', '', 'statefulset-controller', 'create Pod web-0 in StatefulSet web successful', '2m', 1, 'web-0.17b'] },
  { group: '', kind: 'ReplicationController', name: 'a replication controller', obj: {
    metadata: meta('rc'), spec: { replicas: 3, selector: { app: 'web' }, template }, status: { replicas: 3, readyReplicas: 2 },
  }, cells: ['rc', 3, 3, 2, '5m', 'nginx,log', 'nginx:1.27,busybox', 'app=web'] },
  { group: '', kind: 'ResourceQuota', name: 'a quota with requests and limits', obj: {
    metadata: meta('q'), spec: { hard: { pods: '10' } },
    status: { hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '2048Mi', 'limits.cpu': '4' }, used: { pods: '3', 'requests.cpu': '500m', 'limits.cpu': '1' } },
  }, cells: ['q', 'pods: 3/10, requests.cpu: 500m/2', 'limits.cpu: 1/4, limits.memory: 0/2Gi', '5m'] },
  { group: '', kind: 'LimitRange', name: 'a limit range (default table)', obj: { metadata: meta('lr', { creationTimestamp: '2024-06-01T11:55:00.123456Z' }) }, cells: ['lr', '2024-06-01T11:55:00Z'] },
  { group: 'apps', kind: 'StatefulSet', name: 'a statefulset', obj: { metadata: meta('web'), spec: { replicas: 2, serviceName: 'nginx', template }, status: { readyReplicas: 1 } },
    cells: ['web', '1/2', '5m', 'nginx,log', 'nginx:1.27,busybox'] },
  { group: 'apps', kind: 'Deployment', name: 'a deployment', obj: {
    metadata: meta('web'), spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] }, template },
    status: { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 },
  }, cells: ['web', '3/3', 3, 3, '5m', 'nginx,log', 'nginx:1.27,busybox', 'app=web,tier in (fe)'] },
  { group: 'apps', kind: 'ReplicaSet', name: 'a replica set', obj: {
    metadata: meta('web-5d8f'), spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f' } }, template }, status: { replicas: 3, readyReplicas: 1 },
  }, cells: ['web-5d8f', 3, 3, 1, '5m', 'nginx,log', 'nginx:1.27,busybox', 'app=web,pod-template-hash=5d8f'] },
  { group: 'apps', kind: 'DaemonSet', name: 'a daemon set', obj: {
    metadata: meta('agent'), spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
    status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
  }, cells: ['agent', 2, 2, 1, 2, 1, 'kubernetes.io/os=linux', '5m', 'nginx,log', 'nginx:1.27,busybox', 'app=agent'] },
  { group: 'apps', kind: 'ControllerRevision', name: 'a controller revision', obj: {
    metadata: meta('web-7b9c', { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'x', uid: '1' }, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: '2', controller: true }] }),
    revision: 2, data: {},
  }, cells: ['web-7b9c', 'statefulset.apps/web', 2, '5m'] },
  { group: 'batch', kind: 'Job', name: 'a completed job', obj: {
    metadata: meta('pi'), spec: { completions: 1, parallelism: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } }, template },
    status: { succeeded: 1, startTime: ago(290), completionTime: ago(270), conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] },
  }, cells: ['pi', 'Complete', '1/1', '20s', '5m', 'nginx,log', 'nginx:1.27,busybox', 'batch.kubernetes.io/controller-uid=abc'] },
  { group: 'batch', kind: 'Job', name: 'a running work-queue job', obj: {
    metadata: meta('queue'), spec: { parallelism: 3, template }, status: { active: 3, startTime: ago(95) },
  }, cells: ['queue', 'Running', '0/1 of 3', '95s', '5m', 'nginx,log', 'nginx:1.27,busybox', '<none>'] },
  { group: 'batch', kind: 'CronJob', name: 'a cron job', obj: {
    metadata: meta('hello'), spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: { active: [{ name: 'hello-1' }], lastScheduleTime: ago(62) },
  }, cells: ['hello', '*/5 * * * *', '<none>', 'False', 1, '62s', '5m', 'nginx,log', 'nginx:1.27,busybox', '<none>'] },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', name: 'a v2 autoscaler with three metrics', obj: {
    metadata: meta('web'), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } },
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } } },
    ] },
    status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 35, averageValue: '35m' } } }] },
  }, cells: ['web', 'Deployment/web', 'cpu: 35%/50%, memory: <unknown>/200Mi + 1 more...', '1', 10, 2, '5m'] },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', name: 'a v1-shaped autoscaler', obj: {
    metadata: meta('web1'), spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'web' }, maxReplicas: 4, targetCPUUtilizationPercentage: 80 }, status: { currentReplicas: 1, desiredReplicas: 1 },
  }, cells: ['web1', 'StatefulSet/web', 'cpu: <unknown>/80%', '<unset>', 4, 1, '5m'] },
  { group: 'autoscaling', kind: 'Scale', name: 'a scale subresource', obj: { metadata: meta('web'), spec: { replicas: 3 }, status: { replicas: 2, selector: 'app=web' } }, cells: ['web', 3, 2, '5m'] },
  { group: 'storage.k8s.io', kind: 'StorageClass', name: 'a default storage class', obj: {
    metadata: meta('local-path', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }), provisioner: 'skiff.io/local-path', reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true,
  }, cells: ['local-path (default)', 'skiff.io/local-path', 'Retain', 'WaitForFirstConsumer', true, '5m'] },
  { group: 'storage.k8s.io', kind: 'StorageClass', name: "seed 000's local-storage (beta default annotation off)", obj: {
    metadata: meta('local-storage', { annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'false' } }), provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer',
  }, cells: ['local-storage', 'kubernetes.io/no-provisioner', 'Delete', 'WaitForFirstConsumer', false, '5m'] },
  { group: 'coordination.k8s.io', kind: 'Lease', name: 'a held lease', obj: { metadata: meta('node-1'), spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } }, cells: ['node-1', 'node-1', '5m'] },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice', name: 'an endpoint slice', obj: {
    metadata: meta('nginx-abc'), addressType: 'IPv4', ports: [{ name: 'web', port: 80 }, { name: 'metrics' }, {}, { port: 9000 }],
    endpoints: [{ addresses: ['10.42.0.1'] }, { addresses: ['10.42.0.2', '10.42.0.3', '10.42.0.4'] }],
  }, cells: ['nginx-abc', 'IPv4', '80,metrics,* + 1 more...', '10.42.0.1,10.42.0.2,10.42.0.3 + 1 more...', '5m'] },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice', name: 'an empty endpoint slice', obj: { metadata: meta('e'), addressType: 'IPv6', endpoints: [] }, cells: ['e', 'IPv6', '<unset>', '<unset>', '5m'] },
  { group: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a role (Created At)', obj: { metadata: meta('reader', { creationTimestamp: '2024-06-01T11:00:00Z' }), rules: [] }, cells: ['reader', '2024-06-01T11:00:00Z'] },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'a cluster role (Created At)', obj: { metadata: { name: 'admin' } }, cells: ['admin', '0001-01-01T00:00:00Z'] },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', name: 'a role binding with every subject kind', obj: {
    metadata: meta('read'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'User', name: 'alice' }, { kind: 'User', name: 'bob' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'default', namespace: 'demo' }],
  }, cells: ['read', 'Role/reader', '5m', 'alice, bob', 'devs', 'demo/default'] },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', name: 'a cluster role binding', obj: {
    metadata: meta('admins'), roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:masters' }],
  }, cells: ['admins', 'ClusterRole/cluster-admin', '5m', '', 'system:masters', ''] },
  { group: 'policy', kind: 'PodDisruptionBudget', name: 'a disruption budget', obj: { metadata: meta('pdb'), spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }, cells: ['pdb', '50%', 'N/A', 1, '5m'] },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass', name: 'a priority class', obj: { metadata: meta('high'), value: 1000, globalDefault: false, preemptionPolicy: 'Never' }, cells: ['high', 1000, false, '5m', 'Never'] },
  { group: 'apiregistration.k8s.io', kind: 'APIService', name: 'a local APIService', obj: { metadata: meta('v1.apps'), spec: { group: 'apps', version: 'v1' }, status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] } }, cells: ['v1.apps', 'Local', 'True', '5m'] },
  { group: 'apiregistration.k8s.io', kind: 'APIService', name: 'an unavailable remote APIService', obj: {
    metadata: meta('v1alpha1.wardle.example.com'), spec: { service: { namespace: 'wardle', name: 'api', port: 443 } }, status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] },
  }, cells: ['v1alpha1.wardle.example.com', 'wardle/api', 'False (MissingEndpoints)', '5m'] },
  { group: 'apiregistration.k8s.io', kind: 'APIService', name: 'an APIService not checked yet', obj: { metadata: meta('v1beta1.metrics.k8s.io'), spec: { service: { namespace: 'kube-system', name: 'metrics-server' } } }, cells: ['v1beta1.metrics.k8s.io', 'kube-system/metrics-server', 'Unknown', '5m'] },
  { group: 'example.com', kind: 'Widget', name: 'an unknown kind (default table)', obj: { metadata: meta('w', { creationTimestamp: '2024-06-01T11:00:00Z' }) }, cells: ['w', '2024-06-01T11:00:00Z'] },
];

for (const c of cases) {
  test(`printerFor(${c.group || 'core'}, ${c.kind}) prints ${c.name}`, () => {
    const p = printerFor(c.group, c.kind);
    const cells = p.cells(c.obj, now);
    assert.deepEqual(cells, c.cells);
    assert.equal(cells.length, p.columns.length, 'one cell per column');
  });
}

test('printerFor() column definitions follow upstream names, types, formats and priorities', () => {
  const brief = (g: string, k: string): string[] => printerFor(g, k).columns.map((c) => `${c.name}:${c.type}:${c.format}:${c.priority}`);
  assert.deepEqual(brief('', 'Pod'), ['Name:string:name:0', 'Ready:string::0', 'Status:string::0', 'Restarts:string::0', 'Age:string::0',
    'IP:string::1', 'Node:string::1', 'Nominated Node:string::1', 'Readiness Gates:string::1']);
  assert.deepEqual(brief('', 'Event'), ['Last Seen:string::0', 'Type:string::0', 'Reason:string::0', 'Object:string::0', 'Subobject:string::1',
    'Source:string::1', 'Message:string::0', 'First Seen:string::1', 'Count:string::1', 'Name:string:name:1']);
  assert.deepEqual(brief('rbac.authorization.k8s.io', 'Role'), ['Name:string:name:0', 'Created At:date::0']);
  assert.deepEqual(brief('batch', 'CronJob').slice(3, 5), ['Suspend:boolean::0', 'Active:integer::0']);
  assert.deepEqual(brief('', 'PersistentVolume').map((c) => c.split(':')[0]), ['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim',
    'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode']);
  assert.deepEqual(brief('autoscaling', 'Scale')[0], 'Name:string::0');
  for (const c of printerFor('apps', 'Deployment').columns) assert.equal(c.description, '');
});
