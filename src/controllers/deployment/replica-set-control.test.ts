// ReplicaSetControl against a recording transport: the order of writes, events after successful writes only,
// a NotFound delete is done, and the two AlreadyExists cases (our ReplicaSet not yet cached; a hash collision).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alreadyExists, notFound, type ApiError } from '../../api/index.js';
import { Client, type Transport, type TransportRequest } from '../../client/index.js';
import { FakeEventRecorder } from '../../client/fake/index.js';
import type { Action } from './plan.js';
import { newReplicaSet, revisionAnnotation, type DeploymentObject, type ReplicaSetObject } from './replica-sets.js';
import { ReplicaSetControl } from './replica-set-control.js';

const d: DeploymentObject = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 1 },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};
const created = newReplicaSet(d, 3, 1, 1, 0);
const rsGR = { group: 'apps', resource: 'replicasets' };

/** Records "METHOD path" per request; reply() may throw or answer (default: echo the body). */
function setup(reply: (req: TransportRequest) => unknown = (req) => req.body ?? {}) {
  const requests: string[] = [];
  const transport: Transport = {
    async request(req) { requests.push(`${req.method} ${req.path}`); return reply(req); },
    stream: () => Promise.reject(new Error('Cannot watch: the fake transport serves requests only')),
  };
  const recorder = new FakeEventRecorder();
  const control = new ReplicaSetControl({ client: new Client({ transport, fieldManager: 't' }), recorder, current: (x) => x });
  return { requests, recorder, control };
}

const event = { type: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up replica set web-x from 0 to 3' } as const;

test('ReplicaSetControl.apply() writes in order and records each event after its write', async () => {
  const s = setup((req) => { if (req.method === 'DELETE') throw notFound(rsGR, 'web-old'); return req.body ?? {}; });
  const old: ReplicaSetObject = { ...created, metadata: { ...created.metadata, name: 'web-old' } };
  const actions: Action[] = [
    { kind: 'createReplicaSet', rs: created, event },
    { kind: 'setRevision', revision: '1' },
    { kind: 'updateReplicaSet', rs: { ...old, spec: { ...old.spec, replicas: 0 } } },
    { kind: 'deleteReplicaSet', rs: old },
  ];
  assert.equal(await s.control.apply(d, actions), undefined);
  assert.deepEqual(s.requests.map((r) => r.replace(/^(\w+) \/apis\/apps\/v1\/namespaces\/default\//, '$1 ')), [
    'POST replicasets', 'PUT deployments/web', 'PUT replicasets/web-old', 'DELETE replicasets/web-old',
  ]);
  assert.deepEqual(s.recorder.events, ['Normal ScalingReplicaSet Scaled up replica set web-x from 0 to 3']);
});

test('ReplicaSetControl.apply() stops at the first failing write, without its event', async () => {
  const s = setup((req) => { if (req.method === 'PUT') throw new Error('no'); return req.body ?? {}; });
  await assert.rejects(s.control.apply(d, [{ kind: 'updateReplicaSet', rs: created, event }, { kind: 'deleteReplicaSet', rs: created }]), /no/);
  assert.equal(s.requests.length, 1);
  assert.deepEqual(s.recorder.events, []);
});

test('ReplicaSetControl.apply() hands back our ReplicaSet that exists already (the cache lags), to plan again', async () => {
  const s = setup((req) => {
    if (req.method === 'POST') throw alreadyExists(rsGR, created.metadata.name);
    if (req.method === 'GET') return created;
    return req.body ?? {};
  });
  const r = await s.control.apply(d, [{ kind: 'createReplicaSet', rs: created, event }, { kind: 'setRevision', revision: '1' }]);
  assert.equal(r?.replan.metadata.name, created.metadata.name);
  assert.equal(s.requests.length, 2, 'create and get; nothing after');
  assert.deepEqual(s.recorder.events, []);
});

test('ReplicaSetControl.apply() on a hash collision bumps collisionCount and fails the sync', async () => {
  const other = { ...created, spec: { ...created.spec, template: { ...created.spec.template, spec: { containers: [{ name: 'c', image: 'other' }] } } } };
  const bodies: unknown[] = [];
  const s = setup((req) => {
    if (req.method === 'POST') throw alreadyExists(rsGR, created.metadata.name) as ApiError;
    if (req.method === 'GET') return other;
    bodies.push(req.body);
    return req.body ?? {};
  });
  await assert.rejects(s.control.apply(d, [{ kind: 'createReplicaSet', rs: created }]), /hash collision .*collisionCount is now 1/);
  assert.equal((bodies[0] as DeploymentObject).status?.collisionCount, 1);
  assert.equal((bodies[0] as DeploymentObject).metadata.annotations?.[revisionAnnotation], undefined);
});
