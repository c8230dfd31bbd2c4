// The Secrets, ConfigMaps, claims and volumes of this node's pods, as upstream's kubelet reads them and as the
// node authorizer lets it: each Secret and ConfigMap watched on its own (the watch-based managers: a list and
// watch narrowed to one object by a metadata.name field selector), claims and volumes read by name when a pod
// syncs. Reference-counted by pod: the watch of an object no pod on the node uses any more stops.
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { isNotFound, lookupResource, podReferences } from '../../api/index.js';
import { Informer, type ControllerContext } from '../../client/index.js';
import { errorMessage } from '../../util/index.js';

type Kind = 'secrets' | 'configmaps' | 'persistentvolumeclaims' | 'persistentvolumes';

interface Watched {
  readonly users: Set<string>;
  read(): unknown;
  /** Resolves once the object has been read (a watch's first list; a fresh get). */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

/** How long a pod's sync waits for its objects' first lists before it goes on without them (and retries). */
const syncWaitMs = 10_000;

export class ReferencedObjects implements AsyncDisposable {
  readonly #ctx: ControllerContext;
  readonly #watched = new Map<string, Watched>();
  readonly #byPod = new Map<string, Set<string>>();
  readonly #onChange: (kind: 'secret' | 'configMap', namespace: string, name: string) => void;

  constructor(ctx: ControllerContext, onChange: (kind: 'secret' | 'configMap', namespace: string, name: string) => void) {
    this.#ctx = ctx;
    this.#onChange = onChange;
  }

  /**
   * Watches what the pod references now (its claims' volumes once the claims are bound) and stops watching
   * what it no longer does; resolves when those objects have been listed.
   */
  async track(podKey: string, pod: Pod): Promise<void> {
    const ns = pod.metadata?.namespace ?? '';
    const refs = podReferences(pod);
    const keys = new Set([
      ...refs.secrets.map((n) => key('secrets', ns, n)),
      ...refs.configMaps.map((n) => key('configmaps', ns, n)),
      ...refs.claims.map((n) => key('persistentvolumeclaims', ns, n)),
    ]);
    this.#retain(podKey, keys);
    await this.#synced(keys);
    // A bound claim's volume: known once the claim is read.
    const volumes = new Set(refs.claims.flatMap((c) => { const pv = this.claim(ns, c)?.spec?.volumeName; return pv ? [key('persistentvolumes', '', pv)] : []; }));
    if (volumes.size === 0) return;
    this.#retain(podKey, new Set([...keys, ...volumes]));
    await this.#synced(volumes);
  }

  /** The pod is gone from this node: its objects' watches stop unless another pod uses them. */
  untrack(podKey: string): void {
    this.#retain(podKey, new Set());
  }

  secret(namespace: string, name: string): Secret | undefined { return this.#get('secrets', namespace, name) as Secret | undefined; }
  configMap(namespace: string, name: string): ConfigMap | undefined { return this.#get('configmaps', namespace, name) as ConfigMap | undefined; }
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined { return this.#get('persistentvolumeclaims', namespace, name) as PersistentVolumeClaim | undefined; }
  volume(name: string): PersistentVolume | undefined { return this.#get('persistentvolumes', '', name) as PersistentVolume | undefined; }

  #get(kind: Kind, namespace: string, name: string): unknown {
    return this.#watched.get(key(kind, namespace, name))?.read();
  }

  #retain(podKey: string, keys: ReadonlySet<string>): void {
    const before = this.#byPod.get(podKey) ?? new Set<string>();
    for (const k of keys) if (!before.has(k)) this.#watch(k).users.add(podKey);
    for (const k of before) {
      if (keys.has(k)) continue;
      const w = this.#watched.get(k);
      w?.users.delete(podKey);
      if (w && w.users.size === 0) {
        this.#watched.delete(k);
        void w.stop().catch((e: unknown) => this.#ctx.logger.debug('watch stop failed', { key: k, error: errorMessage(e) }));
      }
    }
    if (keys.size) this.#byPod.set(podKey, new Set(keys)); else this.#byPod.delete(podKey);
  }

  #watch(k: string): Watched {
    const known = this.#watched.get(k);
    if (known) return known;
    const [kind, namespace, name] = k.split('/') as [Kind, string, string];
    const w = kind === 'secrets' || kind === 'configmaps' ? this.#informer(kind, namespace, name) : this.#fetched(kind, namespace, name);
    this.#watched.set(k, w);
    return w;
  }

  #informer(kind: 'secrets' | 'configmaps', namespace: string, name: string): Watched {
    const informer = new Informer({
      client: this.#ctx.client, resource: lookupResource('', 'v1', kind)!, namespace, fieldSelector: `metadata.name=${name}`,
      clock: this.#ctx.clock, logger: this.#ctx.logger,
    });
    const changed = (): void => this.#onChange(kind === 'secrets' ? 'secret' : 'configMap', namespace, name);
    informer.addHandlers({ onAdd: changed, onUpdate: changed });
    informer.start();
    return { users: new Set(), read: () => informer.get(`${namespace}/${name}`), sync: () => informer.waitForSync(), stop: () => informer[Symbol.asyncDispose]() };
  }

  /** A claim or volume: read again at each pod sync (the node may get, not list or watch, these). */
  #fetched(kind: 'persistentvolumeclaims' | 'persistentvolumes', namespace: string, name: string): Watched {
    let value: unknown;
    const resource = lookupResource('', 'v1', kind)!;
    return {
      users: new Set(),
      read: () => value,
      sync: async () => {
        try {
          value = await this.#ctx.client.get(resource, namespace, name);
        } catch (e: unknown) {
          if (isNotFound(e)) value = undefined;
          else this.#ctx.logger.warn('could not read a pod volume object', { kind, namespace, name, error: errorMessage(e) });
        }
      },
      stop: async () => undefined,
    };
  }

  async #synced(keys: ReadonlySet<string>): Promise<void> {
    const waits = [...keys].map((k) => this.#watched.get(k)?.sync());
    let timer: Disposable | undefined;
    const timeout = new Promise<void>((resolve) => { timer = this.#ctx.clock.setTimeout(resolve, syncWaitMs); });
    await Promise.race([Promise.all(waits), timeout]);
    timer?.[Symbol.dispose]();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const all = [...this.#watched.values()];
    this.#watched.clear();
    this.#byPod.clear();
    await Promise.all(all.map((w) => w.stop().catch(() => undefined)));
  }
}

const key = (kind: Kind, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;
