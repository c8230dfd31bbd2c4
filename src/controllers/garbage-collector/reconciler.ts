// Garbage collection decisions for one object (by uid): orphan or delete dependents of a deleting
// owner (orphan / foregroundDeletion finalizers), and delete objects whose owners are all gone.
import { isNotFound, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import type { Client, Reconciler, ReconcileResult } from '../../client/index.js';
import type { Logger } from '../../util/index.js';
import type { GraphNode, OwnerReference, OwnershipGraph } from './graph.js';

export interface GcReconcilerOptions {
  client: Client;
  graph: OwnershipGraph;
  logger: Logger;
  /** The resource an owner reference names (built-in, then served custom resources); undefined when nothing serves it. */
  resolveOwner(apiVersion: string, kind: string): ResourceDescriptor | undefined;
  /**
   * Whether every monitor's cache has synced. Orphaning and foreground deletion act on an owner's dependents as
   * the graph knows them: a dependent not yet listed would be missed (then collected as if its owner were gone).
   */
  hasSynced(): boolean;
}

/** How soon to look again at an owner while a monitor has not synced. */
const notSyncedRetryMs = 500;

type OwnerState = 'alive' | 'absent' | 'deletingForeground';

export class GarbageCollectorReconciler implements Reconciler {
  readonly #o: GcReconcilerOptions;
  constructor(options: GcReconcilerOptions) {
    this.#o = options;
  }

  async reconcile(uid: string): Promise<ReconcileResult | void> {
    const node = this.#o.graph.get(uid);
    if (!node) return;
    const orphan = node.deleting && node.finalizers.includes('orphan');
    const foreground = node.deleting && node.finalizers.includes('foregroundDeletion');
    if ((orphan || foreground) && !this.#o.hasSynced()) return { requeueAfterMs: notSyncedRetryMs };
    if (orphan) return this.#orphanDependents(node);
    if (foreground) return this.#deleteDependentsInForeground(node);
    if (node.owners.length && !node.deleting) return this.#collectIfOwnersGone(node);
  }

  async #orphanDependents(owner: GraphNode): Promise<ReconcileResult | void> {
    for (const d of this.#o.graph.dependentsOf(owner.uid)) await this.#removeOwnerRefs(d, new Set([owner.uid]));
    await this.#removeFinalizer(owner, 'orphan');
  }

  async #deleteDependentsInForeground(owner: GraphNode): Promise<ReconcileResult | void> {
    const deps = this.#o.graph.dependentsOf(owner.uid);
    let blocking = 0;
    for (const d of deps) {
      const ref = d.owners.find((o) => o.uid === owner.uid);
      if (ref?.blockOwnerDeletion) blocking++;
      if (!d.deleting) await this.#delete(d, 'Foreground');
    }
    if (blocking > 0) return { requeueAfterMs: 1000 };
    await this.#removeFinalizer(owner, 'foregroundDeletion');
  }

  async #collectIfOwnersGone(node: GraphNode): Promise<void> {
    const states = await Promise.all(node.owners.map(async (o) => [o, await this.#ownerState(node, o)] as const));
    const dangling = states.filter(([, s]) => s === 'absent').map(([o]) => o.uid);
    const alive = states.filter(([, s]) => s === 'alive');
    if (alive.length === 0) {
      const foreground = states.some(([, s]) => s === 'deletingForeground');
      if (dangling.length === 0 && !foreground) return;
      await this.#delete(node, foreground ? 'Foreground' : 'Background');
      return;
    }
    if (dangling.length) await this.#removeOwnerRefs(node, new Set(dangling));
  }

  async #ownerState(node: GraphNode, ref: OwnerReference): Promise<OwnerState> {
    const known = this.#o.graph.get(ref.uid);
    if (known) return known.deleting && known.finalizers.includes('foregroundDeletion') ? 'deletingForeground' : 'alive';
    const desc = this.#o.resolveOwner(ref.apiVersion, ref.kind);
    // An owner kind nothing serves (yet): never collect on a guess. The collector looks again when it is served.
    if (!desc) return 'alive';
    try {
      const live = await this.#o.client.get(desc, desc.namespaced ? node.namespace : '', ref.name);
      const m = live.metadata as { uid?: string; deletionTimestamp?: string; finalizers?: string[] };
      if (m.uid !== ref.uid) return 'absent';
      return m.deletionTimestamp && m.finalizers?.includes('foregroundDeletion') ? 'deletingForeground' : 'alive';
    } catch (e: unknown) {
      if (isNotFound(e)) return 'absent';
      throw e;
    }
  }

  async #delete(node: GraphNode, propagationPolicy: 'Background' | 'Foreground'): Promise<void> {
    this.#o.logger.debug('garbage collecting', { kind: node.resource.kind, namespace: node.namespace, name: node.name, propagationPolicy });
    try {
      await this.#o.client.delete(node.resource, node.namespace, node.name, { propagationPolicy, preconditions: { uid: node.uid } });
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }

  async #removeOwnerRefs(node: GraphNode, uids: ReadonlySet<string>): Promise<void> {
    const remaining = node.owners.filter((o) => !uids.has(o.uid));
    const patch = [
      { op: 'test', path: '/metadata/uid', value: node.uid },
      remaining.length ? { op: 'replace', path: '/metadata/ownerReferences', value: remaining } : { op: 'remove', path: '/metadata/ownerReferences' },
    ];
    try {
      await this.#o.client.patch(node.resource, node.namespace, node.name, patch, 'json');
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }

  async #removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    let obj: KubeObject;
    try {
      obj = await this.#o.client.get(node.resource, node.namespace, node.name);
    } catch (e: unknown) {
      if (isNotFound(e)) return;
      throw e;
    }
    const m = obj.metadata as { finalizers?: string[]; resourceVersion?: string };
    const fin = (m.finalizers ?? []).filter((f) => f !== finalizer);
    await this.#o.client.patch(node.resource, node.namespace, node.name, { metadata: { resourceVersion: m.resourceVersion, finalizers: fin.length ? fin : null } }, 'merge');
  }
}
