// Pulling images from OCI / Docker registries (distribution API v2) into the image store: manifest
// negotiation (OCI and Docker media types, indexes and manifest lists with platform selection), anonymous
// or basic credentials exchanged for a bearer token when the registry asks (WWW-Authenticate), blobs
// verified against their digests before they are stored.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { goArch } from '../node-status.js';
import { formatReference, parseReference } from './reference.js';
import type { Descriptor, ImageManifest, ImageStore } from './store.js';
import { errorMessage } from '../../util/index.js';

const manifestTypes = [
  'application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json',
];
const indexTypes = new Set(manifestTypes.slice(0, 2));

export class PullError extends Error {
  override name = 'ErrImagePull';
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export interface PullOptions {
  /** `user:password` for the registry (imagePullSecrets), if any. */
  credentials?: { username: string; password: string };
  /** Plain HTTP instead of HTTPS (a local registry, as containerd's "insecure" hosts). Default: http for localhost and 127.0.0.1. */
  insecure?: boolean;
  architecture?: string;
  fetch?: typeof fetch;
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const m = /^(\w+)\s*(.*)$/.exec(header.trim());
  const params: Record<string, string> = {};
  for (const p of (m?.[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) params[p[1]!] = p[2]!;
  return { scheme: (m?.[1] ?? '').toLowerCase(), params };
}

class RegistryClient {
  readonly #base: string;
  readonly #repo: string;
  readonly #o: PullOptions;
  #authorization: string | undefined;
  constructor(registry: string, repository: string, o: PullOptions) {
    const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
    const insecure = o.insecure ?? /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?$/.test(registry);
    this.#base = `${insecure ? 'http' : 'https'}://${host}/v2/${repository}`;
    this.#repo = repository;
    this.#o = o;
  }

  async #login(challenge: string): Promise<boolean> {
    const { scheme, params } = parseChallenge(challenge);
    const basic = this.#o.credentials ? `Basic ${Buffer.from(`${this.#o.credentials.username}:${this.#o.credentials.password}`).toString('base64')}` : undefined;
    if (scheme === 'basic') {
      if (!basic || this.#authorization === basic) return false;
      this.#authorization = basic;
      return true;
    }
    if (scheme !== 'bearer' || !params['realm']) return false;
    const url = new URL(params['realm']);
    if (params['service']) url.searchParams.set('service', params['service']);
    url.searchParams.set('scope', params['scope'] ?? `repository:${this.#repo}:pull`);
    const res = await (this.#o.fetch ?? fetch)(url, { headers: basic ? { Authorization: basic } : {} });
    if (!res.ok) throw new PullError(`failed to fetch anonymous token: ${res.status} ${res.statusText}`, res.status);
    const body = await res.json() as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new PullError('the token endpoint returned no token');
    const next = `Bearer ${token}`;
    if (next === this.#authorization) return false;
    this.#authorization = next;
    return true;
  }

  async get(path: string, accept?: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {};
      if (accept) headers['Accept'] = accept;
      if (this.#authorization) headers['Authorization'] = this.#authorization;
      const url = `${this.#base}${path}`;
      const res = await (this.#o.fetch ?? fetch)(url, { headers, redirect: 'follow' }).catch((e: unknown) => {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new PullError(`failed to do request: GET "${url}": ${cause?.code ?? cause?.message ?? errorMessage(e)}`);
      });
      if (res.status === 401 && attempt === 0 && await this.#login(res.headers.get('www-authenticate') ?? '')) continue;
      if (!res.ok) {
        const text = await res.text().catch(() => '');
        const what = res.status === 404 ? 'not found' : res.status === 401 || res.status === 403 ? 'authorization failed' : `${res.status} ${res.statusText}`;
        throw new PullError(`${what}: ${url}${text ? `: ${text.slice(0, 200)}` : ''}`, res.status);
      }
      return res;
    }
  }
}

/** Pulls an image into the store and tags it; returns the canonical reference and the manifest digest. */
export async function pullImage(store: ImageStore, reference: string, options: PullOptions = {}): Promise<{ reference: string; manifestDigest: string }> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref.registry, ref.repository, options);
  const arch = options.architecture ?? goArch();

  const fetchManifest = async (tagOrDigest: string): Promise<{ digest: string; body: Buffer; mediaType: string }> => {
    const res = await client.get(`/manifests/${tagOrDigest}`, manifestTypes.join(', '));
    const body = Buffer.from(await res.arrayBuffer());
    const { digest } = await store.putBuffer(body, tagOrDigest.startsWith('sha256:') ? tagOrDigest : undefined);
    const mediaType = (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType ?? res.headers.get('content-type') ?? '';
    return { digest, body, mediaType };
  };

  let top = await fetchManifest(ref.digest ?? ref.tag ?? 'latest');
  if (indexTypes.has(top.mediaType)) {
    const index = JSON.parse(top.body.toString('utf8')) as { manifests: Descriptor[] };
    const match = index.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === arch);
    if (!match) throw new PullError(`no matching manifest for linux/${arch} in the manifest list entries`);
    top = await fetchManifest(match.digest);
  }
  const manifest = JSON.parse(top.body.toString('utf8')) as ImageManifest;
  for (const d of [manifest.config, ...manifest.layers]) {
    if (store.hasBlob(d.digest)) continue;
    const res = await client.get(`/blobs/${d.digest}`);
    if (!res.body) throw new PullError(`empty body for blob ${d.digest}`);
    await store.putStream(Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>), d.digest);
  }
  const canonical = store.tag(formatReference(ref.digest ? { ...ref } : ref), top.digest);
  return { reference: canonical, manifestDigest: top.digest };
}
