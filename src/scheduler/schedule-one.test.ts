import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { VolumeIndex, type ClaimObject, type StorageClassObject, type VolumeObject } from '../api/index.js';
import { ClusterCache } from './cluster-cache.js';
import { failureMessage } from './failure-message.js';
import { balancedAllocation, leastAllocated, nodeResourcesFit } from './plugins/node-resources.js';
import { nodeAffinity, nodeName, nodeUnschedulable, taintToleration } from './plugins/node-basics.js';
import { claimDecisions, volumeBinding, volumeRestrictions, type VolumeView } from './plugins/volumes.js';
import { scheduleOne } from './schedule-one.js';

const node = (name: string, o: { cpu?: string; labels?: Record<string, string>; taint?: boolean; unschedulable?: boolean } = {}): Node & { metadata: { name: string } } => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
  spec: { ...(o.taint ? { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
  status: { allocatable: { cpu: o.cpu ?? '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '10Gi' } },
});
const pod = (o: { cpu?: string; selector?: Record<string, string>; tolerate?: boolean; claims?: string[] } = {}): Pod => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: [{ name: 'c', image: 'x', ...(o.cpu ? { resources: { requests: { cpu: o.cpu } } } : {}) }],
    ...(o.selector ? { nodeSelector: o.selector } : {}),
    ...(o.tolerate ? { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } : {}),
    ...(o.claims ? { volumes: o.claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })) } : {}),
  },
});
const claim = (name: string, o: { cls?: string; bound?: string; rwop?: boolean } = {}): ClaimObject => ({
  metadata: { name, namespace: 'default', uid: `u-${name}`, resourceVersion: '1' },
  spec: { accessModes: [o.rwop ? 'ReadWriteOncePod' : 'ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: o.cls ?? 'local', ...(o.bound ? { volumeName: o.bound } : {}) },
  status: { phase: o.bound ? 'Bound' : 'Pending' },
});
const localPv = (name: string, onNode: string): VolumeObject => ({
  metadata: { name }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'local', local: { path: '/x' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [onNode] }] }] } } },
  status: { phase: 'Available' },
});
const cls = (name: string, mode: string, provisioner = 'kubernetes.io/no-provisioner'): StorageClassObject => ({ metadata: { name }, provisioner, volumeBindingMode: mode });

function run(nodes: ReturnType<typeof node>[], p: Pod, world: { claims?: ClaimObject[]; volumes?: VolumeObject[]; classes?: StorageClassObject[]; users?: Record<string, string[]>; sources?: Record<string, string | 'pending'> } = {}) {
  const cache = new ClusterCache();
  for (const n of nodes) cache.upsertNode(n);
  const index = new VolumeIndex();
  for (const v of world.volumes ?? []) index.upsert(v);
  const view: VolumeView = {
    claim: (k) => (world.claims ?? []).find((c) => `default/${c.metadata.name}` === k),
    storageClass: (n) => (world.classes ?? []).find((c) => c.metadata.name === n),
    volumes: index,
    podsUsingClaim: (k) => world.users?.[k] ?? [],
    dataSourcePlacement: (c) => {
      const source = world.sources?.[c.metadata.name];
      return source === undefined ? { kind: 'none' } : source === 'pending' ? { kind: 'pending' } : { kind: 'node', node: source };
    },
  };
  const plugins = [nodeName, nodeUnschedulable, nodeAffinity, taintToleration, nodeResourcesFit, volumeRestrictions(view), volumeBinding(view), leastAllocated, balancedAllocation];
  // `processed` (how far the node search went) is checked in its own test below.
  const { processed: _processed, ...result } = scheduleOne(p, { podKey: 'default/p', nodes: cache.nodes(), plugins, tieBreak: 0 });
  return { result, cache };
}

test('scheduleOne() prefers the least allocated node and counts per-node failure reasons', () => {
  const nodes = [node('a', { cpu: '2' }), node('b', { cpu: '8' }), node('c', { labels: { disk: 'ssd' }, cpu: '1' })];
  const fit = run(nodes, pod({ cpu: '1' })).result;
  assert.equal(fit.kind === 'scheduled' && fit.node, 'b');
  const none = run(nodes, pod({ cpu: '4', selector: { disk: 'ssd' } })).result;
  assert.deepEqual(none, { kind: 'unschedulable', message: "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling." });
});

test('scheduleOne() honours taints, tolerations and unschedulable nodes', () => {
  const nodes = [node('tainted', { taint: true }), node('cordoned', { unschedulable: true })];
  assert.equal(run(nodes, pod()).result.kind === 'unschedulable' && (run(nodes, pod()).result as { message: string }).message,
    '0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  const t = run(nodes, pod({ tolerate: true })).result;
  assert.equal(t.kind === 'scheduled' && t.node, 'tainted');
});

test('scheduleOne() follows volumes: bound local PVs pin the pod, WaitForFirstConsumer finds a volume per node', () => {
  const nodes = [node('node-1'), node('node-2')];
  const classes = [cls('local', 'WaitForFirstConsumer'), cls('now', 'Immediate')];
  const pinned = run(nodes, pod({ claims: ['c'] }), { claims: [claim('c', { bound: 'pv2' })], volumes: [{ ...localPv('pv2', 'node-2'), status: { phase: 'Bound' } }], classes }).result;
  assert.equal(pinned.kind === 'scheduled' && pinned.node, 'node-2');
  const wffc = run(nodes, pod({ claims: ['c'] }), { claims: [claim('c')], volumes: [localPv('pv1', 'node-1')], classes }).result;
  assert.ok(wffc.kind === 'scheduled');
  assert.equal(wffc.node, 'node-1');
  assert.deepEqual(claimDecisions(wffc.state, 'node-1').map((d) => d.volume?.metadata.name), ['pv1']);
  const noPv = run(nodes, pod({ claims: ['c'] }), { claims: [claim('c')], classes }).result;
  assert.equal((noPv as { message: string }).message, "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  const immediate = run(nodes, pod({ claims: ['c'] }), { claims: [claim('c', { cls: 'now' })], classes }).result;
  assert.equal((immediate as { message: string }).message, '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  // A Lost claim (its volume deleted) is refused before anything else, with upstream's PreFilter message.
  const lost = run(nodes, pod({ claims: ['c'] }), { claims: [{ ...claim('c', { bound: 'pv9', cls: 'now' }), status: { phase: 'Lost' } }], classes }).result;
  assert.equal((lost as { message: string }).message, '0/2 nodes are available: persistentvolumeclaim "c" bound to non-existent persistentvolume "pv9". preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  const missing = run(nodes, pod({ claims: ['gone'] }), { classes }).result;
  assert.match((missing as { message: string }).message, /^0\/2 nodes are available: persistentvolumeclaim "gone" not found\./);
  const rwop = run(nodes, pod({ claims: ['c'] }), { claims: [claim('c', { bound: 'pv2', rwop: true })], volumes: [localPv('pv2', 'node-2')], classes, users: { 'default/c': ['default/other'] } }).result;
  assert.match((rwop as { message: string }).message, /node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode/);
});

const dataSourceCases: { name: string; sources: Record<string, string | 'pending'>; bound?: boolean; want: string }[] = [
  { name: 'places a restore on the node holding its snapshot', sources: { c: 'node-2' }, want: 'scheduled on node-2' },
  { name: 'places a claim without a data source anywhere (least allocated, first)', sources: {}, want: 'scheduled on node-1' },
  { name: 'ignores the data source of a bound claim (its volume pins it)', sources: { c: 'node-1' }, bound: true, want: 'scheduled on node-2' },
  {
    name: 'reports a data source on no candidate node as unschedulable', sources: { c: 'node-9' },
    want: "0/2 nodes are available: 2 node(s) didn't hold the data source of the pod's volume claims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
  },
  {
    name: 'waits while the data source is not ready (its node unknown)', sources: { c: 'pending' },
    want: '0/2 nodes are available: persistentvolumeclaim "c" waits for its data source to be ready. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  },
];
for (const c of dataSourceCases) {
  test(`volumeBinding() ${c.name}`, () => {
    const nodes = [node('node-1'), node('node-2')];
    const classes = [cls('local', 'WaitForFirstConsumer', 'skiff.io/local-path')];
    const claims = [claim('c', c.bound ? { bound: 'pv2' } : {})];
    const volumes = c.bound ? [{ ...localPv('pv2', 'node-2'), status: { phase: 'Bound' } }] : [];
    const r = run(nodes, pod({ claims: ['c'] }), { claims, classes, volumes, sources: c.sources }).result;
    assert.equal(r.kind === 'scheduled' ? `scheduled on ${r.node}` : (r as { message: string }).message, c.want);
  });
}

test('failureMessage() with no nodes', () => {
  assert.equal(failureMessage(0, { perNode: [] }), 'no nodes available to schedule pods');
});

test('ClusterCache counts assumed and bound pods once, and pods seen before their node', () => {
  const cache = new ClusterCache();
  const p: Pod = { ...pod({ cpu: '500m' }), spec: { ...pod({ cpu: '500m' }).spec!, nodeName: 'n' } };
  cache.observePod('default/p', p);
  cache.upsertNode(node('n'));
  cache.assume('default/p', p, 'n');
  assert.equal(cache.nodes()[0]!.requested.milliCpu, 500);
  cache.observePod('default/p', undefined);
  assert.equal(cache.nodes()[0]!.requested.milliCpu, 0);
});

test('feasibleNodesToFind() follows upstream percentageOfNodesToScore: all below 100, adaptive above', async () => {
  const { feasibleNodesToFind } = await import('./schedule-one.js');
  assert.equal(feasibleNodesToFind(50), 50);
  assert.equal(feasibleNodesToFind(150), 100);
  assert.equal(feasibleNodesToFind(1000), 420);
  assert.equal(feasibleNodesToFind(5000), 500);
  assert.equal(feasibleNodesToFind(10000), 500);
});

test('scheduleOne() stops filtering once enough feasible nodes are found, starting where the last search stopped', async () => {
  const { ClusterCache: Cache } = await import('./cluster-cache.js');
  const cache = new Cache();
  for (let i = 0; i < 1000; i++) cache.upsertNode({ metadata: { name: `n${i}` }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } });
  const p: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } };
  const r = scheduleOne(p, { podKey: 'default/p', nodes: cache.nodes(), plugins: [nodeResourcesFit, leastAllocated], tieBreak: 0, startIndex: 990 });
  assert.equal(r.processed, 420);
  assert.equal(r.kind, 'scheduled');
});
