import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pv, pvc } from './testing.js';
import { VolumeIndex, volumeMismatch, type ClaimObject as Claim, type MatchOptions, type VolumeObject as Volume } from '../../api/index.js';

interface MatchCase {
  name: string;
  volumes: Volume[];
  claim: Claim;
  options?: MatchOptions;
  reserved?: string[];
  want: string | undefined;
}

const node1 = { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } };
const cases: MatchCase[] = [
  { name: 'picks the smallest volume that fits', volumes: [pv('big', '10Gi'), pv('small', '1Gi'), pv('tiny', '500Mi')], claim: pvc('c', '1Gi'), want: 'small' },
  { name: 'prefers the access-mode group with the fewest modes over a smaller volume (quirk)', volumes: [pv('rwo-10', '10Gi'), pv('rwo-rwx-5', '5Gi', { modes: ['ReadWriteOnce', 'ReadWriteMany'] })], claim: pvc('c', '1Gi'), want: 'rwo-10' },
  { name: 'compares quantities: 1Gi satisfies 1G', volumes: [pv('v', '1Gi')], claim: pvc('c', '1G'), want: 'v' },
  { name: 'compares quantities: 1G does not satisfy 1Gi', volumes: [pv('v', '1G')], claim: pvc('c', '1Gi'), want: undefined },
  { name: 'a classed claim never binds a class-less volume', volumes: [pv('v', '1Gi')], claim: pvc('c', '1Gi', { class: 'fast' }), want: undefined },
  { name: 'a class-less claim never binds a classed volume', volumes: [pv('v', '1Gi', { class: 'fast' })], claim: pvc('c', '1Gi', { class: '' }), want: undefined },
  { name: 'classes must be equal', volumes: [pv('slow', '1Gi', { class: 'slow' }), pv('fast', '5Gi', { class: 'fast' })], claim: pvc('c', '1Gi', { class: 'fast' }), want: 'fast' },
  { name: 'the volume must offer every requested mode', volumes: [pv('rwo', '1Gi')], claim: pvc('c', '1Gi', { modes: ['ReadWriteMany'] }), want: undefined },
  { name: 'a volume may offer more modes', volumes: [pv('both', '1Gi', { modes: ['ReadWriteOnce', 'ReadOnlyMany'] })], claim: pvc('c', '1Gi'), want: 'both' },
  { name: 'volumeMode must be equal', volumes: [pv('block', '1Gi', { mode: 'Block' })], claim: pvc('c', '1Gi'), want: undefined },
  {
    name: 'matchLabels and matchExpressions select', volumes: [pv('a', '1Gi', { labels: { tier: 'a' } }), pv('b', '2Gi', { labels: { tier: 'b', ssd: 'yes' } })],
    claim: pvc('c', '1Gi', { selector: { matchLabels: { tier: 'b' }, matchExpressions: [{ key: 'ssd', operator: 'Exists' }, { key: 'tier', operator: 'NotIn', values: ['a'] }] } }), want: 'b',
  },
  { name: 'skips volumes that are not Available', volumes: [pv('released', '1Gi', { phase: 'Released' }), pv('pending', '1Gi', { phase: 'Pending' }), pv('failed', '1Gi', { phase: 'Failed' })], claim: pvc('c', '1Gi'), want: undefined },
  { name: 'skips volumes being deleted', volumes: [pv('v', '1Gi', { deleting: true })], claim: pvc('c', '1Gi'), want: undefined },
  { name: 'skips volumes claimed by another claim', volumes: [pv('v', '1Gi', { claim: 'default/other' })], claim: pvc('c', '1Gi'), want: undefined },
  { name: 'a volume pre-bound to the claim wins whatever its class and labels', volumes: [pv('small', '1Gi'), pv('mine', '5Gi', { class: 'other', claim: 'default/c' })], claim: pvc('c', '1Gi', { selector: { matchLabels: { x: 'y' } } }), want: 'mine' },
  { name: 'a pre-bound volume must still be large enough', volumes: [pv('mine', '1Gi', { claim: 'default/c' })], claim: pvc('c', '2Gi'), want: undefined },
  { name: 'a volume pre-bound to another uid of the claim is not offered', volumes: [pv('mine', '1Gi', { claim: 'default/c@old-uid', phase: 'Released' })], claim: pvc('c', '1Gi'), want: undefined },
  { name: 'delayed binding without a node offers only pre-bound volumes', volumes: [pv('v', '1Gi')], claim: pvc('c', '1Gi'), options: { delayBinding: true }, want: undefined },
  { name: 'with a node, node affinity must allow it', volumes: [pv('on-2', '1Gi', { node: 'node-2' }), pv('on-1', '5Gi', { node: 'node-1' })], claim: pvc('c', '1Gi'), options: { node: node1 }, want: 'on-1' },
  { name: 'a reserved volume is not offered', volumes: [pv('a', '1Gi'), pv('b', '2Gi')], claim: pvc('c', '1Gi'), reserved: ['a'], want: 'b' },
];

for (const c of cases) {
  test(`VolumeIndex.findBestMatch() ${c.name}`, () => {
    const index = new VolumeIndex();
    for (const v of c.volumes) index.upsert(v);
    for (const r of c.reserved ?? []) index.reserve(r);
    assert.equal(index.findBestMatch(c.claim, c.options)?.metadata.name, c.want);
  });
}

test('VolumeIndex.upsert() moves a volume out of the free set once claimed, and back when freed', () => {
  const index = new VolumeIndex();
  index.upsert(pv('v', '1Gi'));
  index.upsert(pv('v', '1Gi', { claim: 'default/x@u' }));
  assert.equal(index.findBestMatch(pvc('c', '1Gi')), undefined);
  assert.deepEqual(index.volumesClaimedBy('default/x'), ['v']);
  index.upsert(pv('v', '1Gi'));
  assert.equal(index.findBestMatch(pvc('c', '1Gi'))?.metadata.name, 'v');
  assert.deepEqual(index.volumesClaimedBy('default/x'), []);
  index.remove('v');
  assert.equal(index.findBestMatch(pvc('c', '1Gi')), undefined);
  assert.equal(index.size, 0);
});

test('volumeMismatch() gives upstream reasons in upstream order', () => {
  assert.equal(volumeMismatch(pv('v', '1Gi'), pvc('c', '2Gi')), 'requested PV is too small');
  assert.equal(volumeMismatch(pv('v', '1Gi'), pvc('c', '1Gi', { class: 'x' })), 'storageClassName does not match');
  assert.equal(volumeMismatch(pv('v', '1Gi', { deleting: true }), pvc('c', '1Gi')), 'the volume is marked for deletion "v"');
  assert.equal(volumeMismatch(pv('v', '1Gi', { mode: 'Block' }), pvc('c', '1Gi')), 'incompatible volumeMode');
  assert.equal(volumeMismatch(pv('v', '1Gi'), pvc('c', '1Gi', { modes: ['ReadWriteMany'] })), 'incompatible accessMode');
  assert.equal(volumeMismatch(pv('v', '1Gi', { labels: { a: 'b' } }), pvc('c', '1Gi', { selector: { matchLabels: { a: 'c' } } })), undefined);
});
