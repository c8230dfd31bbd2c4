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

export class ImagePuller {
  readonly #store: ImageStore;
  readonly #unpacker: ImageUnpacker;
  readonly #pull: typeof pullImage;
  constructor(store: ImageStore, unpacker: ImageUnpacker, pull: typeof pullImage = pullImage) {
    this.#store = store;
    this.#unpacker = unpacker;
    this.#pull = pull;
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
      const credentials = credentialsFor(parseReference(image).registry, secrets);
      await this.#pull(this.#store, image, credentials ? { credentials } : {});
      pulledMs = performance.now() - started;
      record = this.#store.resolve(reference);
    }
    if (!record) {
      if (policy === 'Never') throw new ImageNeverPullError(`Container image "${image}" is not present with pull policy of Never`);
      throw new Error(`image ${image} is not in the store after pulling`);
    }
    const root = await this.#unpacker.unpack(record);
    return { record, root, ...(pulledMs !== undefined ? { pulledMs } : {}) };
  }
}
