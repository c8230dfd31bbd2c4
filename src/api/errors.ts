// ApiError: the one error type that carries a Kubernetes Status (reason, code, details.causes).
// Factories mirror upstream's apimachinery constructors so messages match what clients parse.
import { errorBody, errorString, type FieldError } from './meta/field-path.js';
import { errorMessage } from '../util/index.js';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Gone'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | '';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A group-qualified resource, e.g. `{ group: 'apps', resource: 'statefulsets' }`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class ApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;
  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
  toStatus(): Status {
    const st: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.details) st.details = this.details;
    return st;
  }
  /** Rehydrates a Status received over the wire. */
  static fromStatus(st: Partial<Status>, httpCode?: number): ApiError {
    return new ApiError(st.code ?? httpCode ?? 500, st.reason ?? '', st.message ?? '', st.details);
  }
}

function details(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = { name, kind: gr.resource };
  if (gr.group) d.group = gr.group;
  return d;
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, details(gr, name));
}
export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, details(gr, name));
}
export function conflict(gr: GroupResource, name: string, reason = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${reason}`, details(gr, name));
}
export function forbidden(gr: GroupResource, name: string, reason: string): ApiError {
  const q = qualifiedResource(gr);
  const msg = q === '' ? `forbidden: ${reason}` : name === '' ? `${q} is forbidden: ${reason}` : `${q} "${name}" is forbidden: ${reason}`;
  return new ApiError(403, 'Forbidden', msg, details(gr, name));
}
/** 422 Invalid carrying every field error; `details.kind` is the Kind (not the resource), as upstream. */
export function invalid(gk: { group: string; kind: string }, name: string, errs: readonly FieldError[]): ApiError {
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  const q = gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
  const body = errs.length === 1 ? errorString(errs[0]!) : `[${errs.map(errorString).join(', ')}]`;
  const d: StatusDetails = { name, kind: gk.kind, causes };
  if (gk.group) d.group = gk.group;
  return new ApiError(422, 'Invalid', `${q} "${name}" is invalid: ${body}`, d);
}
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}
export function unauthorized(message = 'Unauthorized'): ApiError {
  return new ApiError(401, 'Unauthorized', message);
}
export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}
export function methodNotAllowed(verb: string, gr: GroupResource): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualifiedResource(gr)}"`);
}
export function unsupportedMediaType(contentType: string, accepted: readonly string[]): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, { causes: [{ reason: 'UnexpectedHeader', field: 'Content-Type', message: contentType }] });
}
export function notAcceptable(message: string): ApiError {
  return new ApiError(406, 'NotAcceptable', message);
}
export function tooLarge(message = 'Request entity too large: limit is 3145728'): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', message);
}
export function tooManyRequests(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError(429, 'TooManyRequests', message, { retryAfterSeconds });
}
/** 503: a backend (an aggregated API server) cannot be reached; kubectl prints `Error from server (ServiceUnavailable): <message>`. */
export function serviceUnavailable(message: string): ApiError {
  return new ApiError(503, 'ServiceUnavailable', message);
}
export function internal(err: unknown): ApiError {
  const msg = errorMessage(err);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] }, { cause: err });
}
export function notFoundPath(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
export const isNotFound = (e: unknown): boolean => isApiError(e) && e.reason === 'NotFound';
export const isAlreadyExists = (e: unknown): boolean => isApiError(e) && e.reason === 'AlreadyExists';
export const isConflict = (e: unknown): boolean => isApiError(e) && e.reason === 'Conflict';
export const isInvalid = (e: unknown): boolean => isApiError(e) && e.reason === 'Invalid';
export const isGone = (e: unknown): boolean => isApiError(e) && (e.reason === 'Expired' || e.reason === 'Gone');
export const isForbidden = (e: unknown): boolean => isApiError(e) && e.reason === 'Forbidden';
