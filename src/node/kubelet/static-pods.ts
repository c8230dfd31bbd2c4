// Static pods (kubelet's file source, k3s's <data-dir>/agent/pod-manifests): every Pod manifest in the
// directory runs on this node without a controller, and shows in the API as a mirror pod named
// <name>-<node>, annotated with the manifest's hash (kubernetes.io/config.mirror) and owned by the Node. A
// changed manifest replaces the pod; a removed one deletes it; a deleted mirror pod comes back, and the
// kubelet keeps the static pod running meanwhile (its workers go by the manifest's hash, see workerKey).
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isAlreadyExists, isNotFound, lookupResource, mirrorPodAnnotation } from '../../api/index.js';
import type { ControllerContext } from '../../client/index.js';
import { errorMessage } from '../../util/index.js';

const podResource = lookupResource('', 'v1', 'pods')!;

export const configHashAnnotation = 'kubernetes.io/config.hash';
export const configSourceAnnotation = 'kubernetes.io/config.source';

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** The mirror pod a manifest file stands for on a node. Pure. */
export function staticPodOf(text: string, file: string, node: Pick<Node, 'metadata'>): Pod {
  const docs = parseAllDocuments(text).map((d) => d.toJSON() as unknown).filter((d) => d !== null);
  if (docs.length !== 1) throw new ManifestError(`${file}: a static pod manifest holds exactly one Pod (found ${docs.length} documents)`);
  const pod = docs[0] as Pod;
  if (pod.kind !== 'Pod' || (pod.apiVersion ?? 'v1') !== 'v1') throw new ManifestError(`${file}: kind must be Pod (apiVersion v1), not ${pod.kind ?? '(none)'}`);
  const name = pod.metadata?.name;
  if (!name) throw new ManifestError(`${file}: metadata.name is required`);
  const nodeName = node.metadata?.name ?? '';
  const hash = createHash('sha256').update(nodeName).update('\n').update(text).digest('hex').slice(0, 32);
  return {
    ...pod,
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      ...pod.metadata, name: `${name}-${nodeName}`, namespace: pod.metadata?.namespace ?? 'default',
      annotations: { ...pod.metadata?.annotations, [configHashAnnotation]: hash, [mirrorPodAnnotation]: hash, [configSourceAnnotation]: 'file' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata?.uid ?? '', controller: true }],
    },
    spec: { ...pod.spec!, nodeName },
  };
}

export interface StaticPodsOptions {
  dir: string;
  node: () => (Node & { metadata: { name: string } }) | undefined;
  /** The API's pods on this node (the kubelet's informer). */
  pods: () => Pod[];
  resyncMs?: number;
  /** After each sync, with the config hashes of the manifests there (the kubelet stops static pods whose manifest went). */
  onSynced?: (wanted: ReadonlySet<string>) => void;
}

export class StaticPods implements AsyncDisposable {
  readonly #ctx: ControllerContext;
  readonly #o: StaticPodsOptions;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;
  readonly #reported = new Set<string>();
  /** Config hashes of the manifests at the last sync (undefined before the first). */
  #wanted: Set<string> | undefined;

  constructor(ctx: ControllerContext, options: StaticPodsOptions) {
    this.#ctx = ctx;
    this.#o = options;
  }

  start(): void {
    void fs.mkdir(this.#o.dir, { recursive: true }).then(() => {
      if (this.#stopped) return;
      try {
        this.#watcher = watch(this.#o.dir, () => this.kick());
      } catch { /* the periodic resync still runs */ }
      this.kick();
    });
    this.#timer = setInterval(() => this.kick(), this.#o.resyncMs ?? 5000);
    this.#timer.unref();
  }

  /** Whether a manifest with this config hash is in the directory (true until the first sync has read it). */
  wanted(hash: string): boolean {
    return this.#wanted?.has(hash) ?? true;
  }

  kick(): void {
    if (this.#stopped) return;
    this.#running = this.#running.then(() => this.#sync()).catch((e: unknown) => this.#ctx.logger.warn('static pod sync failed', { error: errorMessage(e) }));
  }

  async #desired(): Promise<Map<string, Pod>> {
    const node = this.#o.node();
    const out = new Map<string, Pod>();
    if (!node || !existsSync(this.#o.dir)) return out;
    for (const f of (await fs.readdir(this.#o.dir)).filter((n) => /\.(ya?ml|json)$/.test(n) && !n.startsWith('.')).sort()) {
      const file = join(this.#o.dir, f);
      try {
        const pod = staticPodOf(await fs.readFile(file, 'utf8'), file, node);
        out.set(`${pod.metadata!.namespace}/${pod.metadata!.name}`, pod);
        this.#reported.delete(file);
      } catch (e: unknown) {
        // Said once per bad file, not every resync.
        if (!this.#reported.has(file)) this.#ctx.logger.warn('static pod manifest skipped', { file, error: errorMessage(e) });
        this.#reported.add(file);
      }
    }
    return out;
  }

  async #sync(): Promise<void> {
    const desired = await this.#desired();
    if (!this.#o.node()) return;
    this.#wanted = new Set([...desired.values()].map((p) => p.metadata!.annotations![mirrorPodAnnotation]!));
    this.#o.onSynced?.(this.#wanted);
    const mirrors = new Map(this.#o.pods().filter((p) => p.metadata?.annotations?.[mirrorPodAnnotation]).map((p) => [`${p.metadata?.namespace}/${p.metadata?.name}`, p]));
    for (const [key, mirror] of mirrors) {
      const want = desired.get(key);
      if (mirror.metadata?.deletionTimestamp) continue;
      if (!want || want.metadata?.annotations?.[mirrorPodAnnotation] !== mirror.metadata?.annotations?.[mirrorPodAnnotation]) {
        await this.#ctx.client.delete(podResource, mirror.metadata!.namespace!, mirror.metadata!.name!).catch((e: unknown) => { if (!isNotFound(e)) throw e; });
      }
    }
    for (const [key, pod] of desired) {
      if (mirrors.has(key)) continue;
      try {
        await this.#ctx.client.create(podResource, pod.metadata!.namespace!, pod);
        this.#ctx.logger.info('created mirror pod', { pod: key });
      } catch (e: unknown) {
        if (!isAlreadyExists(e)) this.#ctx.logger.warn('mirror pod not created', { pod: key, error: errorMessage(e) });
      }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#stopped = true;
    this.#watcher?.close();
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }
}
