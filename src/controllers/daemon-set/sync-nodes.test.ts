// The pod writes under injected API errors: slow-start creations stop after a failing batch, expectations
// never wait for writes that failed or were skipped, events carry upstream's messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forbidden, notFound } from '../../api/index.js';
import { Client, Expectations } from '../../client/index.js';
import { FakeEventRecorder } from '../../client/fake/index.js';
import { FakeClock } from '../../util/index.js';
import { daemonPodTemplate } from './daemon-pod.js';
import { syncNodes } from './sync-nodes.js';
import { CUR, daemonSet, fakeTransport, pod } from './testing.js';

const podsGr = { group: '', resource: 'pods' };

test('syncNodes() creates in slow-start batches, stops after a failing batch, and lowers the expectations for failed and skipped pods', async () => {
  // The 3rd create fails: batches 1 and 2 (creates 1–3) run, the 7 others are skipped.
  const transport = fakeTransport((req, n) => (req.method === 'POST' && n === 3 ? forbidden(podsGr, '', 'exceeded quota: pods') : undefined));
  const recorder = new FakeEventRecorder();
  const expectations = new Expectations();
  const clock = new FakeClock();
  const ds = daemonSet();
  const nodes = Array.from({ length: 10 }, (_, i) => `n${i}`);
  await assert.rejects(syncNodes({ client: new Client({ transport, fieldManager: 't' }), recorder, expectations, clock }, ds, 'default/agent', { template: daemonPodTemplate(ds, CUR), create: nodes, delete: [] }), /exceeded quota/);
  assert.equal(transport.requests.filter((r) => r.method === 'POST').length, 3);
  assert.deepEqual(recorder.events.filter((e) => e.includes('Created')), ['Normal SuccessfulCreate Created pod: agent-1', 'Normal SuccessfulCreate Created pod: agent-2']);
  assert.equal(recorder.events.filter((e) => e.startsWith('Warning FailedCreate Error creating: ')).length, 1);
  // Two creations succeeded and are still to be observed; nothing waits for the failed or skipped ones.
  assert.equal(expectations.satisfied('default/agent', clock.nowMs()), false);
  expectations.creationObserved('default/agent');
  expectations.creationObserved('default/agent');
  assert.equal(expectations.satisfied('default/agent', clock.nowMs()), true);
  // Each created pod carries its node in the affinity.
  const bodies = transport.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchFields: { values: string[] }[] }[] } } } } }).spec);
  assert.deepEqual(bodies.map((s) => s.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]!.matchFields[0]!.values[0]), ['n0', 'n1', 'n2']);
});

test('syncNodes() deletes with a uid precondition; a pod already gone is no error, another failure is', async () => {
  const transport = fakeTransport((req) => (req.method === 'DELETE' && req.path.endsWith('/gone') ? notFound(podsGr, 'gone') : req.method === 'DELETE' && req.path.endsWith('/stuck') ? forbidden(podsGr, 'stuck', 'no') : undefined));
  const recorder = new FakeEventRecorder();
  const expectations = new Expectations();
  const clock = new FakeClock();
  const ds = daemonSet();
  const victims = [pod('ok', 'n1'), pod('gone', 'n2'), pod('stuck', 'n3')];
  await assert.rejects(syncNodes({ client: new Client({ transport, fieldManager: 't' }), recorder, expectations, clock }, ds, 'default/agent', { template: daemonPodTemplate(ds, CUR), create: [], delete: victims }), /no/);
  assert.deepEqual(transport.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`), [
    'DELETE /api/v1/namespaces/default/pods/ok {"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"uid-ok"}}',
    'DELETE /api/v1/namespaces/default/pods/gone {"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"uid-gone"}}',
    'DELETE /api/v1/namespaces/default/pods/stuck {"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"uid-stuck"}}',
  ]);
  assert.deepEqual(recorder.events, ['Normal SuccessfulDelete Deleted pod: ok', 'Warning FailedDelete Error deleting: pods "stuck" is forbidden: no']);
  // Only the successful delete is still to be observed.
  expectations.deletionObserved('default/agent', 'default/ok');
  assert.equal(expectations.satisfied('default/agent', clock.nowMs()), true);
});
