// List/watch options: selectors, paging tokens, resourceVersion semantics (query parameters → typed options).
import { badRequest, invalid, parseFieldSelector, parseLabelSelector, everything, type FieldError, type FieldSelector, type LabelSelector } from '../../api/index.js';
import { forbidden, notSupported } from '../../api/meta/field-path.js';
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
  // A resourceVersion is an unsigned 64-bit integer, as upstream parses it.
  if (rv !== '' && (!/^\d+$/.test(rv) || BigInt(rv) > 0xffffffffffffffffn)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);
  const rvm = q.get('resourceVersionMatch') ?? '';
  const w = q.get('watch');
  const matchErrors = validateResourceVersionMatch(rvm, { resourceVersion: rv, continued: !!cont, watch: w === 'true' || w === '1' });
  if (matchErrors.length) throw invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', matchErrors);
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

/** upstream ValidateListOptions for resourceVersionMatch (a 422 on ListOptions.meta.k8s.io). */
export function validateResourceVersionMatch(match: string, o: { resourceVersion: string; continued: boolean; watch: boolean }): FieldError[] {
  if (match === '') return [];
  const errs: FieldError[] = [];
  if (o.watch) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch'));
  if (o.resourceVersion === '') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
  if (o.continued) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  if (match !== 'Exact' && match !== 'NotOlderThan') errs.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan']));
  if (match === 'Exact' && o.resourceVersion === '0') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  return errs;
}
