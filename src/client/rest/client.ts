// Client: REST verbs for any resource, addressed by a descriptor (group, version, plural, namespaced).
import { gvString, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { Transport } from './transport.js';

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

export type ResourceRef = Pick<ResourceDescriptor, 'group' | 'version' | 'plural' | 'namespaced' | 'kind'>;

export function resourcePath(r: ResourceRef, namespace?: string, name?: string, sub?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  let p = base;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.plural}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (sub) p += `/${sub}`;
  return p;
}

export interface ClientOptions {
  transport: Transport;
  fieldManager: string;
}

/** Contract: every method throws ApiError (use isNotFound/isConflict...) for non-2xx replies. Returned objects are fresh copies. */
export class Client {
  readonly #t: Transport;
  readonly #manager: string;
  constructor(options: ClientOptions) {
    this.#t = options.transport;
    this.#manager = options.fieldManager;
  }
  get<T extends object = KubeObject>(r: ResourceRef, namespace: string, name: string): Promise<T> {
    return this.#t.request({ method: 'GET', path: resourcePath(r, namespace, name) }) as Promise<T>;
  }
  async list(r: ResourceRef, namespace?: string, opts: { labelSelector?: string; fieldSelector?: string; resourceVersion?: string } = {}): Promise<ListResult> {
    const out = await this.#t.request({ method: 'GET', path: resourcePath(r, namespace), query: { ...opts } }) as { items?: KubeObject[]; metadata?: { resourceVersion?: string } };
    const items = (out.items ?? []).map((o) => ({ ...o, apiVersion: gvString(r), kind: r.kind }));
    return { items, resourceVersion: out.metadata?.resourceVersion ?? '' };
  }
  /** GET of a subresource (deployments/scale, …). */
  getSubresource<T extends object = KubeObject>(r: ResourceRef, namespace: string, name: string, sub: string): Promise<T> {
    return this.#t.request({ method: 'GET', path: resourcePath(r, namespace, name, sub) }) as Promise<T>;
  }
  /** GET of any API path outside the resource registry (the metrics APIs); query values undefined are left out. */
  getPath<T = unknown>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    return this.#t.request({ method: 'GET', path, query }) as Promise<T>;
  }
  /** POST to a subresource (pods/binding, pods/eviction, serviceaccounts/token); resolves with the reply. */
  createSubresource(r: ResourceRef, namespace: string, name: string, sub: string, body: object): Promise<unknown> {
    return this.#t.request({ method: 'POST', path: resourcePath(r, namespace, name, sub), query: { fieldManager: this.#manager }, body });
  }
  /** Typed callers pass their kubernetes-types object and get the same type back (the server echoes the kind). */
  create<T extends object = KubeObject>(r: ResourceRef, namespace: string, obj: T): Promise<T & KubeObject> {
    return this.#t.request({ method: 'POST', path: resourcePath(r, namespace), query: { fieldManager: this.#manager }, body: obj }) as Promise<T & KubeObject>;
  }
  update<T extends { metadata?: { name?: string; namespace?: string } }>(r: ResourceRef, obj: T, sub?: string): Promise<T & KubeObject> {
    const m = obj.metadata ?? {};
    return this.#t.request({ method: 'PUT', path: resourcePath(r, m.namespace, m.name, sub), query: { fieldManager: this.#manager }, body: obj }) as Promise<T & KubeObject>;
  }
  patch<T extends object = KubeObject>(r: ResourceRef, namespace: string, name: string, patch: unknown, type: 'merge' | 'strategic' | 'json' = 'merge', sub?: string): Promise<T> {
    const ct = { merge: 'application/merge-patch+json', strategic: 'application/strategic-merge-patch+json', json: 'application/json-patch+json' }[type];
    return this.#t.request({ method: 'PATCH', path: resourcePath(r, namespace, name, sub), query: { fieldManager: this.#manager }, body: patch, contentType: ct }) as Promise<T>;
  }
  delete(r: ResourceRef, namespace: string, name: string, opts: { propagationPolicy?: string; gracePeriodSeconds?: number; preconditions?: { uid?: string } } = {}): Promise<unknown> {
    return this.#t.request({ method: 'DELETE', path: resourcePath(r, namespace, name), body: { kind: 'DeleteOptions', apiVersion: 'v1', ...opts } });
  }
  deleteCollection(r: ResourceRef, namespace: string, opts: { labelSelector?: string } = {}): Promise<unknown> {
    return this.#t.request({ method: 'DELETE', path: resourcePath(r, namespace), query: { ...opts }, body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
  }
  /** Streams watch events until the server closes the stream or signal aborts. */
  watch(r: ResourceRef, namespace: string | undefined, opts: { resourceVersion: string; labelSelector?: string; fieldSelector?: string; allowWatchBookmarks?: boolean; timeoutSeconds?: number; signal?: AbortSignal }, onEvent: (ev: WatchEvent) => void): Promise<void> {
    const query: Record<string, string | undefined> = {
      watch: 'true', resourceVersion: opts.resourceVersion, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector,
      allowWatchBookmarks: opts.allowWatchBookmarks ? 'true' : undefined, timeoutSeconds: opts.timeoutSeconds !== undefined ? String(opts.timeoutSeconds) : undefined,
    };
    return this.#t.stream({ method: 'GET', path: resourcePath(r, namespace), query, ...(opts.signal ? { signal: opts.signal } : {}) }, (ev) => onEvent(ev as WatchEvent));
  }
}
