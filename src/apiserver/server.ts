// The API server: routes non-resource paths (version, health, discovery, openapi) and hands resource
// requests to the generic handler. One GenericStore per stored resource, created lazily.
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  badRequest, lookupResource, notFoundPath, resources, unauthorized, forbidden,
  type KubeObject, type NodeStatsRegistry, type NodeStreamsRegistry, type ResourceDescriptor,
} from '../api/index.js';
import type { Store } from '../storage/index.js';
import { realClock, rejectUpgrade, silentLogger, type Clock, type Logger, errorMessage } from '../util/index.js';
import { parseRequestInfo } from './http/request-info.js';
import { sendError, sendJson, sendText, toApiError } from './http/respond.js';
import { wantsAggregatedDiscovery } from './http/negotiate.js';
import { GenericStore } from './registry/generic-store.js';
import { objectKey } from './registry/keys.js';
import { handleResource, type ResourceHandlerDeps } from './handlers/resource.js';
import { defaultSubresources } from './handlers/subresources.js';
import { servePodStreamUpgrade, servePortForwardUpgrade } from './handlers/pod-streams.js';
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions } from './handlers/discovery.js';
import { serveOpenApi } from './handlers/openapi.js';
import { versionInfo } from './handlers/version.js';
import { allowAll, type Authenticator, type Authorizer } from './auth/authn.js';
import type { ServiceAccountTokens } from './auth/service-account-token.js';
import { namespaceLifecycle, systemNamespaces } from './admission/namespace-lifecycle.js';
import { serviceIpAllocator } from './admission/service-ip.js';
import { serviceAccountAdmission } from './admission/service-account.js';
import { serviceNodePortAllocator } from './admission/service-node-port.js';
import { chainAdmission } from './admission/chain.js';
import { defaultTolerationSecondsAdmission } from './admission/default-toleration-seconds.js';
import { defaultStorageClass, persistentVolumeClaimResize, storageObjectInUseProtection } from './admission/storage.js';
import { internalContext, type UserInfo } from './registry/context.js';

export interface ApiServerOptions {
  store: Store;
  authenticator: Authenticator;
  authorizer?: Authorizer;
  clock?: Clock;
  logger?: Logger;
  /** Signs TokenRequests (serviceaccounts/{name}/token). */
  serviceAccountTokens?: ServiceAccountTokens;
  /** The nodes' log/exec/attach streams, by node name. */
  nodeStreams?: NodeStreamsRegistry;
  /** The nodes' stats (nodes/{name}/proxy/stats/summary and /metrics/resource), by node name. */
  nodeStats?: NodeStatsRegistry;
}

/** Revisions of history kept by periodic compaction (watch resumption window). */
const compactionRetain = 10_000;

const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version']);

export class ApiServer implements AsyncDisposable {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #authn: Authenticator;
  readonly #authz: Authorizer;
  readonly #stores = new Map<string, GenericStore>();
  readonly #deps: ResourceHandlerDeps;
  readonly #nodeStreams: NodeStreamsRegistry | undefined;
  #ready = false;
  #closed = false;
  #compaction: Disposable | undefined;
  #https: Server | undefined;

  constructor(options: ApiServerOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? realClock;
    this.#logger = options.logger ?? silentLogger;
    this.#authn = options.authenticator;
    this.#authz = options.authorizer ?? allowAll;
    this.#nodeStreams = options.nodeStreams;
    this.#deps = {
      clock: this.#clock,
      storeFor: (d) => this.storeFor(d),
      lookup: lookupResource,
      subresources: defaultSubresources({ tokens: options.serviceAccountTokens, nodeStreams: options.nodeStreams, nodeStats: options.nodeStats }),
    };
  }

  /** The GenericStore serving desc's stored resource (shared by all versions of it). */
  storeFor(desc: ResourceDescriptor): GenericStore {
    const s = desc.storage;
    const id = `${s.group}/${s.plural}`;
    let gs = this.#stores.get(id);
    if (!gs) {
      const storageDesc = resources.find((r) => r.group === s.group && r.version === s.version && r.plural === s.plural) ?? desc;
      gs = new GenericStore({ store: this.#store, storage: storageDesc, clock: this.#clock, admission: this.#admission });
      this.#stores.set(id, gs);
    }
    return gs;
  }

  readonly #storageClasses = { list: () => this.storeFor(lookupResource('storage.k8s.io', 'v1', 'storageclasses')!).cache.list().map((e) => e.object) };

  readonly #services = { list: () => this.storeFor(lookupResource('', 'v1', 'services')!).cache.list().map((e) => e.object) };

  readonly #admission = chainAdmission([
    namespaceLifecycle({
      get: (name) => this.storeFor(lookupResource('', 'v1', 'namespaces')!).cache.get(objectKey('', 'namespaces', '', name))?.object,
    }),
    serviceAccountAdmission({
      get: (ns, name) => this.storeFor(lookupResource('', 'v1', 'serviceaccounts')!).cache.get(objectKey('', 'serviceaccounts', ns, name))?.object,
    }),
    serviceIpAllocator(this.#services),
    serviceNodePortAllocator(this.#services),
    defaultStorageClass(this.#storageClasses),
    storageObjectInUseProtection,
    persistentVolumeClaimResize(this.#storageClasses),
    defaultTolerationSecondsAdmission,
  ]);

  /** Starts the watch caches and creates the system namespaces. */
  async start(): Promise<void> {
    const nsDesc = lookupResource('', 'v1', 'namespaces')!;
    const nsStore = this.storeFor(nsDesc);
    await nsStore.start();
    for (const name of systemNamespaces) {
      if (nsStore.cache.get(objectKey('', 'namespaces', '', name))) continue;
      const obj: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
      try {
        await nsStore.create(nsDesc, '', obj, internalContext('skiff-apiserver'));
      } catch (e: unknown) {
        if (toApiError(e).reason !== 'AlreadyExists') throw e;
      }
    }
    await Promise.all(resources.filter((r) => r.persisted).map((r) => this.storeFor(r).start()));
    this.#ready = true;
    this.#scheduleCompaction();
  }

  /** Like kube-apiserver's 5-minute etcd compaction: keep the last `compactionRetain` revisions of history. */
  #scheduleCompaction(): void {
    this.#compaction = this.#clock.setTimeout(() => {
      void (async () => {
        try {
          const rev = await this.#store.currentRevision();
          if (rev > compactionRetain) await this.#store.compact(rev - compactionRetain);
        } catch (e: unknown) {
          this.#logger.warn('compaction failed', { error: errorMessage(e) });
        }
        if (!this.#closed) this.#scheduleCompaction();
      })();
    }, 5 * 60_000);
  }

  get isReady(): boolean {
    return this.#ready;
  }

  /** The node:http request listener. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.#handle(req, res).catch((e: unknown) => {
      const err = toApiError(e);
      if (err.code >= 500) this.#logger.error('request failed', { method: req.method, url: req.url, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      sendError(res, err);
    });
  };

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (publicPaths.has(path)) return this.#servePublic(path, res);
    const user = this.#authn.authenticate(req);
    if (!user) throw unauthorized();
    if (!this.#authz.authorize(user, req.method ?? 'GET', path)) throw forbidden({ group: '', resource: '' }, '', `User "${user.name}" cannot ${req.method ?? ''} path "${path}"`);
    const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
    if (info.isResource) return handleResource(req, res, info, url.searchParams, user, this.#deps);
    return this.#serveNonResource(req, res, info.parts, url);
  }

  /** The node:http 'upgrade' listener: exec and attach over WebSocket (kubectl's SPDY fallback gets an error). */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    this.#upgrade(req, socket, head).catch((e: unknown) => {
      const err = toApiError(e);
      if (err.code >= 500) this.#logger.error('upgrade request failed', { url: req.url, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      rejectUpgrade(socket, err.code, JSON.stringify(err.toStatus()));
    });
  };

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const user = this.#authn.authenticate(req);
    if (!user) throw unauthorized();
    if (!this.#authz.authorize(user, req.method ?? 'GET', path)) throw forbidden({ group: '', resource: '' }, '', `User "${user.name}" cannot ${req.method ?? ''} path "${path}"`);
    const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
    const kind = info.isResource && info.group === '' && info.resource === 'pods' ? info.subresource : '';
    if (!info.isResource || (kind !== 'exec' && kind !== 'attach' && kind !== 'portforward')) throw badRequest(`upgrade requests are served only for pods/exec, pods/attach and pods/portforward, not ${path}`);
    const desc = lookupResource('', info.version, 'pods');
    if (!desc) throw notFoundPath();
    const pod = await this.storeFor(desc).get(desc, info.namespace, info.name);
    if (kind === 'portforward') return servePortForwardUpgrade({ req, socket, head, pod, namespace: info.namespace, name: info.name, registry: this.#nodeStreams });
    await servePodStreamUpgrade({ req, socket, head, pod, namespace: info.namespace, name: info.name, kind, query: url.searchParams, registry: this.#nodeStreams });
  }

  #servePublic(path: string, res: ServerResponse): void {
    if (path === '/version') return sendJson(res, 200, versionInfo());
    if (path === '/readyz' && !this.#ready) return sendText(res, 500, '[-]poststarthook/skiff-ready failed: not finished\nreadyz check failed');
    sendText(res, 200, 'ok');
  }

  async #serveNonResource(req: IncomingMessage, res: ServerResponse, parts: readonly string[], url: URL): Promise<void> {
    const accept = req.headers.accept;
    const [a, b, c] = parts;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw notFoundPath();
    if (a === 'api' && parts.length === 1) {
      const agg = wantsAggregatedDiscovery(accept);
      if (agg) return sendAggregated(res, aggregatedDiscovery('api', agg), agg);
      return sendJson(res, 200, apiVersions());
    }
    if (a === 'api' && parts.length === 2) {
      const list = apiResourceList('', b!);
      if (!list) throw notFoundPath();
      return sendJson(res, 200, list);
    }
    if (a === 'apis' && parts.length === 1) {
      const agg = wantsAggregatedDiscovery(accept);
      if (agg) return sendAggregated(res, aggregatedDiscovery('apis', agg), agg);
      return sendJson(res, 200, apiGroupList());
    }
    if (a === 'apis' && parts.length === 2) {
      const g = apiGroupDoc(b!);
      if (!g) throw notFoundPath();
      return sendJson(res, 200, g);
    }
    if (a === 'apis' && parts.length === 3) {
      const list = apiResourceList(b!, c!);
      if (!list) throw notFoundPath();
      return sendJson(res, 200, list);
    }
    if (a === 'openapi') return serveOpenApi(req, res, parts, url);
    throw notFoundPath();
  }

  /** Serves HTTPS on host:port (0 = any free port). Resolves with the bound port. */
  async listen(options: { host: string; port: number; cert: string; key: string; ca: string }): Promise<number> {
    const server = createHttpsServer({ cert: options.cert, key: options.key, ca: options.ca, requestCert: true, rejectUnauthorized: false }, this.handle);
    server.on('upgrade', this.handleUpgrade);
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 70_000;
    this.#https = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => { server.off('error', reject); resolve(); });
    });
    return (server.address() as AddressInfo).port;
  }

  get httpsServer(): Server | undefined {
    return this.#https;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#closed = true;
    this.#compaction?.[Symbol.dispose]();
    const s = this.#https;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    for (const gs of this.#stores.values()) await gs[Symbol.asyncDispose]();
  }
}

function sendAggregated(res: ServerResponse, body: unknown, version: 'v2' | 'v2beta1'): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Cache-Control': 'no-cache, private', 'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`, 'Content-Length': String(Buffer.byteLength(text)), Vary: 'Accept' });
  res.end(text);
}
