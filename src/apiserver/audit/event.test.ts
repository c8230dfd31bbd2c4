import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEvent, responseStatusOf, sourceIPs, type RequestFacts } from './event.js';
import type { AuditDecision, Level } from './types.js';

const facts: RequestFacts = {
  auditID: 'a1', requestURI: '/api/v1/namespaces/default/pods?fieldManager=kubectl-run', verb: 'create',
  user: { username: 'alice', groups: ['system:authenticated'] }, sourceIPs: ['127.0.0.1'], userAgent: 'kubectl/v1.32.0',
  objectRef: { resource: 'pods', namespace: 'default', name: 'p', apiVersion: 'v1' }, receivedAt: new Date('2025-01-02T03:04:05.678Z'),
};
const decision = (level: Level, omitManagedFields = false): AuditDecision => ({ level, omitStages: new Set(), omitManagedFields });
const pod = () => ({ kind: 'Pod', metadata: { name: 'p', managedFields: [{ manager: 'kubectl' }] } });
const at = new Date('2025-01-02T03:04:06Z');

test('buildEvent() keeps the objects each level records', () => {
  const more = () => ({ responseStatus: { metadata: {}, code: 201 }, requestObject: pod(), responseObject: pod(), annotations: new Map([['authorization.k8s.io/decision', 'allow']]) });
  const meta = buildEvent(facts, decision('Metadata'), 'ResponseComplete', at, more());
  assert.deepEqual(meta, {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'a1', stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods?fieldManager=kubectl-run', verb: 'create', user: { username: 'alice', groups: ['system:authenticated'] },
    sourceIPs: ['127.0.0.1'], userAgent: 'kubectl/v1.32.0', objectRef: { resource: 'pods', namespace: 'default', name: 'p', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 }, requestReceivedTimestamp: '2025-01-02T03:04:05.678000Z', stageTimestamp: '2025-01-02T03:04:06.000000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow' },
  });
  assert.deepEqual(Object.keys(meta).slice(-3), ['requestReceivedTimestamp', 'stageTimestamp', 'annotations'], 'upstream field order');
  const req = buildEvent(facts, decision('Request'), 'ResponseComplete', at, more());
  assert.deepEqual([req.requestObject, req.responseObject], [pod(), undefined]);
  const full = buildEvent(facts, decision('RequestResponse'), 'ResponseComplete', at, more());
  assert.deepEqual([full.requestObject, full.responseObject], [pod(), pod()]);
  const received = buildEvent(facts, decision('RequestResponse'), 'RequestReceived', at, { responseStatus: { metadata: {}, code: 200 }, responseObject: pod() });
  assert.deepEqual([received.responseStatus, received.responseObject], [undefined, undefined], 'nothing of the response before it exists');
});

test('buildEvent() leaves managedFields out of objects and list items with omitManagedFields', () => {
  const list = { kind: 'PodList', items: [pod(), pod()] };
  const ev = buildEvent(facts, decision('RequestResponse', true), 'ResponseComplete', at, { requestObject: pod(), responseObject: list });
  assert.deepEqual(ev.requestObject, { kind: 'Pod', metadata: { name: 'p' } });
  assert.deepEqual(ev.responseObject, { kind: 'PodList', items: [{ kind: 'Pod', metadata: { name: 'p' } }, { kind: 'Pod', metadata: { name: 'p' } }] });
});

test('responseStatusOf() keeps a Status\'s bounded fields, else the code', () => {
  assert.deepEqual(responseStatusOf(200, { kind: 'Pod' }), { metadata: {}, code: 200 });
  assert.deepEqual(responseStatusOf(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'pods' }, code: 404 }),
    { metadata: {}, status: 'Failure', message: 'pods "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'pods' }, code: 404 });
});

test('sourceIPs() lists X-Forwarded-For, X-Real-Ip unless listed, then the peer unless it is last', () => {
  assert.deepEqual(sourceIPs(undefined, undefined, '::ffff:127.0.0.1'), ['127.0.0.1']);
  assert.deepEqual(sourceIPs('10.0.0.1, bogus, 10.0.0.2', '10.0.0.1', '192.168.1.1'), ['10.0.0.1', '10.0.0.2', '192.168.1.1']);
  assert.deepEqual(sourceIPs('10.0.0.1', '10.0.0.9', '10.0.0.9'), ['10.0.0.1', '10.0.0.9']);
});
