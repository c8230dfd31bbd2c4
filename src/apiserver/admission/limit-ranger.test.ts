import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isForbidden, lookupResource, type KubeObject } from '../../api/index.js';
import { limitRanger } from './limit-ranger.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const claims = lookupResource('', 'v1', 'persistentvolumeclaims')!;
const ranges: KubeObject[] = [{ metadata: { name: 'lr' }, spec: { limits: [
  { type: 'Container', max: { cpu: '1' }, default: { cpu: '500m' }, defaultRequest: { cpu: '250m' } },
  { type: 'PersistentVolumeClaim', max: { storage: '1Gi' } },
] } }];
const plugin = limitRanger({ list: (ns) => (ns === 'ns' ? ranges : []) });
const pod = (limits?: Record<string, string>): KubeObject => ({ metadata: { name: 'x', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'i', ...(limits ? { resources: { limits } } : {}) }] } });

test('limitRanger() defaults a new pod and rejects one over the max with upstream wording', () => {
  const p = pod();
  plugin.admit('CREATE', podsR, p, undefined);
  assert.deepEqual((p['spec'] as { containers: { resources: unknown }[] }).containers[0]!.resources, { limits: { cpu: '500m' }, requests: { cpu: '250m' } });
  assert.throws(() => plugin.admit('CREATE', podsR, pod({ cpu: '2' }), undefined), (e: unknown) => isForbidden(e) && (e as Error).message === 'pods "x" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
});

test('limitRanger() checks claims, leaves pod updates and other namespaces alone', () => {
  const claim: KubeObject = { metadata: { name: 'c', namespace: 'ns' }, spec: { resources: { requests: { storage: '2Gi' } } } };
  assert.throws(() => plugin.admit('CREATE', claims, claim, undefined), (e: unknown) => (e as Error).message === 'persistentvolumeclaims "c" is forbidden: maximum storage usage per PersistentVolumeClaim is 1Gi, but request is 2Gi');
  const big = pod({ cpu: '2' });
  assert.doesNotThrow(() => plugin.admit('UPDATE', podsR, big, big));
  assert.doesNotThrow(() => plugin.admit('CREATE', podsR, { ...big, metadata: { name: 'x', namespace: 'other' } }, undefined));
});
