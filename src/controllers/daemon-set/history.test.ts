// DaemonSet history: revision shape, duplicates of the current template, pruning beyond revisionHistoryLimit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, type Revision } from '../../client/index.js';
import { duplicateRevisions, hashOf, newDaemonRevision, revisionsToPrune } from './history.js';
import { daemonSet, fakeTransport, pod, type DsShape } from './testing.js';
import { syncHistory } from './history-control.js';
import type { DaemonSetObject } from './daemon-pod.js';

const withImage = (image: string, o: DsShape = {}): DaemonSetObject => {
  const ds = daemonSet(o);
  return { ...ds, spec: { ...ds.spec!, template: { ...ds.spec!.template, spec: { containers: [{ name: 'c', image }] } } } };
};
const rev = (image: string, n: number, collisionCount = 0): Revision => newDaemonRevision(withImage(image), n, collisionCount);

test('newDaemonRevision() is <ds>-<hash> with the controller-revision-hash label and the DaemonSet\'s annotations', () => {
  const r = rev('agent:1', 1);
  assert.match(r.metadata.name, /^agent-[a-z0-9]+$/);
  assert.deepEqual(r.metadata.labels, { app: 'agent', 'controller-revision-hash': r.metadata.name.slice('agent-'.length) });
  assert.deepEqual(r.metadata.annotations, { 'deprecated.daemonset.template.generation': '2' });
  assert.equal(hashOf(r), r.metadata.name.slice('agent-'.length));
  assert.deepEqual(r.data, { spec: { template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'agent:1' }] }, $patch: 'replace' } } });
});

test('duplicateRevisions() keeps the highest-numbered revision of the current template', () => {
  const ds = withImage('agent:2');
  assert.equal(duplicateRevisions(ds, [rev('agent:1', 1), rev('agent:2', 2)]), undefined);
  const a = rev('agent:2', 2);
  const b = rev('agent:2', 4, 1);
  const got = duplicateRevisions(ds, [rev('agent:1', 1), a, rev('agent:3', 3), b]);
  assert.deepEqual([got?.keep.metadata.name, got?.duplicates.map((r) => r.metadata.name)], [b.metadata.name, [a.metadata.name]]);
});

interface PruneRow { name: string; limit: number; old: Revision[]; podHashes: string[]; want: number[] }
const olds = [rev('agent:1', 1), rev('agent:2', 2), rev('agent:3', 3), rev('agent:4', 4)];
const pruneRows: PruneRow[] = [
  { name: 'within the limit keeps all', limit: 10, old: olds, podHashes: [], want: [] },
  { name: 'beyond the limit prunes the oldest', limit: 2, old: [olds[2]!, olds[0]!, olds[3]!, olds[1]!], podHashes: [], want: [1, 2] },
  { name: 'a revision a pod still carries is kept and counts toward the limit (upstream)', limit: 2, old: olds, podHashes: [hashOf(olds[0]!)], want: [2, 3] },
  { name: 'limit 0 prunes every old revision no pod carries', limit: 0, old: olds, podHashes: [hashOf(olds[3]!)], want: [1, 2, 3] },
];
for (const r of pruneRows) {
  test(`revisionsToPrune() ${r.name}`, () => {
    const pods = r.podHashes.map((h, i) => pod(`p${i}`, 'n1', { hash: h, phase: 'Succeeded', deleting: true }));
    assert.deepEqual(revisionsToPrune(daemonSet({ revisionHistoryLimit: r.limit }), r.old, pods).map((x) => x.revision), r.want);
  });
}

test('syncHistory() removes a duplicate of the current template, relabelling only its pods, and keeps the newest', async () => {
  const ds = withImage('agent:2');
  const dup = rev('agent:2', 2);
  const keep = rev('agent:2', 4, 1);
  const old = rev('agent:1', 3);
  const transport = fakeTransport(() => undefined);
  const pods = [pod('on-dup', 'n1', { hash: hashOf(dup) }), pod('on-old', 'n2', { hash: hashOf(old) }), pod('on-keep', 'n3', { hash: hashOf(keep) })];
  const got = await syncHistory(new Client({ transport, fieldManager: 't' }), ds, [dup, old, keep], pods);
  assert.deepEqual([got.current.metadata.name, got.old.map((r) => r.metadata.name), got.collisionCount], [keep.metadata.name, [old.metadata.name], 0]);
  assert.deepEqual(transport.requests.map((r) => `${r.method} ${r.path}${r.method === 'PATCH' ? ` ${JSON.stringify(r.body)}` : ''}`), [
    `PATCH /api/v1/namespaces/default/pods/on-dup {"metadata":{"labels":{"controller-revision-hash":"${hashOf(keep)}"}}}`,
    `DELETE /apis/apps/v1/namespaces/default/controllerrevisions/${dup.metadata.name}`,
  ]);
});

test('syncHistory() renumbers the revision of a rolled-back template, creates one for a new template', async () => {
  const transport = fakeTransport(() => undefined);
  const client = new Client({ transport, fieldManager: 't' });
  const back = await syncHistory(client, withImage('agent:1'), [rev('agent:1', 1), rev('agent:2', 2)], []);
  assert.equal(back.current.revision, 3);
  assert.deepEqual(transport.requests.map((r) => r.method), ['PUT']);
  const fresh = await syncHistory(client, withImage('agent:3'), [rev('agent:1', 1), rev('agent:2', 2)], []);
  assert.deepEqual([fresh.current.revision, fresh.current.metadata.name, fresh.old.length], [3, rev('agent:3', 3).metadata.name, 2]);
  assert.equal(transport.requests.at(-1)?.method, 'POST');
});
