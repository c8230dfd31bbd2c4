// The scheduler's view of the cluster: per node, what its bound and assumed pods request. Updated from
// the pod and node informers and by assume() right after a binding, so a burst never overcommits a node.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { addResources, nodeAllocatable, podRequests, zeroResources, type Resources } from './resources.js';

export interface NodeInfo {
  readonly node: Node & { metadata: { name: string } };
  readonly allocatable: Resources;
  readonly requested: Resources;
  /** Keys ("ns/name") of the pods counted on this node. */
  readonly pods: Set<string>;
}

interface Contribution {
  node: string;
  requests: Resources;
}

const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

export class ClusterCache {
  readonly #nodes = new Map<string, NodeInfo>();
  readonly #byPod = new Map<string, Contribution>();

  upsertNode(node: Node & { metadata: { name: string } }): void {
    const name = node.metadata.name;
    const old = this.#nodes.get(name);
    const info: NodeInfo = { node, allocatable: nodeAllocatable(node), requested: old?.requested ?? zeroResources(), pods: old?.pods ?? new Set() };
    this.#nodes.set(name, info);
    if (old) return;
    // Pods seen before their node: count them now.
    for (const [key, c] of this.#byPod) if (c.node === name) { addResources(info.requested, c.requests); info.pods.add(key); }
  }

  removeNode(name: string): void {
    this.#nodes.delete(name);
  }

  /** Counts a pod on its node (or stops counting it when it is gone, unbound or finished). */
  observePod(key: string, pod: Pod | undefined): void {
    const node = pod && !isTerminal(pod) ? pod.spec?.nodeName : undefined;
    this.#set(key, node ? { node, requests: podRequests(pod!) } : undefined);
  }

  /** Counts a pod on the node it is being bound to, before the informer shows the binding. */
  assume(key: string, pod: Pod, node: string): void {
    this.#set(key, { node, requests: podRequests(pod) });
  }

  #set(key: string, next: Contribution | undefined): void {
    const prev = this.#byPod.get(key);
    if (prev) {
      const info = this.#nodes.get(prev.node);
      if (info) { addResources(info.requested, prev.requests, -1); info.pods.delete(key); }
      this.#byPod.delete(key);
    }
    if (next) {
      this.#byPod.set(key, next);
      const info = this.#nodes.get(next.node);
      if (info) { addResources(info.requested, next.requests); info.pods.add(key); }
    }
  }

  nodes(): NodeInfo[] {
    return [...this.#nodes.values()];
  }

  get nodeCount(): number {
    return this.#nodes.size;
  }
}
