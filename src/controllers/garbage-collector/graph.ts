// The ownership graph: every object the collector watches, indexed by uid and by owner uid. Pure data.
import type { KubeObject, ResourceDescriptor } from '../../api/index.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface GraphNode {
  readonly uid: string;
  readonly resource: ResourceDescriptor;
  readonly namespace: string;
  readonly name: string;
  readonly owners: readonly OwnerReference[];
  readonly deleting: boolean;
  readonly finalizers: readonly string[];
}

export function nodeOf(resource: ResourceDescriptor, obj: KubeObject): GraphNode | undefined {
  const m = (obj.metadata ?? {}) as { uid?: string; name?: string; namespace?: string; ownerReferences?: OwnerReference[]; deletionTimestamp?: string; finalizers?: string[] };
  if (!m.uid) return undefined;
  return { uid: m.uid, resource, namespace: m.namespace ?? '', name: m.name ?? '', owners: m.ownerReferences ?? [], deleting: !!m.deletionTimestamp, finalizers: m.finalizers ?? [] };
}

export class OwnershipGraph {
  readonly #nodes = new Map<string, GraphNode>();
  readonly #dependents = new Map<string, Set<string>>();

  upsert(n: GraphNode): void {
    this.remove(n.uid);
    this.#nodes.set(n.uid, n);
    for (const o of n.owners) {
      let s = this.#dependents.get(o.uid);
      if (!s) this.#dependents.set(o.uid, (s = new Set()));
      s.add(n.uid);
    }
  }

  remove(uid: string): void {
    const old = this.#nodes.get(uid);
    if (!old) return;
    this.#nodes.delete(uid);
    for (const o of old.owners) {
      const s = this.#dependents.get(o.uid);
      s?.delete(uid);
      if (s && s.size === 0) this.#dependents.delete(o.uid);
    }
  }

  get(uid: string): GraphNode | undefined {
    return this.#nodes.get(uid);
  }

  /** Every object in the graph. */
  nodes(): IterableIterator<GraphNode> {
    return this.#nodes.values();
  }

  /** Objects that name uid as an owner (whether or not that owner still exists). */
  dependentsOf(uid: string): GraphNode[] {
    return [...(this.#dependents.get(uid) ?? [])].map((d) => this.#nodes.get(d)).filter((n): n is GraphNode => n !== undefined);
  }
}
