// The AdmissionReview exchanged with a webhook (upstream admission/plugin/webhook/request and errors): the request
// built from the admission attributes, the checks on the webhook's answer, and the Status of a denial.
import type { Status } from '../../errors.js';
import type { EquivalentResource, GroupVersionResource, Operation } from './matching.js';
import { isObject } from '../../patch/json-value.js';

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface ReviewUserInfo {
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** The attributes an AdmissionRequest is built from. kind/resource are the webhook's; request* the client's. */
export interface ReviewRequestInput {
  readonly uid: string;
  readonly kind: GroupVersionKind;
  readonly resource: GroupVersionResource;
  readonly subResource: string;
  readonly requestKind: GroupVersionKind;
  readonly requestResource: GroupVersionResource;
  readonly name: string;
  readonly namespace: string;
  readonly operation: Operation;
  readonly userInfo: ReviewUserInfo;
  readonly object: unknown;
  readonly oldObject: unknown;
  readonly dryRun: boolean;
  /** CreateOptions, UpdateOptions or DeleteOptions (meta.k8s.io/v1), as the request carried them. */
  readonly options: Record<string, unknown> | undefined;
}

export type ReviewVersion = 'v1' | 'v1beta1';

/** The first AdmissionReview version of the webhook's list this server speaks (validation guarantees one). */
export function reviewVersionFor(admissionReviewVersions: readonly string[] | undefined): ReviewVersion | undefined {
  return (admissionReviewVersions ?? []).find((v): v is ReviewVersion => v === 'v1' || v === 'v1beta1');
}

const gvr = (r: GroupVersionResource | EquivalentResource): GroupVersionResource => ({ group: r.group, version: r.version, resource: r.resource });

/** The AdmissionRequest as JSON (upstream omits empty name, namespace and subresources). */
export function admissionRequest(input: ReviewRequestInput): Record<string, unknown> {
  const user: Record<string, unknown> = { username: input.userInfo.username };
  if (input.userInfo.uid) user['uid'] = input.userInfo.uid;
  if (input.userInfo.groups.length) user['groups'] = [...input.userInfo.groups];
  if (input.userInfo.extra && Object.keys(input.userInfo.extra).length) user['extra'] = input.userInfo.extra;
  return {
    uid: input.uid,
    kind: input.kind,
    resource: gvr(input.resource),
    ...(input.subResource ? { subResource: input.subResource } : {}),
    requestKind: input.requestKind,
    requestResource: gvr(input.requestResource),
    ...(input.subResource ? { requestSubResource: input.subResource } : {}),
    ...(input.name ? { name: input.name } : {}),
    ...(input.namespace ? { namespace: input.namespace } : {}),
    operation: input.operation,
    userInfo: user,
    object: input.object ?? null,
    oldObject: input.oldObject ?? null,
    dryRun: input.dryRun,
    options: input.options ?? null,
  };
}

/** The AdmissionReview sent to a webhook. */
export function admissionReview(input: ReviewRequestInput, version: ReviewVersion = 'v1'): Record<string, unknown> {
  return { kind: 'AdmissionReview', apiVersion: `admission.k8s.io/${version}`, request: admissionRequest(input) };
}

/** A JSON Patch operation list, as decoded from response.patch. */
export type JsonPatch = unknown[];

/** The verified answer of a webhook. */
export interface ReviewResponse {
  readonly allowed: boolean;
  readonly status: Partial<Status> | undefined;
  /** The base64 JSONPatch of a mutating webhook (decode with decodeJsonPatch). */
  readonly patch: string | undefined;
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
}


/** Thrown when a webhook's answer breaks the protocol; the message is upstream's (after "received invalid webhook response: "). */
export class InvalidReviewResponseError extends Error {
  override readonly name = 'InvalidReviewResponseError';
}

/** The operations of response.patch; throws InvalidReviewResponseError with upstream's message when undecodable. */
export function decodeJsonPatch(raw: string): JsonPatch {
  const text = Buffer.from(raw, 'base64').toString('utf8');
  let ops: unknown;
  try {
    ops = JSON.parse(text);
  } catch (e: unknown) {
    throw new InvalidReviewResponseError(`received undecodable patch in webhook response: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(ops)) throw new InvalidReviewResponseError('received undecodable patch in webhook response: json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return ops;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** upstream VerifyAdmissionResponse: checks kind, uid and patch fields; throws InvalidReviewResponseError. */
export function verifyAdmissionResponse(uid: string, mutating: boolean, body: unknown, version: ReviewVersion = 'v1'): ReviewResponse {
  const review = isObject(body) ? body : {};
  const r = review['response'];
  if (!isObject(r)) throw new InvalidReviewResponseError('webhook response was absent');
  let patchType = typeof r['patchType'] === 'string' ? r['patchType'] : '';
  const rawPatch = typeof r['patch'] === 'string' ? r['patch'] : '';
  if (version === 'v1') {
    const apiVersion = typeof review['apiVersion'] === 'string' ? review['apiVersion'] : '';
    const kind = typeof review['kind'] === 'string' ? review['kind'] : '';
    if (apiVersion !== 'admission.k8s.io/v1' || kind !== 'AdmissionReview') {
      throw new InvalidReviewResponseError(`expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${apiVersion}, Kind=${kind}`);
    }
    const got = typeof r['uid'] === 'string' ? r['uid'] : '';
    if (got !== uid) throw new InvalidReviewResponseError(`expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(got)}`);
    if (rawPatch !== '') {
      if (!mutating) throw new InvalidReviewResponseError('validating webhook may not return response.patch');
      if (patchType === '') throw new InvalidReviewResponseError('webhook returned response.patch but not response.patchType');
      if (patchType !== 'JSONPatch') throw new InvalidReviewResponseError(`webhook returned invalid response.patchType of ${JSON.stringify(patchType)}`);
    } else if (patchType !== '') {
      throw new InvalidReviewResponseError('webhook returned response.patchType but not response.patch');
    }
  } else {
    if (patchType === '') patchType = 'JSONPatch';
    if (rawPatch !== '' && !mutating) throw new InvalidReviewResponseError('validating webhook may not return response.patch');
  }
  return {
    allowed: r['allowed'] === true,
    status: isObject(r['status']) ? (r['status'] as Partial<Status>) : undefined,
    patch: rawPatch !== '' ? rawPatch : undefined,
    warnings: stringList(r['warnings']),
    auditAnnotations: stringMap(r['auditAnnotations']),
  };
}

/**
 * upstream ToStatusErr (1.32): the webhook's Status with code at least 400, status Failure and the message
 * `admission webhook "<name>" denied the request: <message or reason>` (or `... without explanation`).
 */
export function denialStatus(webhookName: string, result: Partial<Status> | undefined): { code: number; reason: string; message: string; details: Status['details'] } {
  const deniedBy = `admission webhook ${JSON.stringify(webhookName)} denied the request`;
  const code = typeof result?.code === 'number' && result.code >= 400 ? result.code : 400;
  const reason = typeof result?.reason === 'string' ? result.reason : '';
  const message = typeof result?.message === 'string' && result.message !== '' ? `${deniedBy}: ${result.message}`
    : reason !== '' ? `${deniedBy}: ${reason}` : `${deniedBy} without explanation`;
  return { code, reason, message, details: result?.details };
}
