// The ConversionReview a CRD's conversion webhook receives and what the API server accepts back (upstream's
// apiextensions-apiserver webhook converter): objects not already at the desired version are sent in one review;
// the response must carry the request's uid, Success, one converted object per object sent, each at the desired
// apiVersion with the same kind; of metadata only labels and annotations may change (the rest is restored).
import type { KubeObject } from '../../meta/kind-rules.js';
import { validateAnnotations, validateLabels } from '../../meta/label-validation.js';
import { FieldPath, errorString } from '../../meta/field-path.js';
import { acceptedConversionReviewVersions } from './crd-conversion.js';
import { isObject } from '../../patch/json-value.js';

/** The ConversionReview version to send: the first of the CRD's conversionReviewVersions this server speaks. */
export function conversionReviewVersion(versions: readonly string[]): string | undefined {
  return versions.find((v) => acceptedConversionReviewVersions.includes(v));
}

export function conversionReview(reviewVersion: string, uid: string, desiredAPIVersion: string, objects: readonly KubeObject[]): Record<string, unknown> {
  return { apiVersion: `apiextensions.k8s.io/${reviewVersion}`, kind: 'ConversionReview', request: { uid, desiredAPIVersion, objects } };
}

/** Go's schema.GroupVersionKind.String() of an object or apiVersion/kind pair, as upstream's messages print it. */
export function gvkString(apiVersion: string, kind: string): string {
  return `${apiVersion}, Kind=${kind}`;
}

/**
 * The converted objects of a webhook's answer, in the order of `sent`, with metadata other than labels and
 * annotations restored from the originals. Throws an Error whose message is upstream's detail.
 */
export function convertedObjects(answer: unknown, uid: string, desiredAPIVersion: string, sent: readonly KubeObject[]): KubeObject[] {
  const response = isObject(answer) ? answer['response'] : undefined;
  if (!isObject(response)) throw new Error('no response provided');
  if (response['uid'] !== uid) throw new Error(`expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(response['uid'] ?? '')}`);
  const result = isObject(response['result']) ? response['result'] : {};
  if (result['status'] !== 'Success') throw new Error(`returned failure: ${typeof result['message'] === 'string' ? result['message'] : ''}`);
  const converted = Array.isArray(response['convertedObjects']) ? response['convertedObjects'] : [];
  if (converted.length !== sent.length) throw new Error(`expected ${sent.length} converted objects, got ${converted.length}`);
  return converted.map((c: unknown, i) => {
    const original = sent[i]!;
    if (!isObject(c)) throw new Error(`invalid converted object at index ${i}: not an object`);
    if (c['apiVersion'] !== desiredAPIVersion) throw new Error(`invalid converted object at index ${i}: invalid apiVersion ${JSON.stringify(c['apiVersion'] ?? '')}, expected ${JSON.stringify(desiredAPIVersion)}`);
    if (c['kind'] !== original['kind']) throw new Error(`invalid converted object at index ${i}: invalid kind ${JSON.stringify(c['kind'] ?? '')}, expected ${JSON.stringify(original['kind'])}`);
    return { ...c, metadata: restoredMetadata(original, c, i) } as KubeObject;
  });
}

/** upstream restoreObjectMeta: the original metadata with the webhook's labels and annotations, if valid. */
function restoredMetadata(original: KubeObject, converted: Record<string, unknown>, i: number): Record<string, unknown> {
  const before = isObject(original['metadata']) ? original['metadata'] : {};
  const after = converted['metadata'];
  if (after === undefined) return before;
  if (!isObject(after)) throw new Error(`invalid converted object at index ${i}: invalid metadata of type ${Array.isArray(after) ? 'array' : typeof after}`);
  const out: Record<string, unknown> = { ...before };
  for (const f of ['labels', 'annotations'] as const) {
    const v = after[f];
    if (v === undefined || v === null) delete out[f];
    else out[f] = v;
  }
  const errs = [
    ...validateLabels(out['labels'], new FieldPath('metadata').child('labels')),
    ...validateAnnotations(out['annotations'], new FieldPath('metadata').child('annotations')),
  ];
  if (errs.length > 0) throw new Error(`invalid metadata in converted object at index ${i}: ${errs.map(errorString).join(', ')}`);
  return out;
}
