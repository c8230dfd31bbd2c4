import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MutatingWebhook, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import { ApiError, lookupResource, type KubeObject } from '../../../api/index.js';
import { internalContext } from '../../registry/context.js';
import type { WebhookTransport } from './call.js';
import { dispatchMutating, dispatchValidating } from './dispatch.js';
import type { WebhookRequest } from './invocation.js';
import type { ConfiguredWebhook } from './source.js';
import { WebhookCallError } from '../../webhook/transport.js';

const cmDesc = lookupResource('', 'v1', 'configmaps')!;
type Answer = Record<string, unknown>;
type Review = { request: { uid: string; object: KubeObject | null; dryRun: boolean } };

function hook<H extends ValidatingWebhook | MutatingWebhook>(name: string, extra: Partial<MutatingWebhook> = {}): ConfiguredWebhook<H> {
  const h = {
    name, clientConfig: { url: `https://h/${name}` }, sideEffects: 'None', admissionReviewVersions: ['v1'], failurePolicy: 'Fail',
    rules: [{ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }], ...extra,
  } as unknown as H;
  return { configuration: 'cfg', uid: `cfg/${name}`, hook: h };
}

/** A fake transport answering per webhook name, recording the reviews it got. */
function fakeTransport(answers: Record<string, (r: Review) => Answer | Error>): { transport: WebhookTransport; calls: { name: string; review: Review }[] } {
  const calls: { name: string; review: Review }[] = [];
  const transport: WebhookTransport = async (h, review) => {
    const r = review as Review;
    calls.push({ name: h.name, review: r });
    const a = answers[h.name]?.(r) ?? { allowed: true };
    if (a instanceof Error) throw a;
    return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: r.request.uid, ...a } };
  };
  return { transport, calls };
}

function request(dryRun = false): WebhookRequest {
  return {
    operation: 'CREATE', desc: cmDesc, subresource: '', name: 'cm', namespace: 'default', ctx: { ...internalContext('test'), dryRun }, options: undefined,
    equivalents: [cmDesc], convert: (o) => Promise.resolve(structuredClone(o)),
  };
}
const options = (transport: WebhookTransport) => ({ lookups: { namespaceLabels: () => ({}) }, transport, newUid: () => 'uid' });
const addLabel = (k: string) => (r: Review): Answer => ((r.request.object?.metadata?.['labels'] as Record<string, string> | undefined)?.[k]
  ? { allowed: true }
  : { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify([{ op: 'add', path: `/metadata/labels/${k}`, value: 'y' }])).toString('base64') });
const cm = (): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default', labels: {} } });

test('dispatchMutating() applies patches in order and reinvokes IfNeeded webhooks once after a later change', async () => {
  const f = fakeTransport({ a: addLabel('a'), b: addLabel('b') });
  const hooks = [hook<MutatingWebhook>('a', { reinvocationPolicy: 'IfNeeded' }), hook<MutatingWebhook>('b')];
  const out = await dispatchMutating(hooks, request(), { object: cm(), oldObject: undefined }, options(f.transport));
  assert.deepEqual(out?.metadata?.['labels'], { a: 'y', b: 'y' });
  assert.deepEqual(f.calls.map((c) => c.name), ['a', 'b', 'a']);
});

test('dispatchMutating() answers undefined when nothing changed and never changes its input', async () => {
  const f = fakeTransport({});
  const input = Object.freeze(cm());
  assert.equal(await dispatchMutating([hook<MutatingWebhook>('a')], request(), { object: input, oldObject: undefined }, options(f.transport)), undefined);
});

test('dispatchMutating() refuses a patch on DELETE', async () => {
  const f = fakeTransport({ a: addLabel('a') });
  await assert.rejects(dispatchMutating([hook<MutatingWebhook>('a')], { ...request(), operation: 'DELETE' }, { object: undefined, oldObject: cm() }, options(f.transport)),
    (e: unknown) => e instanceof ApiError && e.code === 500 && e.message === 'Internal error occurred: admission webhook "a" attempted to modify the object, which is not supported for this operation');
});

test('dry runs: sideEffects Some fails with 400 whatever the failurePolicy; NoneOnDryRun is called with dryRun true', async () => {
  const f = fakeTransport({});
  await assert.rejects(dispatchValidating([hook<ValidatingWebhook>('some', { sideEffects: 'Some', failurePolicy: 'Ignore' })], request(true), { object: cm(), oldObject: undefined }, options(f.transport)),
    (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'admission webhook "some" does not support dry run');
  await dispatchValidating([hook<ValidatingWebhook>('ok', { sideEffects: 'NoneOnDryRun' })], request(true), { object: cm(), oldObject: undefined }, options(f.transport));
  assert.equal(f.calls.at(-1)?.review.request.dryRun, true);
});

test('failurePolicy: a failed call is skipped under Ignore and a 500 under Fail; a denial is never ignored', async () => {
  const down = (): Error => new WebhookCallError('failed to call webhook: Post "https://h/x?timeout=10s": context deadline exceeded');
  const f = fakeTransport({ ignore: down, fail: down, deny: () => ({ allowed: false, status: { message: 'no' } }) });
  await dispatchValidating([hook<ValidatingWebhook>('ignore', { failurePolicy: 'Ignore' })], request(), { object: cm(), oldObject: undefined }, options(f.transport));
  await assert.rejects(dispatchValidating([hook<ValidatingWebhook>('fail')], request(), { object: cm(), oldObject: undefined }, options(f.transport)),
    (e: unknown) => e instanceof ApiError && e.code === 500 && e.message === 'Internal error occurred: failed calling webhook "fail": failed to call webhook: Post "https://h/x?timeout=10s": context deadline exceeded');
  await assert.rejects(dispatchValidating([hook<ValidatingWebhook>('deny', { failurePolicy: 'Ignore' })], request(), { object: cm(), oldObject: undefined }, options(f.transport)),
    (e: unknown) => e instanceof ApiError && e.code === 400 && e.message === 'admission webhook "deny" denied the request: no');
});

test('a webhook answering garbage is a call failure with upstream\'s message', async () => {
  const f = fakeTransport({ bad: () => ({ allowed: true, patch: 'eA==' }) });
  await assert.rejects(dispatchValidating([hook<ValidatingWebhook>('bad')], request(), { object: cm(), oldObject: undefined }, options(f.transport)),
    (e: unknown) => e instanceof ApiError && e.message === 'Internal error occurred: failed calling webhook "bad": received invalid webhook response: validating webhook may not return response.patch');
});
