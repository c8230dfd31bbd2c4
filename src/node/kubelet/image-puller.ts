// A container's image, as kubelet gets it: imagePullPolicy (Always, IfNotPresent, Never), credentials from
// the pod's imagePullSecrets (kubernetes.io/dockerconfigjson or dockercfg), then unpacked once per image.
import type { Container, Secret } from 'kubernetes-types/core/v1.js';
import { parseReference, formatReference } from '../images/reference.js';
import { pullImage, type PullOptions } from '../images/registry.js';
import type { ImageRecord, ImageStore } from '../images/store.js';
import type { ImageUnpacker } from '../images/unpack.js';

/** ErrImageNeverPull: policy Never and the image is not on the node. */
export class ImageNeverPullError extends Error {
  override name = 'ErrImageNeverPull';
}

/** The registry credentials of a dockerconfigjson/dockercfg Secret for `registry`. */
export function credentialsFor(registry: string, secrets: readonly Secret[]): PullOptions['credentials'] | undefined {
  const hosts = registry === 'docker.io' ? ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io'] : [registry, `https://${registry}`, `http://${registry}`];
  for (const s of secrets) {
    const raw = s.data?.['.dockerconfigjson'] ?? s.data?.['.dockercfg'];
    if (!raw) continue;
    let parsed: Record<string, unknown>;
    try { parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Record<string, unknown>; } catch { continue; }
    const auths = (s.data?.['.dockerconfigjson'] ? parsed['auths'] : parsed) as Record<string, { username?: string; password?: string; auth?: string }> | undefined;
    for (const h of hosts) {
      const entry = auths?.[h] ?? auths?.[h.replace(/\/$/, '')];
      if (!entry) continue;
      if (entry.username !== undefined) return { username: entry.username, password: entry.password ?? '' };
      if (entry.auth) {
        const text = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = text.indexOf(':');
        return { username: text.slice(0, colon), password: text.slice(colon + 1) };
      }
    }
  }
  return undefined;
}

export interface PulledImage {
  record: ImageRecord;
  root: string;
  /** Set when the image was pulled now (milliseconds taken); absent when it was present. */
  pulledMs?: number;
}

/** Go's time.Duration String() of a millisecond count, as kubelet's events print durations ("512.3ms", "1.204s"). */
export function goDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${Number(ms.toFixed(6))}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(9))}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Number((s - m * 60).toFixed(9))}s`;
}

/** The upstream Pulled event for a pull that took ms: duration, and the image's size (its layers and config). */
export function pulledMessage(image: string, ms: number, record: ImageRecord): string {
  const size = record.manifest.layers.reduce((a, l) => a + l.size, record.manifest.config.size);
  return `Successfully pulled image "${image}" in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${size} bytes.`;
}

export interface ImagePullerOptions {
  store: ImageStore;
  unpacker: ImageUnpacker;
  pull?: typeof pullImage;
  /** An image is being handed to a container start (image GC counts it as used, and in use for a while). */
  onUse?: (record: ImageRecord) => void;
}

export class ImagePuller {
  readonly #store: ImageStore;
  readonly #unpacker: ImageUnpacker;
  readonly #pull: typeof pullImage;
  readonly #onUse: (record: ImageRecord) => void;
  /** Pulls under way by reference: pods starting together with one image share its pull. */
  readonly #pulling = new Map<string, Promise<void>>();
  constructor(options: ImagePullerOptions) {
    this.#store = options.store;
    this.#unpacker = options.unpacker;
    this.#pull = options.pull ?? pullImage;
    this.#onUse = options.onUse ?? (() => undefined);
  }

  /** Whether a pull is under way. */
  get pulling(): boolean {
    return this.#pulling.size > 0;
  }

  /** The policy upstream defaults to: Always for :latest or no tag, IfNotPresent otherwise. */
  static policyOf(container: Container): string {
    if (container.imagePullPolicy) return container.imagePullPolicy;
    const ref = parseReference(container.image ?? '');
    return ref.digest || (ref.tag && ref.tag !== 'latest') ? 'IfNotPresent' : 'Always';
  }

  present(image: string): ImageRecord | undefined {
    return this.#store.resolve(formatReference(parseReference(image)));
  }

  async ensure(container: Container, secrets: readonly Secret[], onPulling: () => void): Promise<PulledImage> {
    const image = container.image ?? '';
    const reference = formatReference(parseReference(image));
    const policy = ImagePuller.policyOf(container);
    let record = this.#store.resolve(reference);
    let pulledMs: number | undefined;
    if (policy === 'Always' || (!record && policy === 'IfNotPresent')) {
      onPulling();
      const started = performance.now();
      let pull = this.#pulling.get(reference);
      if (!pull) {
        const credentials = credentialsFor(parseReference(image).registry, secrets);
        pull = this.#pull(this.#store, image, credentials ? { credentials } : {}).then(() => undefined).finally(() => this.#pulling.delete(reference));
        this.#pulling.set(reference, pull);
      }
      await pull;
      pulledMs = performance.now() - started;
      record = this.#store.resolve(reference);
    }
    if (!record) {
      if (policy === 'Never') throw new ImageNeverPullError(`Container image "${image}" is not present with pull policy of Never`);
      throw new Error(`image ${image} is not in the store after pulling`);
    }
    // Marked before the unpack (its layers must stay) and again once it is done (the container starts next).
    this.#onUse(record);
    const root = await this.#unpacker.unpack(record);
    this.#onUse(record);
    return { record, root, ...(pulledMs !== undefined ? { pulledMs } : {}) };
  }
}
