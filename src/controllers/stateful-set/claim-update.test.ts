// Tables for the KEP-4650 claim rules (claim-update.ts): where a claim stands against its template, what an
// ordinal's claims need next, and the per-template status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { claimProgress, ordinalClaims, volumeClaimTemplatesStatus, volumeClaimUpdatePolicy, type ClaimProgress } from './claim-update.js';
import { newPod, type SetObject } from './identity.js';

const template = (storage: string, cls?: string): PersistentVolumeClaim => ({
  metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...(cls ? { storageClassName: cls } : {}) },
});
/** A claim requesting `request` with `capacity` (or "pending": not bound). */
const pvc = (name: string, request: string, capacity: string, o: { cls?: string; deleting?: boolean } = {}): PersistentVolumeClaim => ({
  metadata: { name, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { resources: { requests: { storage: request } }, storageClassName: o.cls ?? 'local-path' },
  status: capacity === 'pending' ? { phase: 'Pending' } : { phase: 'Bound', capacity: { storage: capacity } },
});
const set = (storage: string, policy?: string, replicas = 2): SetObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u' },
  spec: {
    replicas, selector: { matchLabels: { app: 'web' } }, serviceName: 'web', template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    volumeClaimTemplates: [template(storage)], ...(policy ? { volumeClaimUpdatePolicy: policy } : {}),
  } as NonNullable<SetObject['spec']>,
});

const progressRows: [string, PersistentVolumeClaim, PersistentVolumeClaim, ClaimProgress][] = [
  ['a smaller bound claim grows', pvc('c', '1Gi', '1Gi'), template('2Gi'), 'resize'],
  ['the same size written differently is ready', pvc('c', '1024Mi', '1Gi'), template('1Gi'), 'ready'],
  ['a request reached but not the capacity is resizing', pvc('c', '2Gi', '1Gi'), template('2Gi'), 'resizing'],
  ['a claim asking for more than the template waits only for the template size', pvc('c', '3Gi', '2Gi'), template('2Gi'), 'ready'],
  ['a larger claim is never shrunk', pvc('c', '3Gi', '3Gi'), template('2Gi'), 'ready'],
  ['a pending claim cannot be resized', pvc('c', '1Gi', 'pending'), template('2Gi'), 'skip'],
  ['a claim being deleted is left alone', pvc('c', '1Gi', '1Gi', { deleting: true }), template('2Gi'), 'skip'],
  ['a claim of another class than the template names is left alone', pvc('c', '1Gi', '1Gi', { cls: 'slow' }), template('2Gi', 'fast'), 'skip'],
  ['a template without a class matches any class', pvc('c', '1Gi', '1Gi', { cls: 'slow' }), template('2Gi'), 'resize'],
  ['an unparsable request is left alone', pvc('c', 'lots', '1Gi'), template('2Gi'), 'skip'],
];
for (const [name, claim, t, want] of progressRows) test(`claimProgress() ${name}`, () => assert.equal(claimProgress(claim, t), want));

test('volumeClaimUpdatePolicy() is OnClaimDelete when the field is absent', () => {
  assert.equal(volumeClaimUpdatePolicy(set('1Gi')), 'OnClaimDelete');
  assert.equal(volumeClaimUpdatePolicy(set('1Gi', 'InPlace')), 'InPlace');
});

test('ordinalClaims() resizes to the template request under InPlace only, and waits for a resizing claim', () => {
  const s = set('2Gi', 'InPlace');
  const pod = newPod(s, 1, 'web-r');
  const resize = ordinalClaims(s, 1, pod, new Map([['data-web-1', pvc('data-web-1', '1Gi', '1Gi')]]));
  assert.equal(resize.kind, 'resize');
  assert.deepEqual(resize.kind === 'resize' ? resize.actions.map((a) => `${a.claim.metadata?.name} ${a.storage}`) : [], ['data-web-1 2Gi']);
  assert.deepEqual(ordinalClaims(s, 1, pod, new Map([['data-web-1', pvc('data-web-1', '2Gi', '1Gi')]])), { kind: 'wait' });
  assert.deepEqual(ordinalClaims(s, 1, pod, new Map([['data-web-1', pvc('data-web-1', '2Gi', '2Gi')]])), { kind: 'done' });
  assert.deepEqual(ordinalClaims(s, 1, pod, new Map()), { kind: 'done' }, 'a missing claim is created, not resized');
  assert.deepEqual(ordinalClaims(set('2Gi'), 1, pod, new Map([['data-web-1', pvc('data-web-1', '1Gi', '1Gi')]])), { kind: 'done' }, 'OnClaimDelete');
});

test('volumeClaimTemplatesStatus() counts the claims of replicas in range, and is absent without InPlace', () => {
  const claims = new Map([
    ['data-web-0', pvc('data-web-0', '2Gi', '2Gi')],
    ['data-web-1', pvc('data-web-1', '2Gi', '1Gi')],
    ['data-web-2', pvc('data-web-2', '1Gi', '1Gi')], // out of range (replicas 2): not counted
    ['data-webapp-0', pvc('data-webapp-0', '5Gi', '5Gi')], // another set's claim
    ['other-web-0', pvc('other-web-0', '5Gi', '5Gi')],
  ]);
  assert.deepEqual(volumeClaimTemplatesStatus(set('2Gi', 'InPlace'), claims), [{ templateName: 'data', compatible: 1, updating: 1, overSized: 0, totalCapacity: '3Gi' }]);
  assert.deepEqual(volumeClaimTemplatesStatus(set('512Mi', 'InPlace'), claims), [{ templateName: 'data', compatible: 2, updating: 1, overSized: 2, totalCapacity: '3Gi' }]);
  assert.deepEqual(volumeClaimTemplatesStatus(set('2Gi', 'InPlace'), new Map()), [{ templateName: 'data', compatible: 0, updating: 0, overSized: 0, totalCapacity: '0' }]);
  assert.equal(volumeClaimTemplatesStatus(set('2Gi'), claims), undefined);
});
