import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multiAttachMessage, planVolume, type VolumeState } from './plan.js';

const pod = (name: string, namespace = 'default') => ({ name, namespace, uid: `uid-${name}` });
const state = (s: Partial<VolumeState>): VolumeState => ({ pvName: 'pv1', multiAttachForbidden: true, uses: [], attachedTo: [], inUseOn: new Set(), nodes: new Set(['a', 'b', 'c']), ...s });

test('planVolume() attaches a ReadWriteOnce volume to the node of its oldest user and blocks users on other nodes', () => {
  const p = planVolume(state({ uses: [{ node: 'a', pod: pod('zk-1') }, { node: 'b', pod: pod('zk-2') }, { node: 'a', pod: pod('zk-3') }] }));
  assert.deepEqual(p.attach, ['a']);
  assert.deepEqual(p.detach, []);
  assert.deepEqual(p.blocked, [{ pod: pod('zk-2'), node: 'b', message: 'Multi-Attach error for volume "pv1" Volume is already used by pod(s) zk-1, zk-3' }]);
});

test('planVolume() lets ReadWriteMany and ReadOnlyMany volumes attach to every node that needs them', () => {
  const p = planVolume(state({ multiAttachForbidden: false, attachedTo: ['a'], uses: [{ node: 'a', pod: pod('x') }, { node: 'b', pod: pod('y') }] }));
  assert.deepEqual(p, { attach: ['b'], detach: [], blocked: [] });
});

test('planVolume() detaches only once the old node stopped using the volume, then attaches where it is wanted', () => {
  const uses = [{ node: 'b', pod: pod('zk-2') }];
  const held = planVolume(state({ attachedTo: ['a'], inUseOn: new Set(['a']), uses }));
  assert.deepEqual(held.detach, []);
  assert.deepEqual(held.attach, []);
  assert.equal(held.blocked[0]!.message, 'Multi-Attach error for volume "pv1" Volume is already exclusively attached to one node and can\'t be attached to another');
  assert.deepEqual(planVolume(state({ attachedTo: ['a'], uses })), { attach: ['b'], detach: ['a'], blocked: [] });
  // A node that is gone gives its attachment up whatever it last reported.
  assert.deepEqual(planVolume(state({ attachedTo: ['gone'], inUseOn: new Set(['gone']), uses })), { attach: ['b'], detach: ['gone'], blocked: [] });
});

test('planVolume() keeps an attachment its users still need and does nothing for an unused, detached volume', () => {
  assert.deepEqual(planVolume(state({ attachedTo: ['a'], uses: [{ node: 'a', pod: pod('x') }] })), { attach: [], detach: [], blocked: [] });
  assert.deepEqual(planVolume(state({})), { attach: [], detach: [], blocked: [] });
});

test('multiAttachMessage() names pods of the blocked pod\'s namespace only and counts the others', () => {
  assert.equal(multiAttachMessage('v', 'ns1', [pod('a', 'ns1'), pod('b', 'ns2')]), 'Multi-Attach error for volume "v" Volume is already used by pod(s) a and 1 pod(s) in different namespaces');
  assert.equal(multiAttachMessage('v', 'ns1', [pod('b', 'ns2'), pod('c', 'ns3')]), 'Multi-Attach error for volume "v" Volume is already used by 2 pod(s) in different namespaces');
});
