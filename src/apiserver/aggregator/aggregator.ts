// The aggregation layer (kube-aggregator inside the API server): which group-versions belong to extension
// API servers (non-local APIServices), proxying their requests, and their discovery and OpenAPI documents.
// Reads APIServices, Services and EndpointSlices from the server's watch caches (through AggregatorLookups).
import { createHash } from 'node:crypto';
import { Agent } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { apiregistration, serviceUnavailable } from '../../api/index.js';
import { errorMessage, type Clock, type Logger } from '../../util/index.js';
import type { UserInfo } from '../registry/context.js';
import type { RemoteOpenApiV2 } from '../openapi/index.js';
import { proxyToUpstream, sendUpstream, type ProxyClientCertificate, type UpstreamTarget } from './proxy.js';
import { RemoteDocsCache, type RemoteDocs } from './remote-docs.js';
import { resourcesFromLegacyList, versionsFromAggregatedList, type ServedGroupVersion } from './discovery-merge.js';

type APIService = apiregistration.APIService;

/** Reads of the server's own caches; never mutate what they return. */
export interface AggregatorLookups {
  apiServices(): readonly APIService[];
  service(namespace: string, name: string): Service | undefined;
  endpointSlices(namespace: string): readonly EndpointSlice[];
}

export interface AggregatorOptions {
  readonly lookups: AggregatorLookups;
  /** True for group-versions this server serves itself; an APIService never takes those away. */
  readonly servesLocally: (group: string, version: string) => boolean;
  /** The front-proxy client certificate; without one, remote APIServices answer 503. */
  readonly clientCertificate: ProxyClientCertificate | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Chooses among n ready endpoints (default: at random, as upstream). */
  readonly pick?: (n: number) => number;
}

/** The identity of the aggregator's own discovery requests (upstream's). */
const aggregatorUser = { name: 'system:kube-aggregator', groups: [] } as const;
const discoveryTimeoutMs = 5_000;
const aggregatedAccept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

export class Aggregator implements Disposable {
  readonly #o: AggregatorOptions;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64 });
  readonly #docs: RemoteDocsCache;

  constructor(options: AggregatorOptions) {
    this.#o = options;
    this.#docs = new RemoteDocsCache({ fetch: (name) => this.#fetchDocs(name), now: () => options.clock.now().getTime() });
  }

  /** The APIService that sends `group/version` to an extension server, if any (a local one never does). */
  remoteFor(group: string, version: string): APIService | undefined {
    if (group === '' || this.#o.servesLocally(group, version)) return undefined;
    const name = apiregistration.apiServiceNameOf(group, version);
    const svc = this.#o.lookups.apiServices().find((s) => s.metadata?.name === name);
    return svc && !apiregistration.isLocalApiService(svc) ? svc : undefined;
  }

  /** Where `svc` is served now; throws ServiceUnavailable when it has no endpoint or no certificate to go with. */
  target(svc: APIService): UpstreamTarget {
    const ref = svc.spec?.service;
    const t = { namespace: ref?.namespace ?? '', name: ref?.name ?? '', port: ref?.port ?? apiregistration.defaultServicePort };
    const r = apiregistration.resolveServiceEndpoint(t, this.#o.lookups.service(t.namespace, t.name), this.#o.lookups.endpointSlices(t.namespace), this.#o.pick ?? ((n) => Math.floor(Math.random() * n)));
    if (!r.ok) throw serviceUnavailable(`service unavailable: ${r.message}`);
    const ca = svc.spec?.caBundle ? Buffer.from(svc.spec.caBundle, 'base64').toString('utf8') : undefined;
    return { host: r.host, port: r.port, serverName: r.serverName, caPem: ca, insecureSkipTLSVerify: svc.spec?.insecureSkipTLSVerify === true };
  }

  #certificate(): ProxyClientCertificate {
    const c = this.#o.clientCertificate;
    if (!c) throw serviceUnavailable('service unavailable: this server has no front-proxy client certificate to reach aggregated API servers with');
    return c;
  }

  /**
   * Proxies a request for an extension server's group-version (`pathAndQuery` as received) as `user`.
   * An APIService that is not Available answers 503, as upstream.
   */
  async proxy(req: IncomingMessage, res: ServerResponse, svc: APIService, user: UserInfo, pathAndQuery: string): Promise<void> {
    if (!apiregistration.isApiServiceAvailable(svc)) throw serviceUnavailable(`service unavailable: APIService ${JSON.stringify(svc.metadata?.name ?? '')} is not available`);
    const target = this.target(svc);
    const headers = apiregistration.frontProxyHeaders(req.headers, user, { clientAddress: req.socket.remoteAddress ?? '' });
    await proxyToUpstream(req, res, target, this.#certificate(), { path: pathAndQuery, headers, agent: this.#agent });
  }

  /** The available remote APIServices' group-versions for merged discovery (discovery fetched as needed). */
  async discovery(): Promise<ServedGroupVersion[]> {
    const out: ServedGroupVersion[] = [];
    for (const { svc, docs } of await this.#availableDocs()) {
      if (docs.resources === undefined) continue;
      out.push({
        group: svc.spec?.group ?? '', version: svc.spec?.version ?? '',
        priority: { groupPriorityMinimum: svc.spec?.groupPriorityMinimum ?? 0, versionPriority: svc.spec?.versionPriority ?? 0 },
        resources: docs.resources,
      });
    }
    return out;
  }

  /** `/openapi/v3` root entries of available remote group-versions whose servers list an OpenAPI v3 document. */
  async openApiPaths(): Promise<Record<string, { serverRelativeURL: string }>> {
    const out: Record<string, { serverRelativeURL: string }> = {};
    for (const { svc, docs } of await this.#availableDocs()) {
      if (docs.openApiUrl !== undefined) out[`apis/${svc.spec?.group ?? ''}/${svc.spec?.version ?? ''}`] = { serverRelativeURL: docs.openApiUrl };
    }
    return out;
  }

  /**
   * The `/openapi/v2` documents of available remote group-versions whose servers serve one, in APIService
   * priority order (higher groupPriorityMinimum, then versionPriority, first), for the merged document.
   */
  async openApiV2Specs(): Promise<RemoteOpenApiV2[]> {
    const out: (RemoteOpenApiV2 & { priority: [number, number] })[] = [];
    for (const { svc, docs } of await this.#availableDocs()) {
      if (docs.openApiV2 === undefined) continue;
      const s = svc.spec;
      out.push({ name: svc.metadata?.name ?? '', group: s?.group ?? '', version: s?.version ?? '', ...docs.openApiV2, priority: [s?.groupPriorityMinimum ?? 0, s?.versionPriority ?? 0] });
    }
    out.sort((a, b) => (b.priority[0] - a.priority[0]) || (b.priority[1] - a.priority[1]) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out.map(({ priority: _p, ...r }) => r);
  }

  async #availableDocs(): Promise<{ svc: APIService; docs: RemoteDocs }[]> {
    const all = this.#o.lookups.apiServices();
    this.#docs.retain(new Set(all.map((s) => s.metadata?.name ?? '')));
    const remote = all.filter((s) => !apiregistration.isLocalApiService(s) && apiregistration.isApiServiceAvailable(s) && !this.#o.servesLocally(s.spec?.group ?? '', s.spec?.version ?? ''));
    return Promise.all(remote.map(async (svc) => ({ svc, docs: await this.#docs.get(svc.metadata?.name ?? '', svc.metadata?.resourceVersion ?? '') })));
  }

  /** GET `path` on the server of APIService `name` as the aggregator; the parsed JSON body of a 200, else undefined. */
  async #getJson(name: string, path: string, accept: string): Promise<{ body: unknown; contentType: string; text: string } | undefined> {
    const svc = this.#o.lookups.apiServices().find((s) => s.metadata?.name === name);
    if (!svc) return undefined;
    const headers = apiregistration.frontProxyHeaders({ accept }, aggregatorUser);
    const res = await sendUpstream(this.target(svc), this.#certificate(), { method: 'GET', path, headers, agent: this.#agent, timeoutMs: discoveryTimeoutMs });
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    if (res.statusCode !== 200) return undefined;
    const text = Buffer.concat(chunks).toString('utf8');
    return { body: JSON.parse(text) as unknown, contentType: String(res.headers['content-type'] ?? ''), text };
  }

  async #fetchDocs(name: string): Promise<RemoteDocs> {
    const { group, version } = apiregistration.groupVersionOf(name);
    let resources: readonly unknown[] | undefined;
    try {
      const agg = await this.#getJson(name, '/apis', aggregatedAccept);
      if (agg && agg.contentType.includes('as=APIGroupDiscoveryList')) resources = versionsFromAggregatedList(agg.body, group).get(version);
      if (resources === undefined) {
        const legacy = await this.#getJson(name, `/apis/${group}/${version}`, 'application/json');
        if (legacy) resources = resourcesFromLegacyList(legacy.body, group, version);
      }
    } catch (e: unknown) {
      this.#o.logger.warn('discovery of an aggregated API failed', { apiService: name, error: errorMessage(e) });
    }
    let openApiUrl: string | undefined;
    try {
      const root = resources === undefined ? undefined : await this.#getJson(name, '/openapi/v3', 'application/json');
      const entry = (root?.body as { paths?: Record<string, { serverRelativeURL?: unknown }> } | undefined)?.paths?.[`apis/${group}/${version}`];
      if (typeof entry?.serverRelativeURL === 'string' && entry.serverRelativeURL.startsWith('/openapi/v3/')) openApiUrl = entry.serverRelativeURL;
    } catch (e: unknown) {
      this.#o.logger.debug('OpenAPI v3 of an aggregated API is not available', { apiService: name, error: errorMessage(e) });
    }
    let openApiV2: RemoteDocs['openApiV2'];
    try {
      const v2 = resources === undefined ? undefined : await this.#getJson(name, '/openapi/v2', 'application/json');
      if (v2) openApiV2 = { spec: v2.body, hash: createHash('sha256').update(v2.text).digest('hex') };
    } catch (e: unknown) {
      this.#o.logger.debug('OpenAPI v2 of an aggregated API is not available', { apiService: name, error: errorMessage(e) });
    }
    return { resources, openApiUrl, openApiV2 };
  }

  [Symbol.dispose](): void {
    this.#agent.destroy();
  }
}
