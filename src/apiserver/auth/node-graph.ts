// The node authorizer's graph over the API server's watch caches: pods indexed by the node they are bound to
// (rebuilt when the pods cache has moved), claims and volumes looked up by key.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/index.js';
import type { NodeGraph } from './node-authorizer.js';
import type { CachedObjects } from './rbac-authorizer.js';

export interface NodeGraphSources {
  pods: CachedObjects;
  claim(namespace: string, name: string): KubeObject | undefined;
  volume(name: string): KubeObject | undefined;
}

export class CachedNodeGraph implements NodeGraph {
  readonly #src: NodeGraphSources;
  #byNode: { readonly resourceVersion: number; readonly index: ReadonlyMap<string, Pod[]> } | undefined;

  constructor(sources: NodeGraphSources) {
    this.#src = sources;
  }

  podsOn(node: string): readonly Pod[] {
    if (this.#byNode?.resourceVersion !== this.#src.pods.resourceVersion) {
      const index = new Map<string, Pod[]>();
      const resourceVersion = this.#src.pods.resourceVersion;
      for (const o of this.#src.pods.list()) {
        const pod = o as Pod;
        const n = pod.spec?.nodeName;
        if (!n) continue;
        let list = index.get(n);
        if (!list) index.set(n, (list = []));
        list.push(pod);
      }
      this.#byNode = { resourceVersion, index };
    }
    return this.#byNode.index.get(node) ?? [];
  }

  claim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.#src.claim(namespace, name) as PersistentVolumeClaim | undefined;
  }

  volume(name: string): PersistentVolume | undefined {
    return this.#src.volume(name) as PersistentVolume | undefined;
  }
}
