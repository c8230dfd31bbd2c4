// The /openapi/v2 document as served: its JSON text and ETag, and the protobuf and gzip forms made on
// first use. One per API server, rebuilt only when what it covers changes (providers, extension servers).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildOpenApiV2, openApiJson } from './documents.js';
import { encodeOpenApiV2Document } from './gnostic-v2.js';
import { mergeOpenApiV2, type RemoteOpenApiV2 } from './merge-v2.js';
import type { OpenApiResource } from './resource.js';
import type { SchemaCatalog } from './catalog.js';

export type OpenApiV2Format = 'json' | 'protobuf';

/** One built document. Bodies are computed once and shared: callers must not modify them. */
export class ServedOpenApiV2 {
  /** Upstream's: the quoted upper-case hex SHA-512 of the JSON text, the same for both formats. */
  readonly etag: string;
  readonly lastModified: Date;
  /** Milliseconds spent building the document, its JSON text and ETag (the protobuf form is timed separately). */
  readonly buildMs: number;
  readonly #doc: Readonly<Record<string, unknown>>;
  readonly #bodies = new Map<string, Buffer>();
  #protobufMs: number | undefined;

  /** `startedAt`: the performance.now() at which building `doc` began. */
  constructor(doc: Readonly<Record<string, unknown>>, options: { lastModified: Date; startedAt: number }) {
    this.#doc = doc;
    const json = Buffer.from(openApiJson(doc), 'utf8');
    this.#bodies.set('json', json);
    this.etag = `"${createHash('sha512').update(json).digest('hex').toUpperCase()}"`;
    this.lastModified = options.lastModified;
    this.buildMs = performance.now() - options.startedAt;
  }

  /** The document in `format`, gzip-compressed when `gzip`. */
  body(format: OpenApiV2Format, gzip: boolean): Buffer {
    const key = `${format}${gzip ? '+gzip' : ''}`;
    let b = this.#bodies.get(key);
    if (b) return b;
    if (gzip) b = gzipSync(this.body(format, false));
    else {
      const t0 = performance.now();
      const bytes = encodeOpenApiV2Document(this.#doc);
      this.#protobufMs = performance.now() - t0;
      b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    this.#bodies.set(key, b);
    return b;
  }

  /** Milliseconds the protobuf encoding took; undefined until it was first asked for. */
  get protobufMs(): number | undefined {
    return this.#protobufMs;
  }
}

/** What the served document covers. */
export interface OpenApiV2Inputs {
  /** Resources served here: the registry's, the active API group providers' and the custom resources. */
  readonly local: readonly OpenApiResource[];
  /** Definitions: api/schema layered with the providers' and the custom resources' schemas (its key names its content). */
  readonly catalog: SchemaCatalog;
  /** Available extension servers' documents, in APIService priority order. */
  readonly remotes: readonly RemoteOpenApiV2[];
}

/** Each resource's JSON, computed once per object: the registry's and the providers' resource objects live as long as the server. */
const resourceKeys = new WeakMap<OpenApiResource, string>();
function resourceKey(r: OpenApiResource): string {
  let k = resourceKeys.get(r);
  if (k === undefined) {
    k = JSON.stringify(r);
    resourceKeys.set(r, k);
  }
  return k;
}

/**
 * The served /openapi/v2 of one API server: the last built document, kept while the inputs describe the
 * same resources, the same providers and the same extension-server documents.
 */
export class OpenApiV2Cache {
  readonly #now: () => Date;
  #key: string | undefined;
  #served: ServedOpenApiV2 | undefined;

  constructor(options: { now: () => Date }) {
    this.#now = options.now;
  }

  /** The document for `inputs`, built now when they changed since the last call. */
  get(inputs: OpenApiV2Inputs): ServedOpenApiV2 {
    const key = `${inputs.catalog.key}\n${inputs.local.map(resourceKey).join('\n')}\n${inputs.remotes.map((r) => `${r.name} ${r.hash}`).join('\n')}`;
    if (this.#served && key === this.#key) return this.#served;
    const t0 = performance.now();
    const doc = mergeOpenApiV2(buildOpenApiV2(inputs.local, inputs.catalog), inputs.remotes);
    // A rebuild that yields the same text keeps the old Last-Modified (and the same ETag).
    const served = new ServedOpenApiV2(doc, { lastModified: this.#now(), startedAt: t0 });
    if (this.#served?.etag !== served.etag) this.#served = served;
    this.#key = key;
    return this.#served;
  }
}
