// What an extension API server says about its group-version (aggregated discovery resources, the OpenAPI v3
// document URL), cached per APIService: refetched at once when the APIService changed, in the background
// once a minute (upstream's discovery manager), and never longer than one request waits for it.

/** What one fetch found; `resources` undefined: discovery failed (the group-version is left out). */
export interface RemoteDocs {
  readonly resources: readonly unknown[] | undefined;
  /** The server-relative URL of the group-version's OpenAPI v3 document, when the server lists one. */
  readonly openApiUrl: string | undefined;
  /** The server's /openapi/v2 document (parsed JSON) and a hash of its text, when it serves one. */
  readonly openApiV2?: { readonly spec: unknown; readonly hash: string } | undefined;
}

interface Entry {
  readonly revision: string;
  readonly fetchedAt: number;
  readonly docs: RemoteDocs;
}

export interface RemoteDocsCacheOptions {
  /** Fetches the documents; must not throw (failures are `resources: undefined`). */
  fetch(apiServiceName: string): Promise<RemoteDocs>;
  now(): number;
  /** Age after which a good entry is refreshed in the background (upstream: 1 minute). */
  refreshAfterMs?: number;
  /** Age after which a failed fetch is retried (while the APIService stays Available). */
  retryFailedAfterMs?: number;
}

export class RemoteDocsCache {
  readonly #o: Required<RemoteDocsCacheOptions>;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<RemoteDocs>>();

  constructor(options: RemoteDocsCacheOptions) {
    this.#o = { refreshAfterMs: 60_000, retryFailedAfterMs: 5_000, ...options };
  }

  /**
   * The documents of `name` as of APIService `revision` (its resourceVersion): fetched now when unknown,
   * changed or failed a while ago; a good entry that is merely old is served and refreshed behind.
   */
  async get(name: string, revision: string): Promise<RemoteDocs> {
    const e = this.#entries.get(name);
    const age = e ? this.#o.now() - e.fetchedAt : Infinity;
    if (!e || e.revision !== revision || (e.docs.resources === undefined && age >= this.#o.retryFailedAfterMs)) return this.#fetch(name, revision);
    if (age >= this.#o.refreshAfterMs) void this.#fetch(name, revision);
    return e.docs;
  }

  /** Drops the entries of APIServices that no longer exist. */
  retain(names: ReadonlySet<string>): void {
    for (const n of this.#entries.keys()) if (!names.has(n)) this.#entries.delete(n);
  }

  #fetch(name: string, revision: string): Promise<RemoteDocs> {
    const key = `${name}@${revision}`;
    let p = this.#inflight.get(key);
    if (!p) {
      const started = this.#o.now();
      p = this.#o.fetch(name).then((docs) => {
        const prior = this.#entries.get(name);
        // A failed background refresh keeps the last good documents (the availability controller decides
        // whether the server is gone); a failed first fetch records the failure.
        const keep = docs.resources === undefined && prior?.revision === revision && prior.docs.resources !== undefined;
        this.#entries.set(name, { revision, fetchedAt: started, docs: keep ? prior.docs : docs });
        return keep ? prior.docs : docs;
      }).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, p);
    }
    return p;
  }
}
