// Integration: the audit of requests through the API handler: levels by rule, stages, objects, annotations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiServer, Auditor, createAuthenticator, type AuditEvent } from '../../src/apiserver/index.js';
import { parseAuditPolicy } from '../../src/apiserver/audit/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client } from '../../src/client/index.js';
import { lookupResource } from '../../src/api/index.js';
import { FakeClock } from '../../src/util/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { eventually } from '../support/eventually.js';

const policy = parseAuditPolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: Metadata
    resources: [{ group: "", resources: [secrets] }]
  - level: RequestResponse
    omitManagedFields: true
    resources: [{ group: "", resources: [pods] }]
  - level: Request
    omitStages: [RequestReceived]
    resources: [{ group: "", resources: [configmaps] }]
`);

async function withAudit(fn: (client: Client, events: AuditEvent[]) => Promise<void>): Promise<void> {
  const events: AuditEvent[] = [];
  let n = 0;
  const auditor = new Auditor({ policy, clock: new FakeClock(), sink: { write: (l) => { events.push(JSON.parse(l) as AuditEvent); } }, newAuditId: () => `id-${++n}` });
  // alice acts without RBAC roles: AlwaysAllow (upstream's decision "allow" with an empty reason) keeps the test on audit.
  const api = new ApiServer({ store: new MemoryStore(), auditor, authorization: 'AlwaysAllow', authenticator: createAuthenticator({ tokens: new Map([['t', { name: 'alice', groups: ['devs'] }]]) }) });
  await api.start();
  try {
    await fn(new Client({ transport: new InProcessTransport({ server: api, token: 't', userAgent: 'audit-test/1.0' }), fieldManager: 'test' }), events);
  } finally {
    await api[Symbol.asyncDispose]();
  }
}

const secrets = lookupResource('', 'v1', 'secrets')!;
const pods = lookupResource('', 'v1', 'pods')!;
const configMaps = lookupResource('', 'v1', 'configmaps')!;

test('Audit: a Secret at Metadata level: both stages, the user, the decision, no data', () => withAudit(async (client, events) => {
  await client.create(secrets, 'default', { metadata: { name: 's1' }, stringData: { password: 'hunter2' } });
  await eventually(() => assert.equal(events.length, 2));
  const [received, complete] = events as [AuditEvent, AuditEvent];
  assert.deepEqual(received, {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'id-1', stage: 'RequestReceived',
    requestURI: '/api/v1/namespaces/default/secrets?fieldManager=test', verb: 'create', user: { username: 'alice', groups: ['devs', 'system:authenticated'] },
    sourceIPs: ['127.0.0.1'], userAgent: 'audit-test/1.0', objectRef: { resource: 'secrets', namespace: 'default', apiVersion: 'v1' },
    requestReceivedTimestamp: '2024-01-01T00:00:00.000000Z', stageTimestamp: '2024-01-01T00:00:00.000000Z',
  });
  assert.deepEqual({ ...complete, requestReceivedTimestamp: '', stageTimestamp: '' }, {
    ...received, stage: 'ResponseComplete', objectRef: { resource: 'secrets', namespace: 'default', name: 's1', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 }, requestReceivedTimestamp: '', stageTimestamp: '',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  });
  assert.ok(!JSON.stringify(events).includes('hunter2') && !JSON.stringify(events).includes(Buffer.from('hunter2').toString('base64')));
}));

test('Audit: Pods at RequestResponse carry both objects without managedFields; errors carry their Status', () => withAudit(async (client, events) => {
  await client.create(lookupResource('', 'v1', 'serviceaccounts')!, 'default', { metadata: { name: 'default' } });
  await client.create(pods, 'default', { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  await assert.rejects(client.get(pods, 'default', 'nope'));
  await eventually(() => assert.equal(events.length, 4), { timeoutMs: 2000 });
  const created = events[1]!;
  assert.equal(created.level, 'RequestResponse');
  assert.deepEqual(created.requestObject, { metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  const resp = created.responseObject as { kind: string; metadata: Record<string, unknown> };
  assert.deepEqual([resp.kind, resp.metadata['name'], 'managedFields' in resp.metadata], ['Pod', 'p1', false]);
  assert.deepEqual(events[3]!.responseStatus, { metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'pods' }, code: 404 });
  assert.deepEqual([events[3]!.verb, events[3]!.objectRef], ['get', { resource: 'pods', namespace: 'default', name: 'nope', apiVersion: 'v1' }]);
}));

test('Audit: omitStages, level Request, None for other resources, and a watch\'s ResponseStarted', () => withAudit(async (client, events) => {
  await client.create(configMaps, 'default', { metadata: { name: 'c1' }, data: { a: 'b' } });
  await client.list(lookupResource('', 'v1', 'services')!, 'default');
  await eventually(() => assert.equal(events.length, 1));
  assert.deepEqual([events[0]!.stage, events[0]!.level, events[0]!.requestObject, events[0]!.responseObject], ['ResponseComplete', 'Request', { metadata: { name: 'c1' }, data: { a: 'b' } }, undefined]);
  const abort = new AbortController();
  const watching = client.watch(pods, 'default', { resourceVersion: '0', signal: abort.signal }, () => undefined);
  await eventually(() => assert.deepEqual(events.slice(1).map((e) => e.stage), ['RequestReceived', 'ResponseStarted']));
  abort.abort();
  await watching;
  await eventually(() => assert.deepEqual(events.slice(1).map((e) => [e.stage, e.verb, e.responseStatus?.code]), [['RequestReceived', 'watch', undefined], ['ResponseStarted', 'watch', 200], ['ResponseComplete', 'watch', 200]]));
}));
