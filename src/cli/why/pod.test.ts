import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainPod } from './pod.js';
import { event, node, pod, pv, pvc, ready, sc, state, unschedulable, usingClaim, withCpu } from './testing.js';

const noFit = '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';

const cases: { name: string; pod: ReturnType<typeof pod>; state: ReturnType<typeof state>; want: string[] }[] = [
  {
    name: 'says a Running pod has nothing pending',
    pod: pod('web', { nodeName: 'node-1' }, { phase: 'Running' }),
    state: state(),
    want: ['pod/web is Running on node node-1; nothing is pending'],
  },
  {
    name: 'shows the requested cpu against what each node has in use, with the scheduler\'s condition and events',
    pod: pod('huge', withCpu('3')),
    state: state({
      nodes: [node('node-1'), node('node-2', { cpu: '2' })],
      pods: [pod('busy', { ...withCpu('1500m'), nodeName: 'node-1' }, { phase: 'Running' }), pod('done', { ...withCpu('4'), nodeName: 'node-1' }, { phase: 'Succeeded' })],
      events: [event('Pod', 'huge', 'FailedScheduling', noFit, { count: 3, firstAgo: 120, lastAgo: 10 }), event('Pod', 'other', 'FailedScheduling', 'not mine')],
    }),
    want: [
      'pod/huge is Pending: not scheduled to a node',
      '  PodScheduled: not yet decided (the scheduler has not tried the pod yet)',
      '  Nodes: none of 2 fits',
      '    Insufficient cpu (the pod requests 3): node-1 (1500m of 4 allocatable in use), node-2 (0 of 2 allocatable in use)',
      '  Events:',
      `    Warning  FailedScheduling  10s (x3 over 2m)  default-scheduler  ${noFit}`,
    ],
  },
  {
    name: 'names the nodeSelector label each node lacks, cordoned nodes and untolerated taints',
    pod: pod('nowhere', { nodeSelector: { disk: 'ssd' } }, unschedulable('0/4 nodes are available: ...')),
    state: state({
      nodes: [node('node-1'), node('node-2', { labels: { disk: 'hdd' } }), node('node-3', { unschedulable: true }), node('node-4', { labels: { disk: 'ssd' }, taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] })],
    }),
    want: [
      'pod/nowhere is Pending: not scheduled to a node',
      '  PodScheduled=False (Unschedulable): 0/4 nodes are available: ...',
      '  Nodes: none of 4 fits',
      '    nodeSelector disk=ssd: node-1 (no label disk), node-2 (disk=hdd)',
      '    unschedulable (cordoned): node-3',
      '    taint gpu=yes:NoSchedule not tolerated: node-4',
    ],
  },
  {
    name: 'reports scheduling gates, and no nodes at all',
    pod: pod('gated', { schedulingGates: [{ name: 'example.com/quota' }] }),
    state: state(),
    want: ['pod/gated is Pending: not scheduled to a node', '  Scheduling gates: example.com/quota: the scheduler ignores the pod until every gate is removed'],
  },
  {
    name: 'explains each claim the pod uses, and a missing one',
    pod: pod('app', { volumes: [...usingClaim('data').volumes!, { name: 'e', persistentVolumeClaim: { claimName: 'gone' } }] }, unschedulable('0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.')),
    state: state({ nodes: [node('node-1')], claims: [pvc('data', { cls: 'fast' })], events: [event('PersistentVolumeClaim', 'data', 'ProvisioningFailed', 'storageclass.storage.k8s.io "fast" not found', { source: 'persistentvolume-controller' })] }),
    want: [
      'pod/app is Pending: not scheduled to a node',
      '  PodScheduled=False (Unschedulable): 0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.',
      '  Nodes: 1 of 1 fit the pod\'s selector, affinity, taints and requests',
      '  Claims:',
      '    pvc/data is Pending',
      '      StorageClass "fast" not found: nothing provisions a volume; only a PV with storageClassName "fast" can bind it',
      '      PersistentVolumes: none exist',
      '      Events:',
      '        Warning  ProvisioningFailed  5s  persistentvolume-controller  storageclass.storage.k8s.io "fast" not found',
      '    pvc/gone not found: the pod waits until it is created',
    ],
  },
  {
    name: 'pins a pod to the node of its bound local volume',
    pod: pod('again', usingClaim('www'), unschedulable('…')),
    state: state({ nodes: [node('node-1'), node('node-2')], claims: [pvc('www', { volumeName: 'local-1', phase: 'Bound' })], volumes: [pv('local-1', { node: 'node-1', claim: 'www' })] }),
    want: [
      'pod/again is Pending: not scheduled to a node',
      '  PodScheduled=False (Unschedulable): …',
      '  Nodes: 1 of 2 fit the pod\'s selector, affinity, taints and requests',
      '    pv/local-1 (claim www) is pinned elsewhere by its node affinity: node-2',
      '  Claims:',
      '    pvc/www is Bound to pv/local-1; nothing is pending',
    ],
  },
  {
    name: 'says a WaitForFirstConsumer claim waits for this very pod',
    pod: pod('web-0', usingClaim('www'), unschedulable('…')),
    state: state({ nodes: [node('node-1', { cpu: '1' })], pods: [pod('web-0', usingClaim('www'))], claims: [pvc('www')], classes: [sc('local-path', { mode: 'WaitForFirstConsumer' })] }),
    want: [
      'pod/web-0 is Pending: not scheduled to a node',
      '  PodScheduled=False (Unschedulable): …',
      '  Nodes: 1 of 1 fit the pod\'s selector, affinity, taints and requests',
      '  Claims:',
      '    pvc/www is Pending',
      '      StorageClass "local-path": provisioner skiff.io/local-path, volumeBindingMode WaitForFirstConsumer',
      '      Waiting for this pod to be scheduled: the claim is bound on the node the scheduler picks (WaitForFirstConsumer)',
      '      PersistentVolumes: none exist',
    ],
  },
  {
    name: 'shows the waiting containers of a scheduled pod',
    pod: pod('mounting', { nodeName: 'node-1' }, { phase: 'Pending', containerStatuses: [{ name: 'c', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }),
    state: state({ nodes: [ready(node('node-1'))], events: [event('Pod', 'mounting', 'FailedMount', 'MountVolume.NodeAffinity check failed', { source: 'kubelet' })] }),
    want: [
      'pod/mounting is Pending on node node-1: its containers have not started',
      '  container c: waiting (ContainerCreating)',
      '  Events:',
      '    Warning  FailedMount  5s  kubelet  MountVolume.NodeAffinity check failed',
    ],
  },
];

for (const c of cases) test(`explainPod() ${c.name}`, () => assert.deepEqual(explainPod(c.pod, c.state), c.want));

test('explainPod() says when the node of a scheduled pod is gone or not Ready', () => {
  const stuck = pod('stuck', { nodeName: 'node-1' });
  assert.deepEqual(explainPod(stuck, state()).slice(0, 2), ['pod/stuck is Pending on node node-1: its containers have not started', '  Node node-1 does not exist: no kubelet will start the pod']);
  const down = { ...node('node-1'), status: { ...node('node-1').status, conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }] } };
  assert.deepEqual(explainPod(stuck, state({ nodes: [down] })).slice(1), [
    '  Node node-1 is not Ready (Ready=Unknown NodeStatusUnknown): Kubelet stopped posting node status.',
    '  Containers: the kubelet has reported none yet',
  ]);
});

test('explainPod() groups many nodes failing one rule on one line', () => {
  const nodes = Array.from({ length: 50 }, (_, i) => node(`node-${i + 1}`));
  const lines = explainPod(pod('p', { nodeSelector: { zone: 'a' } }), state({ nodes, classes: [sc('local-path')] }));
  assert.deepEqual(lines.slice(2), ['  Nodes: none of 50 fits', '    nodeSelector zone=a: node-1 (no label zone), node-2 (no label zone), node-3 (no label zone), node-4 (no label zone) and 46 more']);
});

test('explainPod() says the nodes could not be read when the credentials may not list them', () => {
  assert.deepEqual(explainPod(pod('p', {}, unschedulable('0/3 nodes are available: …')), state({ unreadable: ['nodes'] })), [
    'pod/p is Pending: not scheduled to a node',
    '  PodScheduled=False (Unschedulable): 0/3 nodes are available: …',
    '  Nodes: not readable with these credentials (forbidden)',
  ]);
});
