// Calls a CRD's conversion webhook (upstream's apiextensions-apiserver webhook converter): the objects not already
// at the desired version go out in one ConversionReview over the webhook transport (URL or Service, caBundle,
// 30 s), and the answer is checked and merged back in order. Any failure is a 500 with upstream's
// "conversion webhook for <gvk> failed: ..." message.
import { randomUUID } from 'node:crypto';
import { apiextensions, internal, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { ConversionWebhookCall } from '../registry/generic-store.js';
import { postReview, resolveEndpoint, type ServiceLookups } from '../webhook/transport.js';

/** Upstream's conversion webhook timeout. */
const timeoutSeconds = 30;

export function conversionWebhookCaller(lookups: ServiceLookups, newUid: () => string = randomUUID): ConversionWebhookCall {
  return async (desc: ResourceDescriptor, objects: readonly KubeObject[], desiredAPIVersion: string): Promise<KubeObject[]> => {
    const hook = desc.conversionWebhook;
    const pending = objects.map((o, i) => ({ o, i })).filter(({ o }) => o['apiVersion'] !== desiredAPIVersion);
    if (hook === undefined || pending.length === 0) return [...objects];
    const first = pending[0]!.o;
    const gvk = apiextensions.gvkString(String(first['apiVersion'] ?? ''), String(first['kind'] ?? desc.kind));
    const fail = (detail: string): Error => internal(new Error(`conversion webhook for ${gvk} failed: ${detail}`));
    const reviewVersion = apiextensions.conversionReviewVersion(hook.conversionReviewVersions);
    if (reviewVersion === undefined) throw fail(`webhook does not accept known ConversionReview versions (v1, v1beta1)`);
    const uid = newUid();
    const sent = pending.map(({ o }) => o);
    let answer: unknown;
    try {
      const endpoint = resolveEndpoint(hook.clientConfig, lookups, timeoutSeconds);
      answer = await postReview(endpoint, apiextensions.conversionReview(reviewVersion, uid, desiredAPIVersion, sent), { timeoutMs: timeoutSeconds * 1000 });
    } catch (e: unknown) {
      throw fail(e instanceof Error ? e.message.replace(/^failed to call webhook: /, '') : String(e));
    }
    let converted: KubeObject[];
    try {
      converted = apiextensions.convertedObjects(answer, uid, desiredAPIVersion, sent);
    } catch (e: unknown) {
      throw fail(e instanceof Error ? e.message : String(e));
    }
    const out = [...objects];
    pending.forEach(({ i }, k) => { out[i] = converted[k]!; });
    return out;
  };
}
