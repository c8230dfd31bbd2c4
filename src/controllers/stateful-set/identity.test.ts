import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimsFor, newPod, ordinalOf, ordinalRange, type SetObject } from './identity.js';
import { nextRevisionNumber, revisionHash, sameTemplate } from '../../client/index.js';
import { newRevision } from './revision.js';

const web = (o: { start?: number; replicas?: number; image?: string } = {}): SetObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
  spec: {
    serviceName: 'nginx', replicas: o.replicas ?? 2, selector: { matchLabels: { app: 'nginx' } },
    ...(o.start !== undefined ? { ordinals: { start: o.start } } : {}),
    template: { metadata: { labels: { app: 'nginx', tier: 'web' } }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1.25', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }], volumes: [{ name: 'www', emptyDir: {} }] } },
    volumeClaimTemplates: [{ metadata: { name: 'www', labels: { app: 'other', disk: 'ssd' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
});

test('ordinalOf() and ordinalRange() follow the set name and ordinals.start', () => {
  assert.equal(ordinalOf(web(), 'web-3'), 3);
  assert.equal(ordinalOf(web(), 'web2-3'), -1);
  assert.equal(ordinalOf(web(), 'web-x'), -1);
  assert.deepEqual(ordinalRange(web({ start: 2, replicas: 3 })), { start: 2, end: 5 });
});

test('newPod() gives identity labels, hostname/subdomain, the claim volume in place of the template one, and the owner', () => {
  const p = newPod(web(), 1, 'web-abc');
  assert.equal(p.metadata!.name, 'web-1');
  assert.deepEqual(p.metadata!.labels, { app: 'nginx', tier: 'web', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': 'web-abc' });
  assert.deepEqual([p.spec!.hostname, p.spec!.subdomain], ['web-1', 'nginx']);
  assert.deepEqual(p.spec!.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }]);
  assert.deepEqual(p.metadata!.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
});

test('claimsFor() names claims <template>-<set>-<ordinal>, selector labels win, spec defaulted', () => {
  const [c] = claimsFor(web(), 0);
  assert.equal(c!.metadata!.name, 'www-web-0');
  assert.deepEqual(c!.metadata!.labels, { app: 'nginx', disk: 'ssd' });
  assert.equal(c!.spec!.volumeMode, 'Filesystem');
});

test('newRevision() hashes the template only; equal templates share a name; numbering increases', () => {
  const a = newRevision(web(), 1);
  const b = newRevision(web({ replicas: 5 }), 2);
  const c = newRevision(web({ image: 'nginx:1.26' }), 3);
  assert.match(a.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(a.metadata.name, b.metadata.name);
  assert.ok(sameTemplate(a, b));
  assert.notEqual(a.metadata.name, c.metadata.name);
  assert.equal(a.metadata.labels!['controller.kubernetes.io/hash'], a.metadata.name.slice(4));
  assert.notEqual(revisionHash(a.data, 0), revisionHash(a.data, 1));
  assert.equal(nextRevisionNumber([a, c]), 4);
});
