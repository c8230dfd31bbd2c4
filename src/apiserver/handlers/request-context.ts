// The per-request write context from the query: dryRun, fieldManager (defaulted from the User-Agent as
// upstream) and fieldValidation (Warn when absent), each checked against upstream's allowed values.
import type { IncomingMessage } from 'node:http';
import { badRequest } from '../../api/index.js';
import type { FieldValidation, RequestContext, UserInfo } from '../registry/context.js';
import { auditAnnotatorOf } from '../audit/index.js';

/** Throws ApiError 400 for an unsupported dryRun or fieldValidation value or a fieldManager over 128 bytes. */
export function requestContext(q: URLSearchParams, user: UserInfo, req: IncomingMessage): RequestContext {
  const dry = q.getAll('dryRun');
  for (const d of dry) if (d !== 'All') throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const fv = q.get('fieldValidation') ?? 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  const ua = String(req.headers['user-agent'] ?? '');
  // upstream managerOrUserAgent: an empty fieldManager is the User-Agent's, like a missing one.
  const manager = q.get('fieldManager') || (ua.split('/')[0] || 'unknown');
  if (manager.length > 128) throw badRequest('fieldManager: Too long: may not be more than 128 bytes');
  return { user, dryRun: dry.length > 0, fieldManager: manager, fieldValidation: fv as FieldValidation, warnings: [], audit: auditAnnotatorOf(req) };
}
