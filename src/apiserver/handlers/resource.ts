// The generic REST handler: maps a ResourceRequest to GenericStore operations for any kind.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ApiError, badRequest, gvString, isNotFound, methodNotAllowed, notAcceptable, unsupportedMediaType, notFound, notFoundPath,
  type KubeObject, type ResourceDescriptor,
} from '../../api/index.js';
import { patchTypeFromContentType } from '../../api/patch/index.js';
import type { Clock } from '../../util/index.js';
import type { ResourceRequest } from '../http/request-info.js';
import { decodeDocument, decodeObject, mediaType, readBody } from '../http/body.js';
import { acceptsServed, rendering, servedMediaTypes } from '../http/negotiate.js';
import { sendJson, sendRaw, successStatus, warningHeader } from '../http/respond.js';
import { jsonOf } from '../http/json-cache.js';
import type { GenericStore, DeleteOptions } from '../registry/generic-store.js';
import type { RequestContext, UserInfo } from '../registry/context.js';
import { encodeContinue, parseListOptions, type ListOptions } from '../registry/list-options.js';
import { objectPredicate } from './filter.js';
import { patchResource } from './patch.js';
import { applyScale, toScale } from './scale.js';
import { parseIncludeObject, partialObjectMetadata, toTable } from './table.js';
import { serveWatch } from './watch.js';
import type { ResourceHandlerDeps } from './types.js';
import { requestContext } from './request-context.js';
export type { ResourceHandlerDeps } from './types.js';

/** The spellings Go's strconv.ParseBool reads (upstream decodes boolean query parameters with it). */
const trueBools = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const goBools = new Set([...trueBools, '0', 'f', 'F', 'FALSE', 'false', 'False']);

function parseDeleteOptions(body: Buffer, q: URLSearchParams): DeleteOptions & { dryRun: boolean } {
  let o: Record<string, unknown> = {};
  if (body.length > 0) {
    const v = decodeDocument(body, 'application/json');
    if (v && typeof v === 'object' && !Array.isArray(v)) o = v as Record<string, unknown>;
  }
  const out: DeleteOptions & { dryRun: boolean } = { dryRun: false };
  const gps = q.get('gracePeriodSeconds') ?? (o['gracePeriodSeconds'] !== undefined ? String(o['gracePeriodSeconds']) : null);
  if (gps !== null && gps !== 'null') {
    if (!/^-?\d+$/.test(gps)) throw badRequest(`gracePeriodSeconds: Invalid value: "${gps}": must be an integer`);
    out.gracePeriodSeconds = Math.max(0, Number(gps));
  }
  const pp = q.get('propagationPolicy') ?? (o['propagationPolicy'] as string | undefined);
  if (pp !== undefined && pp !== null) {
    if (pp !== 'Orphan' && pp !== 'Background' && pp !== 'Foreground') throw badRequest(`propagationPolicy: Unsupported value: "${pp}": supported values: "Background", "Foreground", "Orphan"`);
    out.propagationPolicy = pp;
  }
  const pre = o['preconditions'] as { uid?: string; resourceVersion?: string } | undefined;
  if (pre) out.preconditions = pre;
  const dry = [...q.getAll('dryRun'), ...((o['dryRun'] as string[] | undefined) ?? [])];
  out.dryRun = dry.includes('All');
  return out;
}

export async function handleResource(req: IncomingMessage, res: ServerResponse, info: ResourceRequest, query: URLSearchParams, user: UserInfo, deps: ResourceHandlerDeps): Promise<void> {
  const desc = deps.lookup(info.group, info.version, info.resource);
  if (!desc) throw notFoundPath();
  // upstream: every request to a deprecated version carries its warning.
  if (desc.deprecationWarning) res.setHeader('Warning', warningHeader([desc.deprecationWarning]));
  if (desc.namespaced === false && info.namespace !== '' && info.resource !== 'namespaces') throw notFoundPath();
  // A proxy subresource carries the proxied path after it (nodes/{name}/proxy/stats/summary).
  const subresource = info.subresource.startsWith('proxy/') ? 'proxy' : info.subresource;
  const special = deps.subresources.get(subresource ? `${desc.plural}/${subresource}` : desc.persisted ? '' : desc.plural);
  if (special) return special({ req, res, info, query, user, desc, deps });
  if (!acceptsServed(req.headers.accept)) throw notAcceptable(`only the following media types are accepted: ${servedMediaTypes.join(', ')}`);
  if (!desc.persisted) throw methodNotAllowed(info.verb, { group: desc.group, resource: desc.plural });
  const store = deps.storeFor(desc);
  const sub = info.subresource;
  const statusLike = sub === 'status' || desc.extraSubresources.some((s) => s.name === sub && s.writesStatus);
  if (sub !== '' && !statusLike && !(sub === 'scale' && desc.scale) && !(sub === 'finalize' && desc.kind === 'Namespace' && desc.group === '')) throw notFoundPath();
  const ns = desc.namespaced ? info.namespace : '';
  switch (info.verb) {
    case 'get': {
      await store.start();
      const obj = await store.get(desc, ns, info.name);
      return sendObject(req, res, desc, sub === 'scale' ? toScale(desc, obj) : obj, query, deps.clock, sub === 'scale');
    }
    case 'list':
      if (sub) throw methodNotAllowed('list', { group: desc.group, resource: `${desc.plural}/${sub}` });
      return serveList(req, res, desc, store, ns, parseListOptions(query), query, deps.clock);
    case 'watch': {
      await store.start();
      const opts = parseListOptions(query);
      if (info.name) {
        const byName = { ...opts, fieldSelector: { requirements: [...opts.fieldSelector.requirements, { field: 'metadata.name', operator: '=' as const, value: info.name }] } };
        return serveWatch(req, res, { desc, store, namespace: ns, options: byName, rendering: rendering(req.headers.accept), include: parseIncludeObject(query), clock: deps.clock });
      }
      return serveWatch(req, res, { desc, store, namespace: ns, options: opts, rendering: rendering(req.headers.accept), include: parseIncludeObject(query), clock: deps.clock });
    }
    case 'create': {
      if (info.name || sub) throw methodNotAllowed('create', { group: desc.group, resource: desc.plural });
      const ctx = requestContext(query, user, req);
      const obj = decodeObject(await readBody(req), req.headers['content-type']);
      const created = await store.create(desc, ns, obj, ctx);
      return sendJson(res, 201, created, ctx.warnings);
    }
    case 'update': {
      const ctx = requestContext(query, user, req);
      const body = decodeObject(await readBody(req), req.headers['content-type']);
      if (sub === 'scale') {
        const current = structuredClone(await store.get(desc, ns, info.name));
        const next = applyScale(desc, current, body);
        const updated = await store.update(desc, ns, info.name, next, ctx, { kind: 'main', subresource: 'scale' });
        return sendJson(res, 200, toScale(desc, updated), ctx.warnings);
      }
      const kind = statusLike ? 'status' : sub === 'finalize' ? 'finalize' : 'main';
      const updated = await store.update(desc, ns, info.name, body, ctx, sub ? { kind, subresource: sub } : { kind });
      return sendJson(res, 200, updated, ctx.warnings);
    }
    case 'patch': {
      const ctx = requestContext(query, user, req);
      const ct = mediaType(req.headers['content-type']);
      const type = patchTypeFromContentType(ct);
      // Custom resources have no strategic merge patch (upstream: no Go struct tags to merge by).
      const accepted = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml', ...(desc.custom ? [] : ['application/strategic-merge-patch+json'])];
      if (!type || (type === 'strategic' && desc.custom)) throw unsupportedMediaType(ct, accepted);
      if (type === 'apply' && !query.get('fieldManager')) throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
      const force = query.get('force');
      if (force !== null && !goBools.has(force)) throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(force)}: invalid syntax`);
      if (force && type !== 'apply') throw badRequest('force: Invalid value: "true": may not be specified for non-apply patch');
      const patch = decodeDocument(await readBody(req), ct);
      if (sub === 'finalize') throw methodNotAllowed('patch', { group: desc.group, resource: `${desc.plural}/finalize` });
      const { object, created } = await patchResource({ desc, store, namespace: ns, name: info.name, subresource: sub, statusLike, type, patch, ctx, force: force !== null && trueBools.has(force), clock: deps.clock });
      return sendJson(res, created ? 201 : 200, sub === 'scale' ? toScale(desc, object) : object, ctx.warnings);
    }
    case 'delete': {
      const opts = parseDeleteOptions(await readBody(req), query);
      const ctx = { ...requestContext(query, user, req), dryRun: opts.dryRun };
      const result = await store.delete(desc, ns, info.name, opts, ctx);
      if (desc.kind === 'Pod' || !result.deleted) return sendJson(res, result.deleted ? 200 : 202, result.object, ctx.warnings);
      const m = (result.object.metadata ?? {}) as Record<string, unknown>;
      const details: Record<string, unknown> = { name: info.name, kind: desc.plural, uid: m['uid'] };
      if (desc.group) details['group'] = desc.group;
      return sendJson(res, 200, successStatus(details), ctx.warnings);
    }
    case 'deletecollection': {
      const opts = parseDeleteOptions(await readBody(req), query);
      const ctx = { ...requestContext(query, user, req), dryRun: opts.dryRun };
      await store.start();
      const lo = parseListOptions(query);
      const match = objectPredicate(desc, lo.labelSelector, lo.fieldSelector);
      const victims = store.cache.list(store.prefix(ns)).filter((e) => match(e.object));
      const items: KubeObject[] = [];
      for (const v of victims) {
        const m = (v.object.metadata ?? {}) as Record<string, string>;
        try {
          items.push((await store.delete(desc, m['namespace'] ?? '', m['name'] ?? '', opts, ctx)).object);
        } catch (e: unknown) {
          if (!isNotFound(e)) throw e;
        }
      }
      return sendJson(res, 200, { kind: `${desc.kind}List`, apiVersion: gvString(desc), metadata: { resourceVersion: String(store.cache.resourceVersion) }, items });
    }
    default:
      throw methodNotAllowed(info.verb, { group: desc.group, resource: desc.plural });
  }
}

function sendObject(req: IncomingMessage, res: ServerResponse, desc: ResourceDescriptor, obj: KubeObject, query: URLSearchParams, clock: Clock, isScale: boolean): void {
  const r = rendering(req.headers.accept);
  if (r === 'table') {
    const d = isScale ? { ...desc, group: 'autoscaling', kind: 'Scale' } : desc;
    const rv = String((obj.metadata as Record<string, unknown> | undefined)?.['resourceVersion'] ?? '');
    return sendJson(res, 200, toTable(d, [obj], { include: parseIncludeObject(query), now: clock.now(), resourceVersion: rv }));
  }
  if (r === 'partial') return sendJson(res, 200, partialObjectMetadata(obj));
  return sendJson(res, 200, obj);
}

async function serveList(req: IncomingMessage, res: ServerResponse, desc: ResourceDescriptor, store: GenericStore, ns: string, opts: ListOptions, query: URLSearchParams, clock: Clock): Promise<void> {
  await store.start();
  if (opts.resourceVersion !== '' && opts.resourceVersion !== '0' && !opts.continueToken) {
    // upstream: a list at a revision the storage has not reached is a 504 the client retries.
    const current = await store.currentRevision();
    if (Number(opts.resourceVersion) > current) throw tooLargeResourceVersion(Number(opts.resourceVersion), current);
  }
  const match = objectPredicate(desc, opts.labelSelector, opts.fieldSelector);
  const prefix = store.prefix(ns);
  let objects: KubeObject[];
  let rv: number;
  let more = false;
  let lastKey = '';
  let remaining = 0;
  if (opts.continueToken || opts.resourceVersionMatch === 'Exact') {
    // Paging and exact reads need a consistent snapshot: read from the store at that revision.
    rv = opts.continueToken ? opts.continueToken.rv : Number(opts.resourceVersion);
    objects = [];
    let start = opts.continueToken?.start;
    const limit = opts.limit;
    for (;;) {
      const page = await store.listStored(prefix, { revision: rv, ...(start ? { startAfter: start } : {}), ...(limit ? { limit: limit * 2 } : {}) });
      for (const kv of page.kvs) {
        lastKey = kv.key;
        const o = store.decode(kv);
        if (match(o)) objects.push(o);
        if (limit && objects.length >= limit) break;
      }
      if (limit && objects.length >= limit) { more = page.more || page.kvs[page.kvs.length - 1]?.key !== lastKey; break; }
      if (!page.more) break;
      start = lastKey;
    }
  } else {
    // An object the cache could not decode (encrypted with a key this server lacks) fails the list, as upstream.
    const unreadable = store.cache.undecodable(prefix);
    if (unreadable) throw unreadable;
    rv = store.cache.resourceVersion;
    const all = store.cache.list(prefix);
    objects = [];
    for (let i = 0; i < all.length; i++) {
      const e = all[i]!;
      if (!match(e.object)) continue;
      if (opts.limit && objects.length >= opts.limit) { more = true; remaining = all.length - i; break; }
      objects.push(e.object);
      lastKey = e.key;
    }
  }
  const served = await store.fromStorageAll(desc, objects);
  const cont = more ? encodeContinue({ rv, start: lastKey }) : undefined;
  const r = rendering(req.headers.accept);
  if (r === 'table') {
    return sendJson(res, 200, toTable(desc, served, { include: parseIncludeObject(query), now: clock.now(), resourceVersion: String(rv), ...(cont ? { continueToken: cont } : {}) }));
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (cont) { metadata['continue'] = cont; if (remaining) metadata['remainingItemCount'] = remaining; }
  if (r === 'partial') {
    return sendJson(res, 200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata, items: served.map(partialObjectMetadata) });
  }
  // Items come from the watch cache (frozen): splice their memoized JSON instead of re-serialising.
  const head = JSON.stringify({ kind: `${desc.kind}List`, apiVersion: gvString(desc), metadata });
  sendRaw(res, 200, `${head.slice(0, -1)},"items":[${served.map(jsonOf).join(',')}]}`);
}

/** upstream NewTooLargeResourceVersionError: 504 Timeout, retry after a second. */
function tooLargeResourceVersion(asked: number, current: number): ApiError {
  return new ApiError(504, 'Timeout', `Too large resource version: ${asked}, current: ${current}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
}
