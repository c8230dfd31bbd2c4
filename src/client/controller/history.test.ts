// The shared controller history: revision naming and labels per scheme, the update-revision decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { newRevision, planUpdateRevision, sortRevisions, templateOf, type Revision } from './history.js';

const owner = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default', uid: 'u1' } };
const template = (image: string): PodTemplateSpec => ({ metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image }] } });
const rev = (image: string, n: number): Revision => newRevision(owner, template(image), n, { hashLabel: 'controller-revision-hash' });

test('newRevision() names <owner>-<hash>, labels template labels + the scheme\'s hash label, copies the scheme\'s annotations', () => {
  const r = newRevision(owner, template('a:1'), 3, { hashLabel: 'controller-revision-hash', annotations: { 'kubernetes.io/change-cause': 'v1' } });
  const hash = r.metadata.name.slice('agent-'.length);
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.deepEqual(r.metadata.labels, { app: 'agent', 'controller-revision-hash': hash });
  assert.deepEqual(r.metadata.annotations, { 'kubernetes.io/change-cause': 'v1' });
  assert.equal(r.revision, 3);
  assert.deepEqual(r.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(r.data, { spec: { template: { ...template('a:1'), $patch: 'replace' } } });
  assert.deepEqual(templateOf(r), template('a:1'));
  assert.notEqual(newRevision(owner, template('a:1'), 3, { hashLabel: 'x', collisionCount: 1 }).metadata.name, r.metadata.name);
});

const planCases: { name: string; revisions: Revision[]; image: string; want: string }[] = [
  { name: 'a new owner creates revision 1', revisions: [], image: 'a:1', want: 'create 1' },
  { name: 'the newest revision holds the template', revisions: [rev('a:1', 1), rev('a:2', 2)], image: 'a:2', want: 'existing 2' },
  { name: 'a rollback renumbers the older revision to the next number', revisions: [rev('a:1', 1), rev('a:2', 2)], image: 'a:1', want: 'bump 1→3' },
  { name: 'a new template after a rollback gets the next number', revisions: [rev('a:2', 2), rev('a:1', 3)], image: 'a:3', want: 'create 4' },
];
for (const c of planCases) {
  test(`planUpdateRevision() ${c.name}`, () => {
    const next = c.revisions.reduce((m, r) => Math.max(m, r.revision), 0) + 1;
    const p = planUpdateRevision(c.revisions, rev(c.image, next));
    const got = p.kind === 'bump' ? `bump ${p.revision.revision}→${p.to}` : `${p.kind} ${p.revision.revision}`;
    assert.equal(got, c.want);
  });
}

test('sortRevisions() orders by revision, then creation time, then name', () => {
  const a = { ...rev('a:1', 2), metadata: { ...rev('a:1', 2).metadata, name: 'b', creationTimestamp: '2026-01-01T00:00:01Z' } };
  const b = { ...rev('a:1', 2), metadata: { ...rev('a:1', 2).metadata, name: 'a', creationTimestamp: '2026-01-01T00:00:01Z' } };
  const c = { ...rev('a:1', 2), metadata: { ...rev('a:1', 2).metadata, name: 'c', creationTimestamp: '2026-01-01T00:00:00Z' } };
  assert.deepEqual(sortRevisions([a, rev('a:3', 3), b, c, rev('a:0', 1)]).map((r) => `${r.revision}${r.metadata.name.length === 1 ? r.metadata.name : ''}`), ['1', '2c', '2a', '2b', '3']);
});
