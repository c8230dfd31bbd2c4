import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { nodeAffinityCheckFailedMessage, volumeNodeAffinityConflicts } from './volume-node-affinity.js';

const pinned = (name: string, host: string): PersistentVolume => ({
  metadata: { name }, spec: { local: { path: '/x' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }] } } },
});
const free: PersistentVolume = { metadata: { name: 'shared' }, spec: { hostPath: { path: '/y' } } };
const claims: Record<string, PersistentVolumeClaim> = {
  'default/a': { metadata: { name: 'a' }, spec: { volumeName: 'pv-1' } },
  'default/b': { metadata: { name: 'b' }, spec: { volumeName: 'shared' } },
  'default/c': { metadata: { name: 'c' }, spec: {} },
};
const volumes: Record<string, PersistentVolume> = { 'pv-1': pinned('pv-1', 'node-1'), shared: free };
const lookup = { claim: (ns: string, n: string) => claims[`${ns}/${n}`], volume: (n: string) => volumes[n] };
const pod = (...claimNames: string[]): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [], volumes: [{ name: 'scratch', emptyDir: {} }, ...claimNames.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } }))] } });
const node = (name: string) => ({ name, labels: { 'kubernetes.io/hostname': name } });

const cases: { name: string; pod: Pod; node: string; want: string[] }[] = [
  { name: 'a local PV on its own node', pod: pod('a'), node: 'node-1', want: [] },
  { name: 'a local PV on another node', pod: pod('a', 'b'), node: 'node-2', want: ['pv-1'] },
  { name: 'a PV without node affinity anywhere', pod: pod('b'), node: 'node-2', want: [] },
  { name: 'an unbound claim or a missing claim (not the kubelet\'s to judge)', pod: pod('c', 'gone'), node: 'node-2', want: [] },
];
for (const c of cases) test(`volumeNodeAffinityConflicts() ${c.name}`, () => assert.deepEqual(volumeNodeAffinityConflicts(c.pod, node(c.node), lookup), c.want));

test('nodeAffinityCheckFailedMessage() is the kubelet\'s FailedMount text', () => {
  assert.equal(nodeAffinityCheckFailedMessage('pv-1'), 'MountVolume.NodeAffinity check failed for volume "pv-1" : no matching NodeSelectorTerms');
});
