// The two webhook dispatchers (upstream mutating and validating dispatchers). Mutating webhooks run in order on
// the object, each JSONPatch applied and defaulted; with reinvocationPolicy IfNeeded a webhook runs once more
// when a later one changed the object. Validating webhooks run in parallel on the final object. A call that
// fails is skipped under failurePolicy Ignore and fails the request (500) under Fail.
import type { MutatingWebhook, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import { admissionregistration, internal, semanticEqual, type ApiError, type KubeObject } from '../../../api/index.js';
import { applyJsonPatch } from '../../../api/patch/index.js';
import { errorMessage } from '../../../util/index.js';
import { callWebhook, type WebhookTransport } from './call.js';
import { shouldCallHook, type InvocationLookups, type WebhookRequest } from './invocation.js';
import type { ConfiguredWebhook } from './source.js';
import { WebhookCallError } from '../../webhook/transport.js';

export interface DispatchOptions {
  readonly lookups: InvocationLookups;
  readonly transport: WebhookTransport;
  readonly newUid: () => string;
}

/** upstream ErrCallingWebhook under Fail: `Internal error occurred: failed calling webhook "<name>": <reason>`. */
function failedCalling(name: string, e: WebhookCallError): ApiError {
  return internal(new Error(`failed calling webhook ${JSON.stringify(name)}: ${e.message}`, { cause: e }));
}

/** Runs the webhook call `fn`, turning a call failure into a skip (Ignore, with an audit note) or a 500 (Fail). */
async function underFailurePolicy<T>(w: ConfiguredWebhook, r: WebhookRequest, key: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e: unknown) {
    if (!(e instanceof WebhookCallError)) throw e;
    if (w.hook.failurePolicy === 'Ignore') {
      r.ctx.audit?.annotate(key, w.hook.name);
      return undefined;
    }
    throw failedCalling(w.hook.name, e);
  }
}

/** The object after one mutating webhook's patch (in the webhook's version), defaulted as upstream does. */
function applyPatch(name: string, patch: string, object: KubeObject | undefined, defaults: ((o: KubeObject) => void) | undefined): KubeObject | undefined {
  let ops: unknown[];
  try {
    ops = admissionregistration.decodeJsonPatch(patch);
  } catch (e: unknown) {
    throw new WebhookCallError(errorMessage(e), { cause: e });
  }
  if (ops.length === 0) return undefined;
  if (object === undefined) throw internal(new Error(`admission webhook ${JSON.stringify(name)} attempted to modify the object, which is not supported for this operation`));
  let patched: unknown;
  try {
    patched = applyJsonPatch(object, ops);
  } catch (e: unknown) {
    throw internal(e);
  }
  if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw internal(new Error('the patched object is not a JSON object'));
  defaults?.(patched as KubeObject);
  return patched as KubeObject;
}

/**
 * Mutating admission: answers the object after every matching webhook (in r.desc's version), or undefined when
 * none changed it. `object` is never changed in place.
 */
export async function dispatchMutating(hooks: readonly ConfiguredWebhook<MutatingWebhook>[], r: WebhookRequest, io: { object: KubeObject | undefined; oldObject: KubeObject | undefined }, o: DispatchOptions): Promise<KubeObject | undefined> {
  let object = io.object;
  let changedAny = false;
  const invokedReinvocable = new Set<string>();
  let reinvoke = new Set<string>();
  for (const round of [0, 1]) {
    if (round === 1 && reinvoke.size === 0) break;
    const eligible = round === 1 ? reinvoke : undefined;
    reinvoke = round === 0 ? reinvoke : new Set();
    for (const [i, w] of hooks.entries()) {
      const inv = await shouldCallHook(w, { request: r, object, oldObject: io.oldObject, lookups: o.lookups });
      if (!inv) continue;
      // A webhook skipped in the first round is never called for the first time when webhooks are reinvoked.
      if (eligible && !eligible.has(w.uid)) continue;
      const same = inv.desc === r.desc;
      const versioned = object && !same ? await r.convert(object, r.desc, inv.desc) : object;
      const oldVersioned = io.oldObject && !same ? await r.convert(io.oldObject, r.desc, inv.desc) : io.oldObject;
      const patched = await underFailurePolicy(w, r, `failed-open.mutation.webhook.admission.k8s.io/round_${round}_index_${i}`, async () => {
        const response = await callWebhook(inv, { request: r, object: versioned, oldObject: oldVersioned, mutating: true, transport: o.transport, uid: o.newUid() });
        return response.patch === undefined ? undefined : applyPatch(w.hook.name, response.patch, versioned, inv.desc.rules.defaults);
      });
      const changed = patched !== undefined && versioned !== undefined && !semanticEqual(patched, versioned);
      if (changed) {
        object = same ? patched : await r.convert(patched, inv.desc, r.desc);
        changedAny = true;
        for (const uid of invokedReinvocable) reinvoke.add(uid);
      }
      if (w.hook.reinvocationPolicy === 'IfNeeded') invokedReinvocable.add(w.uid);
    }
  }
  return changedAny ? object : undefined;
}

/** Validating admission: every matching webhook called in parallel; the first failure in webhook order wins. */
export async function dispatchValidating(hooks: readonly ConfiguredWebhook<ValidatingWebhook>[], r: WebhookRequest, io: { object: KubeObject | undefined; oldObject: KubeObject | undefined }, o: DispatchOptions): Promise<void> {
  const invocations: Array<NonNullable<Awaited<ReturnType<typeof shouldCallHook<ValidatingWebhook>>>>> = [];
  // In webhook order; each decision may convert the object (a conversion webhook) before its matchConditions.
  for (const w of hooks) {
    const inv = await shouldCallHook(w, { request: r, object: io.object, oldObject: io.oldObject, lookups: o.lookups });
    if (inv) invocations.push(inv);
  }
  if (invocations.length === 0) return;
  const results = await Promise.allSettled(invocations.map(async (inv, i) => {
    const same = inv.desc === r.desc;
    const object = io.object && !same ? await r.convert(io.object, r.desc, inv.desc) : io.object;
    const oldObject = io.oldObject && !same ? await r.convert(io.oldObject, r.desc, inv.desc) : io.oldObject;
    return underFailurePolicy(inv.webhook, r, `failed-open.validating.webhook.admission.k8s.io/round_0_index_${i}`,
      () => callWebhook(inv, { request: r, object, oldObject, mutating: false, transport: o.transport, uid: o.newUid() }));
  }));
  for (const res of results) if (res.status === 'rejected') throw res.reason;
}
