// The API server: routes non-resource paths (version, health, discovery, openapi) and hands resource
// requests to the generic handler. One GenericStore per stored resource, created lazily.
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  admissionregistration, apiextensions, apiregistration, badRequest, groupVersions, isApiError, lookupKind, lookupResource, notFoundPath, rbac, resources, unauthorized, forbidden, validateProviders,
  type ApiGroupProvider, type KubeObject, type NodeCustomMetricsRegistry, type NodeStatsRegistry, type NodeStreamsRegistry, type ResourceDescriptor,
} from '../api/index.js';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Store } from '../storage/index.js';
import { realClock, rejectUpgrade, silentLogger, type Clock, type Logger, errorMessage } from '../util/index.js';
import { parseRequestInfo, parseRequestTarget, type RequestInfo } from './http/request-info.js';
import { sendError, sendJson, sendText, toApiError } from './http/respond.js';
import { answerClientError, answerConnect } from './http/client-error.js';
import { wantsAggregatedDiscovery } from './http/negotiate.js';
import { GenericStore } from './registry/generic-store.js';
import { objectKey } from './registry/keys.js';
import { handleResource, type ResourceHandlerDeps } from './handlers/resource.js';
import { defaultSubresources } from './handlers/subresources.js';
import { servePodStreamUpgrade, servePortForwardUpgrade } from './handlers/pod-streams.js';
import { apiResourceList, apiVersions, registryGroupVersions } from './handlers/discovery.js';
import { localOpenApi, serveOpenApi, type OpenApiSources } from './handlers/openapi.js';
import { Aggregator } from './aggregator/aggregator.js';
import { aggregatedDiscoveryList, legacyGroup, legacyGroupList, type ServedGroupVersion } from './aggregator/discovery-merge.js';
import { providerGroupVersion, providerOpenApiResources, providerResourceList, serveProvided } from './aggregator/provided.js';
import type { ProxyClientCertificate } from './aggregator/proxy.js';
import { OpenApiV2Cache } from './openapi/index.js';
import { versionInfo } from './handlers/version.js';
import { bearerToken, type Authenticator } from './auth/authn.js';
import { allowAll, attributesOf, forbiddenError, privilegedGroupsAuthorizer, unionAuthorizer, type Authorizer } from './auth/authorizer.js';
import { RbacAuthorizer, type CachedObjects } from './auth/rbac-authorizer.js';
import { NodeAuthorizer } from './auth/node-authorizer.js';
import { raiseWritableHighWaterMark } from './http/socket-buffers.js';
import { CustomResources } from './crd/custom-resources.js';
import { CachedNodeGraph } from './auth/node-graph.js';
import { nodeRestriction } from './admission/node-restriction.js';
import { bootstrapRbac } from './auth/rbac-bootstrap.js';
import { apiAudiences, serviceAccountUser, type ServiceAccountTokens, type TokenObjects } from './auth/service-account-token.js';
import { impersonate, wantsImpersonation } from './auth/impersonation.js';
import type { ReviewSources } from './handlers/reviews.js';
import { namespaceLifecycle, systemNamespaces } from './admission/namespace-lifecycle.js';
import { serviceIpAllocator } from './admission/service-ip.js';
import { StoreRangeReservations } from './admission/range-reservations.js';
import { serviceAccountAdmission } from './admission/service-account.js';
import { serviceNodePortAllocator } from './admission/service-node-port.js';
import { chainAdmission } from './admission/chain.js';
import { validatingAdmissionPolicy } from './admission/validating-admission-policy.js';
import { defaultTolerationSecondsAdmission } from './admission/default-toleration-seconds.js';
import { defaultStorageClass, persistentVolumeClaimResize, storageObjectInUseProtection } from './admission/storage.js';
import { singleDefaultSnapshotClass } from './admission/snapshot.js';
import { policyPlugins } from './admission/policy-plugins.js';
import { rbacEscalationAdmission } from './admission/rbac-escalation.js';
import { certificateApprovalAdmission, certificateSigningAdmission, certificateSubjectRestrictionAdmission } from './admission/certificates.js';
import { webhookAdmission } from './admission/webhook/webhook-admission.js';
import { postReview, resolveEndpoint } from './webhook/transport.js';
import { conversionWebhookCaller } from './crd/conversion-webhook.js';
import { internalContext, type UserInfo } from './registry/context.js';
import type { EncryptionConfig } from './encryption/index.js';
import { auditAuthorizationDecision, auditRecordOf, auditUser, type Auditor } from './audit/index.js';
import { MaxInFlightLimiter, sendTooManyRequests, type InFlightLimits } from './overload/max-in-flight.js';

export interface ApiServerOptions {
  store: Store;
  authenticator: Authenticator;
  /**
   * GET /skiff/v1/server-bootstrap for servers joining this one's managed etcd (k3s's /v1-k3s/server-bootstrap):
   * answered only to a bearer of the cluster's node token, with the sealed bootstrap data and etcd's client URLs.
   */
  serverBootstrap?: { nodeToken: string; payload(): Promise<object> };
  /**
   * upstream --authorization-mode: Node,RBAC (the default: the node authorizer, then RBAC), RBAC, or AlwaysAllow.
   * Members of system:masters are always allowed.
   */
  authorization?: 'Node,RBAC' | 'RBAC' | 'AlwaysAllow';
  clock?: Clock;
  logger?: Logger;
  /** Signs TokenRequests (serviceaccounts/{name}/token). */
  serviceAccountTokens?: ServiceAccountTokens;
  /** The nodes' log/exec/attach streams, by node name. */
  nodeStreams?: NodeStreamsRegistry;
  /**
   * Group-versions served from code (api/provider): routed, listed in discovery and OpenAPI, and given a
   * Local APIService by the autoregister controller. Checked at construction (TypeError on a clash).
   */
  apiProviders?: readonly ApiGroupProvider[];
  /** The front-proxy client certificate the aggregator presents to extension API servers. */
  frontProxyClient?: ProxyClientCertificate;
  /** The nodes' stats (nodes/{name}/proxy/stats/summary and /metrics/resource), by node name. */
  nodeStats?: NodeStatsRegistry;
  /** The pods' metrics the nodes scraped (nodes/{name}/proxy/stats/custom), by node name. */
  nodeCustomMetrics?: NodeCustomMetricsRegistry;
  /** --encryption-provider-config: how the stored values of the resources it lists are encrypted. */
  encryption?: EncryptionConfig;
  /** --audit-policy-file with --audit-log-path: the audit of every request; none when absent. */
  auditor?: Auditor;
  /** --max-requests-inflight and --max-mutating-requests-inflight; no limits when absent. */
  inFlight?: InFlightLimits;
}

/** Revisions of history kept by periodic compaction (watch resumption window). */
const compactionRetain = 10_000;

/** Go's http.DefaultMaxHeaderBytes, which kube-apiserver keeps. */
const maxHeaderBytes = 1 << 20;

const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version']);
export const serverBootstrapPath = '/skiff/v1/server-bootstrap';

export class ApiServer implements AsyncDisposable {
  readonly #store: Store;
  readonly #serverBootstrap: ApiServerOptions['serverBootstrap'];
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #authn: Authenticator;
  readonly #saTokens: ServiceAccountTokens | undefined;
  readonly #authz: Authorizer;
  #rbac: RbacAuthorizer | undefined;
  readonly #stores = new Map<string, GenericStore>();
  readonly #deps: ResourceHandlerDeps;
  readonly #nodeStreams: NodeStreamsRegistry | undefined;
  readonly #providers = new Map<string, ApiGroupProvider>();
  readonly #aggregator: Aggregator;
  readonly #openApi: OpenApiSources;
  readonly #encryption: EncryptionConfig | undefined;
  readonly #auditor: Auditor | undefined;
  readonly #inFlight: MaxInFlightLimiter | undefined;
  #ready = false;
  #closed = false;
  #compaction: Disposable | undefined;
  #https: Server | undefined;

  constructor(options: ApiServerOptions) {
    this.#store = options.store;
    this.#serverBootstrap = options.serverBootstrap;
    this.#clock = options.clock ?? realClock;
    this.#logger = options.logger ?? silentLogger;
    this.#authn = options.authenticator;
    this.#saTokens = options.serviceAccountTokens;
    const mode = options.authorization ?? 'Node,RBAC';
    this.#authz = mode === 'AlwaysAllow' ? allowAll : unionAuthorizer([privilegedGroupsAuthorizer, ...(mode === 'Node,RBAC' ? [new NodeAuthorizer(this.#nodeGraph())] : []), this.rbacAuthorizer()]);
    this.#nodeStreams = options.nodeStreams;
    this.#encryption = options.encryption;
    this.#auditor = options.auditor;
    this.#inFlight = options.inFlight ? new MaxInFlightLimiter(options.inFlight) : undefined;
    this.#deps = {
      clock: this.#clock,
      storeFor: (d) => this.storeFor(d),
      lookup: (group, version, plural) => lookupResource(group, version, plural) ?? this.#customResources.lookup(group, version, plural),
      subresources: defaultSubresources({ reviews: this.#reviewSources(options.authorization === 'AlwaysAllow'), tokens: options.serviceAccountTokens, nodeStreams: options.nodeStreams, nodeStats: options.nodeStats, nodeCustomMetrics: options.nodeCustomMetrics }),
    };
    const providers = options.apiProviders ?? [];
    validateProviders(providers, registryGroupVersionSet);
    for (const p of providers) this.#providers.set(`${p.group}/${p.version}`, p);
    this.#aggregator = new Aggregator({
      lookups: this.#aggregatorLookups,
      servesLocally: (group, version) => registryGroupVersionSet.has(`${group}/${version}`) || this.#activeProvider(group, version) !== undefined || this.#customResources.serves(group, version),
      clientCertificate: options.frontProxyClient,
      clock: this.#clock,
      logger: this.#logger,
    });
    this.#openApi = {
      local: localOpenApi({
        resources: providers.flatMap(providerOpenApiResources),
        schemas: Object.assign({}, ...providers.map((p) => p.schemas ?? {})) as Parameters<typeof localOpenApi>[0]['schemas'],
      }, () => this.#customResources.openApi()),
      remotePaths: () => this.#aggregator.openApiPaths(),
      remoteV2: () => this.#aggregator.openApiV2Specs(),
      v2: new OpenApiV2Cache({ now: () => this.#clock.now() }),
      remoteFor: (group, version) => this.#aggregator.remoteFor(group, version),
      proxy: (req, res, svc, user) => this.#aggregator.proxy(req, res, svc, user, req.url ?? '/'),
    };
  }

  /**
   * The provider serving group/version, unless the user pointed its APIService at a Service (an extension server
   * such as a real metrics-server takes the group over, as upstream's aggregator routes by APIService).
   */
  #activeProvider(group: string, version: string): ApiGroupProvider | undefined {
    const p = this.#providers.get(`${group}/${version}`);
    if (!p) return undefined;
    const name = apiregistration.apiServiceNameOf(group, version);
    const svc = this.#aggregatorLookups.apiServices().find((a) => a.metadata?.name === name);
    return svc && !apiregistration.isLocalApiService(svc) ? undefined : p;
  }

  #activeProviders(): ApiGroupProvider[] {
    return [...this.#providers.values()].filter((p) => this.#activeProvider(p.group, p.version) === p);
  }

  /**
   * Every group-version served here (the registry and the API group providers) with its APIService
   * priority: the Local APIServices the composition root has the registration controller keep.
   */
  localGroupVersions(): { group: string; version: string; groupPriorityMinimum: number; versionPriority: number }[] {
    return [...registryGroupVersions(), ...[...this.#providers.values()].map(providerGroupVersion)].map((gv) => ({ group: gv.group, version: gv.version, ...gv.priority }));
  }

  readonly #aggregatorLookups = {
    apiServices: (): apiregistration.APIService[] => this.storeFor(lookupResource('apiregistration.k8s.io', 'v1', 'apiservices')!).cache.list().map((e) => e.object as apiregistration.APIService),
    service: (namespace: string, name: string): Service | undefined => this.#cachedCore('services', namespace, name) as Service | undefined,
    endpointSlices: (namespace: string): EndpointSlice[] => {
      const st = this.storeFor(lookupResource('discovery.k8s.io', 'v1', 'endpointslices')!);
      return st.cache.list(st.prefix(namespace)).map((e) => e.object as unknown as EndpointSlice);
    },
  };

  /** Everything discovery lists: the registry, the providers, custom resources and the available extension servers. */
  async #servedGroupVersions(): Promise<ServedGroupVersion[]> {
    return [...registryGroupVersions(), ...this.#activeProviders().map(providerGroupVersion), ...this.#customResources.groupVersions(), ...await this.#aggregator.discovery()];
  }

  /** The custom resources of the established CustomResourceDefinitions (from the CRD watch cache). */
  readonly #customResources = new CustomResources(this.#cachedObjects('apiextensions.k8s.io', 'customresourcedefinitions'), apiextensions.structuralSchemaRules);

  /** One v1 resource's watch cache as the authorizers and the CRD registry read it (the store found on first use). */
  #cachedObjects(group: string, plural: string): CachedObjects {
    let gs: GenericStore | undefined;
    const store = (): GenericStore => (gs ??= this.storeFor(lookupResource(group, 'v1', plural)!));
    return { get resourceVersion() { return store().cache.resourceVersion; }, list: () => store().cache.list().map((e) => e.object) };
  }

  /** The GenericStore serving desc's stored resource (shared by all versions of it). */
  /** The RBAC authorizer over this server's caches of roles and bindings (also used by the access reviews). */
  rbacAuthorizer(): RbacAuthorizer {
    if (this.#rbac) return this.#rbac;
    const cached = (plural: string): CachedObjects => this.#cachedObjects('rbac.authorization.k8s.io', plural);
    this.#rbac = new RbacAuthorizer({ roles: cached('roles'), clusterRoles: cached('clusterroles'), roleBindings: cached('rolebindings'), clusterRoleBindings: cached('clusterrolebindings') });
    return this.#rbac;
  }

  /** A core/v1 object from this server's watch cache (undefined when absent or not yet cached). */
  #cachedCore(plural: string, namespace: string, name: string): KubeObject | undefined {
    return this.storeFor(lookupResource('', 'v1', plural)!).cache.get(objectKey('', plural, namespace, name))?.object;
  }

  /** What the node authorizer reads: pods by node, claims and volumes, from the watch caches. */
  #nodeGraph(): CachedNodeGraph {
    return new CachedNodeGraph({
      pods: this.#cachedObjects('', 'pods'),
      claim: (ns, name) => this.#cachedCore('persistentvolumeclaims', ns, name),
      volume: (name) => this.#cachedCore('persistentvolumes', '', name),
    });
  }

  storeFor(desc: ResourceDescriptor): GenericStore {
    const s = desc.storage;
    const id = `${s.group}/${s.plural}`;
    let gs = this.#stores.get(id);
    if (!gs) {
      const storageDesc = resources.find((r) => r.group === s.group && r.version === s.version && r.plural === s.plural) ?? this.#customResources.lookup(s.group, s.version, s.plural) ?? desc;
      const transformer = this.#encryption?.transformerFor(s.group, s.plural);
      gs = new GenericStore({ store: this.#store, storage: storageDesc, clock: this.#clock, admission: this.#admission, conversionWebhook: conversionWebhookCaller(this.#aggregatorLookups), ...(transformer ? { transformer } : {}) });
      this.#stores.set(id, gs);
    }
    return gs;
  }

  readonly #storageClasses = { list: () => this.storeFor(lookupResource('storage.k8s.io', 'v1', 'storageclasses')!).cache.list().map((e) => e.object) };

  readonly #snapshotClasses = { list: () => this.storeFor(lookupResource('snapshot.storage.k8s.io', 'v1', 'volumesnapshotclasses')!).cache.list().map((e) => e.object) };

  readonly #services = { list: () => this.storeFor(lookupResource('', 'v1', 'services')!).cache.list().map((e) => e.object) };

  readonly #policy = policyPlugins((d) => this.storeFor(d), { nowMs: () => this.#clock.nowMs() });

  // Upstream order: LimitRanger mutates early; PodSecurity validates the final object; ResourceQuota comes last.
  readonly #admission = chainAdmission([
    namespaceLifecycle({
      get: (name) => this.#cachedCore('namespaces', '', name),
    }),
    this.#policy.limitRanger,
    serviceAccountAdmission({
      get: (ns, name) => this.#cachedCore('serviceaccounts', ns, name),
    }),
    // Shared through the datastore: servers on one datastore never hand out a ClusterIP or NodePort twice.
    serviceIpAllocator(this.#services, new StoreRangeReservations(() => this.#store, '/skiff/ranges/serviceips')),
    serviceNodePortAllocator(this.#services, Math.random, new StoreRangeReservations(() => this.#store, '/skiff/ranges/nodeports')),
    defaultStorageClass(this.#storageClasses),
    storageObjectInUseProtection,
    persistentVolumeClaimResize(this.#storageClasses),
    singleDefaultSnapshotClass(this.#snapshotClasses),
    defaultTolerationSecondsAdmission,
    nodeRestriction,
    this.#policy.podSecurity,
    rbacEscalationAdmission({ authorizer: { authorize: (a) => this.#authz.authorize(a) }, objects: () => this.rbacAuthorizer().objects() }),
    certificateApprovalAdmission({ authorize: (a) => this.#authz.authorize(a) }),
    certificateSigningAdmission({ authorize: (a) => this.#authz.authorize(a) }),
    certificateSubjectRestrictionAdmission,
    // Upstream's order: ValidatingAdmissionPolicy, then the admission webhooks (MutatingAdmissionWebhook's mutate
    // phase runs before validation; ValidatingAdmissionWebhook here), then ResourceQuota.
    validatingAdmissionPolicy({
      policies: this.#cachedObjects('admissionregistration.k8s.io', 'validatingadmissionpolicies'),
      bindings: this.#cachedObjects('admissionregistration.k8s.io', 'validatingadmissionpolicybindings'),
      namespace: (name) => this.#cachedCore('namespaces', '', name),
      params: (kind) => this.#paramStore(kind),
      equivalents: (desc) => this.#equivalentResources(desc),
    }),
    webhookAdmission({
      mutatingConfigurations: this.#cachedObjects('admissionregistration.k8s.io', 'mutatingwebhookconfigurations'),
      validatingConfigurations: this.#cachedObjects('admissionregistration.k8s.io', 'validatingwebhookconfigurations'),
      namespaceLabels: (name) => {
        const ns = this.#cachedCore('namespaces', '', name);
        return ns ? ((ns.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {}) : undefined;
      },
      equivalents: (desc) => this.#equivalentResources(desc),
      transport: (hook, review) => {
        const timeoutSeconds = hook.timeoutSeconds ?? 10;
        return postReview(resolveEndpoint(hook.clientConfig, this.#aggregatorLookups, timeoutSeconds), review, { timeoutMs: timeoutSeconds * 1000 });
      },
    }),
    this.#policy.resourceQuota,
  ]);

  /** The served resources stored as desc's resource (matchPolicy Equivalent): built-in kinds and custom resources. */
  #equivalentResources(desc: ResourceDescriptor): ResourceDescriptor[] {
    return [...resources, ...this.#customResources.descriptors()].filter((d) => d.storage.group === desc.storage.group && d.storage.plural === desc.storage.plural);
  }

  /** A paramKind's objects from its watch cache, in the paramKind's version (built-in kinds and custom resources). */
  #paramStore(kind: { apiVersion?: string; kind?: string }): admissionregistration.ParamStore | undefined {
    const apiVersion = kind.apiVersion ?? '';
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const desc = lookupKind(group, version, kind.kind ?? '') ?? this.#customResources.lookupKind(group, version, kind.kind ?? '');
    if (desc === undefined) return undefined;
    const gs = this.storeFor(desc);
    return {
      namespaced: desc.namespaced,
      get: (namespace, name) => {
        const e = gs.cache.get(gs.key(namespace, name));
        return e === undefined ? undefined : gs.fromStorageLocal(desc, e.object);
      },
      list: (namespace) => gs.cache.list(gs.prefix(namespace)).map((e) => gs.fromStorageLocal(desc, e.object)),
    };
  }

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
    await bootstrapRbac((d) => this.storeFor(d), this.#logger);
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
      // A thrown error that is not an API error is a bug: upstream's panic, audited as the Panic stage.
      if (!isApiError(e)) auditRecordOf(res)?.recordPanic(errorMessage(e));
      const err = toApiError(e);
      if (err.code >= 500) this.#logger.error('request failed', { method: req.method, url: req.url, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      sendError(res, err);
    });
  };

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Go's net/http: an HTTP/1.1 request must name its Host.
    if (req.httpVersion === '1.1' && req.headers.host === undefined) throw badRequest('missing required Host header');
    const url = parseRequestTarget(req.url ?? '/');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = req.method ?? 'GET';
    const info = parseRequestInfo(method, path, url.searchParams);
    if (publicPaths.has(path)) {
      this.#auditor?.begin(req, res, { user: undefined, info, method });
      return this.#servePublic(path, res);
    }
    if (path === serverBootstrapPath && this.#serverBootstrap) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (method !== 'GET' || bearer !== this.#serverBootstrap.nodeToken) return sendJson(res, 401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
      return sendJson(res, 200, await this.#serverBootstrap.payload());
    }
    const authenticated = await this.#authenticateRequest(req);
    if (!authenticated) {
      this.#auditor?.unauthenticated(req, res, { info, method });
      throw unauthorized();
    }
    this.#auditor?.begin(req, res, { user: authenticated, info, method });
    const slot = this.#inFlight?.admit(info, method, authenticated);
    if (slot && !slot.admitted) return sendTooManyRequests(res);
    if (slot) res.once('close', slot.release);
    const user = this.#impersonate(req, authenticated);
    this.#authorize(req, user, info, method);
    if (info.isResource) {
      const provider = info.group === '' ? undefined : this.#activeProvider(info.group, info.version);
      if (provider) return serveProvided(provider, { req, res, info, query: url.searchParams, user, clock: this.#clock });
      const remote = this.#aggregator.remoteFor(info.group, info.version);
      if (remote) return this.#aggregator.proxy(req, res, remote, user, req.url ?? path);
      return handleResource(req, res, info, url.searchParams, user, this.#deps);
    }
    const [a, b, c] = info.parts;
    if (a === 'apis' && info.parts.length === 3) {
      const remote = this.#aggregator.remoteFor(b!, c!);
      if (remote) return this.#aggregator.proxy(req, res, remote, user, req.url ?? path);
    }
    return this.#serveNonResource(req, res, info.parts, url, user);
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
    const url = parseRequestTarget(req.url ?? '/');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const authenticated = await this.#authenticateRequest(req);
    if (!authenticated) throw unauthorized();
    const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
    this.#auditor?.beginUpgrade(req, socket, { user: authenticated, info, method: req.method ?? 'GET' });
    const user = this.#impersonate(req, authenticated);
    this.#authorize(req, user, info, req.method ?? 'GET');
    const remote = info.isResource ? this.#aggregator.remoteFor(info.group, info.version) : undefined;
    if (remote && info.isResource) throw badRequest(`upgrade requests are not proxied to aggregated API servers: ${info.group}/${info.version} is served by service ${remote.spec?.service?.namespace ?? ''}/${remote.spec?.service?.name ?? ''}`);
    const kind = info.isResource && info.group === '' && info.resource === 'pods' ? info.subresource : '';
    if (!info.isResource || (kind !== 'exec' && kind !== 'attach' && kind !== 'portforward')) throw badRequest(`upgrade requests are served only for pods/exec, pods/attach and pods/portforward, not ${path}`);
    const desc = lookupResource('', info.version, 'pods');
    if (!desc) throw notFoundPath();
    const pod = await this.storeFor(desc).get(desc, info.namespace, info.name);
    if (kind === 'portforward') return servePortForwardUpgrade({ req, socket, head, pod, namespace: info.namespace, name: info.name, registry: this.#nodeStreams });
    await servePodStreamUpgrade({ req, socket, head, pod, namespace: info.namespace, name: info.name, kind, query: url.searchParams, registry: this.#nodeStreams });
  }

  /** Who the request is from: client certificates and static tokens first, then service account tokens. */
  async #authenticateRequest(req: IncomingMessage): Promise<UserInfo | undefined> {
    const user = this.#authn.authenticate(req);
    if (user) return user;
    const token = bearerToken(req);
    const sa = token === undefined ? undefined : await this.#serviceAccount(token, apiAudiences);
    return sa && !('error' in sa) ? sa.user : undefined;
  }

  /** Who the request acts as (Impersonate-* headers, each checked with the impersonate verb). */
  #impersonate(req: IncomingMessage, user: UserInfo): UserInfo {
    if (!wantsImpersonation(req.headers)) return user;
    const as = impersonate(user, req.headers, this.#authz);
    if (as !== user) auditRecordOf(req)?.recordImpersonatedUser(auditUser(as));
    return as;
  }

  readonly #tokenObjects: TokenObjects = {
    get: async (plural, namespace, name) => this.#cachedCore(plural, namespace, name) ?? await this.storeFor(lookupResource('', 'v1', plural)!).getStored(namespace, name),
  };

  /** A service account token's user, for the audiences asked, or why it is not one (TokenReview shows it). */
  async #serviceAccount(token: string, audiences: readonly string[]): Promise<{ user: UserInfo; audiences: readonly string[] } | { error: string } | undefined> {
    const claims = this.#saTokens?.verify(token, this.#clock.now(), audiences);
    if (!claims) return undefined;
    const r = await serviceAccountUser(claims, this.#tokenObjects, this.#clock.now());
    return 'error' in r ? r : { user: r.user, audiences: claims.audiences };
  }

  /** What the authorization and authentication reviews read: this server's authorizer, rules and authenticators. */
  #reviewSources(alwaysAllow: boolean): ReviewSources {
    return {
      authorizer: { authorize: (a) => this.#authz.authorize(a) },
      rulesFor: (user, namespace) => {
        if (alwaysAllow) return { rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };
        return { rules: [...rbac.rulesFor(this.rbacAuthorizer().objects(), user, namespace)].flatMap((src) => src.rules), incomplete: false };
      },
      authenticateToken: async (token, audiences) => {
        const wanted = audiences.length ? audiences : apiAudiences;
        const fixed = this.#authn.authenticateToken(token);
        if (fixed) return { user: fixed, audiences: wanted };
        return (await this.#serviceAccount(token, wanted)) ?? { error: '[invalid bearer token, token lookup failed]' };
      },
    };
  }

  /** Throws the upstream 403 unless an authorizer allows the request; the decision goes to the audit log. */
  #authorize(req: IncomingMessage, user: UserInfo, info: RequestInfo, method: string): void {
    const attributes = attributesOf(user, info, method);
    const decision = this.#authz.authorize(attributes);
    auditAuthorizationDecision(req, decision.kind === 'allow' ? 'allow' : 'forbid', decision.reason);
    if (decision.kind === 'allow') return;
    const err = forbiddenError(attributes, decision.reason);
    // A control-plane component denied is a gap in its role: say so where operators look.
    if (/^system:(serviceaccount:kube-system:|kube-|node:|apiserver$)/.test(user.name)) this.#logger.warn('component request forbidden', { user: user.name, message: err.message });
    throw err;
  }

  #servePublic(path: string, res: ServerResponse): void {
    if (path === '/version') return sendJson(res, 200, versionInfo());
    if (path === '/readyz' && !this.#ready) return sendText(res, 500, '[-]poststarthook/skiff-ready failed: not finished\nreadyz check failed');
    sendText(res, 200, 'ok');
  }

  async #serveNonResource(req: IncomingMessage, res: ServerResponse, parts: readonly string[], url: URL, user: UserInfo): Promise<void> {
    const accept = req.headers.accept;
    const [a, b, c] = parts;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw notFoundPath();
    if (a === 'api' && parts.length === 1) {
      const agg = wantsAggregatedDiscovery(accept);
      // The core group is never aggregated: no need to consult extension servers for /api.
      if (agg) return sendAggregated(res, aggregatedDiscoveryList(registryGroupVersions(), 'api', agg), agg);
      return sendJson(res, 200, apiVersions());
    }
    if (a === 'api' && parts.length === 2) {
      const list = apiResourceList('', b!);
      if (!list) throw notFoundPath();
      return sendJson(res, 200, list);
    }
    if (a === 'apis' && parts.length === 1) {
      const agg = wantsAggregatedDiscovery(accept);
      if (agg) return sendAggregated(res, aggregatedDiscoveryList(await this.#servedGroupVersions(), 'apis', agg), agg);
      return sendJson(res, 200, legacyGroupList(await this.#servedGroupVersions()));
    }
    if (a === 'apis' && parts.length === 2) {
      const g = legacyGroup(await this.#servedGroupVersions(), b!);
      if (!g) throw notFoundPath();
      return sendJson(res, 200, g);
    }
    if (a === 'apis' && parts.length === 3) {
      const provider = this.#activeProvider(b!, c!);
      const list = provider ? providerResourceList(provider) : apiResourceList(b!, c!) ?? this.#customResources.resourceList(b!, c!);
      if (!list) throw notFoundPath();
      return sendJson(res, 200, list);
    }
    if (a === 'openapi') return serveOpenApi(req, res, parts, { sources: this.#openApi, user });
    throw notFoundPath();
  }

  /** Serves HTTPS on host:port (0 = any free port). Resolves with the bound port. */
  async listen(options: { host: string; port: number; cert: string; key: string; ca: string }): Promise<number> {
    // Headers up to 1 MiB, as Go's net/http default (a long bearer token or many Impersonate-Extra-* fit), however
    // many: node would drop those past 2,000 entries (the Host header among them) and answer a bare 400. A
    // missing Host is answered in #handle with a Status.
    const server = createHttpsServer({ cert: options.cert, key: options.key, ca: options.ca, requestCert: true, rejectUnauthorized: false, maxHeaderSize: maxHeaderBytes, requireHostHeader: false }, this.handle);
    server.maxHeadersCount = 0;
    server.on('secureConnection', raiseWritableHighWaterMark);
    server.on('upgrade', this.handleUpgrade);
    server.on('clientError', answerClientError);
    server.on('connect', (_req: IncomingMessage, socket: Duplex) => answerConnect(socket));
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
    this.#aggregator[Symbol.dispose]();
    const s = this.#https;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    for (const gs of this.#stores.values()) await gs[Symbol.asyncDispose]();
  }
}

const registryGroupVersionSet: ReadonlySet<string> = new Set(groupVersions().flatMap((g) => g.versions.map((v) => `${g.group}/${v}`)));

function sendAggregated(res: ServerResponse, body: unknown, version: 'v2' | 'v2beta1'): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'Cache-Control': 'no-cache, private', 'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`, 'Content-Length': String(Buffer.byteLength(text)), Vary: 'Accept' });
  res.end(text);
}
