// List/watch options: selectors, paging tokens, resourceVersion semantics (query parameters → typed options).
import { badRequest, parseFieldSelector, parseLabelSelector, everything, type FieldSelector, type LabelSelector } from '../../api/index.js';
import { errorMessage } from '../../util/index.js';

export interface ListOptions {
  readonly labelSelector: LabelSelector;
  readonly fieldSelector: FieldSelector;
  readonly limit: number;
  readonly continueToken: ContinueToken | undefined;
  readonly resourceVersion: string;
  readonly resourceVersionMatch: string;
  readonly allowWatchBookmarks: boolean;
  readonly timeoutSeconds: number;
  readonly sendInitialEvents: boolean;
}

export interface ContinueToken {
  readonly rv: number;
  readonly start: string;
}

export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'skiff.1', rv: t.rv, start: t.start })).toString('base64url');
}

export function decodeContinue(s: string): ContinueToken {
  try {
    const o = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (o.v !== 'skiff.1' || typeof o.rv !== 'number' || typeof o.start !== 'string') throw new TypeError('bad token');
    return { rv: o.rv, start: o.start };
  } catch (e: unknown) {
    throw badRequest(`continue key is not valid: ${errorMessage(e)}`);
  }
}

function nonNegativeInt(q: URLSearchParams, name: string): number {
  const v = q.get(name);
  if (v === null || v === '') return 0;
  if (!/^\d+$/.test(v)) throw badRequest(`invalid value for ${name}: "${v}"`);
  return Number(v);
}

export function parseListOptions(q: URLSearchParams): ListOptions {
  const ls = q.get('labelSelector');
  const fs = q.get('fieldSelector');
  const cont = q.get('continue');
  const rv = q.get('resourceVersion') ?? '';
  if (rv !== '' && !/^\d+$/.test(rv)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
  const rvm = q.get('resourceVersionMatch') ?? '';
  if (rvm && rvm !== 'Exact' && rvm !== 'NotOlderThan') throw badRequest(`resourceVersionMatch: Unsupported value: "${rvm}": supported values: "Exact", "NotOlderThan"`);
  if (cont && rv !== '' && rv !== '0') throw badRequest('specifying resource version is not allowed when using continue');
  const b = q.get('allowWatchBookmarks');
  return {
    labelSelector: ls ? parseLabelSelector(ls) : everything,
    fieldSelector: fs ? parseFieldSelector(fs) : { requirements: [] },
    limit: nonNegativeInt(q, 'limit'),
    continueToken: cont ? decodeContinue(cont) : undefined,
    resourceVersion: rv,
    resourceVersionMatch: rvm,
    allowWatchBookmarks: b === 'true' || b === '1',
    timeoutSeconds: nonNegativeInt(q, 'timeoutSeconds'),
    sendInitialEvents: q.get('sendInitialEvents') === 'true',
  };
}
