// One call of one webhook (upstream callHook/callAttrMutatingHook): the dry-run check against sideEffects, the
// AdmissionReview sent through the transport, the answer verified, its warnings and audit annotations recorded,
// a denial turned into the webhook's Status.
import type { MutatingWebhook, ValidatingWebhook } from 'kubernetes-types/admissionregistration/v1.js';
import { ApiError, admissionregistration, badRequest, type KubeObject, type StatusReason } from '../../../api/index.js';
import { gvrOf, userInfoOf, type Invocation, type WebhookRequest } from './invocation.js';
import { WebhookCallError } from '../../webhook/transport.js';

/** Sends one AdmissionReview to a webhook and answers its decoded JSON; rejects with WebhookCallError. */
export type WebhookTransport = (hook: ValidatingWebhook | MutatingWebhook, review: unknown) => Promise<unknown>;

const noSideEffects = new Set(['None', 'NoneOnDryRun']);

/**
 * Calls the webhook of `inv` with the objects in its version. Throws WebhookCallError (subject to failurePolicy),
 * or ApiError: a denial, or a dry run the webhook cannot take (never subject to failurePolicy).
 */
export async function callWebhook<H extends ValidatingWebhook | MutatingWebhook>(inv: Invocation<H>, o: {
  request: WebhookRequest; object: KubeObject | undefined; oldObject: KubeObject | undefined; mutating: boolean; transport: WebhookTransport; uid: string;
}): Promise<admissionregistration.ReviewResponse> {
  const hook = inv.webhook.hook;
  const r = o.request;
  if (r.ctx.dryRun && !noSideEffects.has(hook.sideEffects ?? '')) throw badRequest(`admission webhook ${JSON.stringify(hook.name)} does not support dry run`);
  const version = admissionregistration.reviewVersionFor(hook.admissionReviewVersions) ?? 'v1';
  const review = admissionregistration.admissionReview({
    uid: o.uid,
    kind: { group: inv.desc.group, version: inv.desc.version, kind: inv.desc.kind },
    resource: gvrOf(inv.desc),
    subResource: r.subresource,
    requestKind: { group: r.desc.group, version: r.desc.version, kind: r.desc.kind },
    requestResource: gvrOf(r.desc),
    name: r.name,
    namespace: r.namespace,
    operation: r.operation,
    userInfo: userInfoOf(r.ctx),
    object: o.object ?? null,
    oldObject: o.oldObject ?? null,
    dryRun: r.ctx.dryRun,
    options: r.options ? { ...r.options } : undefined,
  }, version);
  const body = await o.transport(hook, review);
  let response: admissionregistration.ReviewResponse;
  try {
    response = admissionregistration.verifyAdmissionResponse(o.uid, o.mutating, body, version);
  } catch (e: unknown) {
    if (e instanceof admissionregistration.InvalidReviewResponseError) throw new WebhookCallError(`received invalid webhook response: ${e.message}`, { cause: e });
    throw e;
  }
  for (const [k, v] of Object.entries(response.auditAnnotations)) r.ctx.audit?.annotate(`${hook.name}/${k}`, v);
  r.ctx.warnings.push(...response.warnings);
  if (!response.allowed) {
    const d = admissionregistration.denialStatus(hook.name, response.status);
    // The webhook's reason is passed through as upstream does, even when it is not one of the well-known reasons.
    throw new ApiError(d.code, d.reason as StatusReason, d.message, d.details);
  }
  return response;
}
