// The pod garbage collector (upstream PodGC, its orphaned-pods part): pods bound to a node that is gone — deleted,
// or never registered — are marked Failed (orphans.ts) and force-deleted once the node has been missing for
// the quarantine and a live read confirms it. A node key waits in the queue for the quarantine.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound, lookupResource } from '../../api/index.js';
import { controllerFor, PodsByNode, type CacheIndex, type ControllerContext, type ReconcileResult } from '../../client/index.js';
import { rfc3339 } from '../../util/index.js';
import { orphanedStatus, orphanQuarantineMs } from './orphans.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const nodesR = lookupResource('', 'v1', 'nodes')!;

export function startPodGarbageCollector(ctx: ControllerContext, options: { quarantineMs?: number } = {}): AsyncDisposable {
  const { client, clock } = ctx;
  const byNode = new PodsByNode();
  const byNodeIndex: CacheIndex<Pod> = { add: (p) => byNode.set(p), remove: (p) => byNode.delete(p) };
  const quarantineMs = options.quarantineMs ?? orphanQuarantineMs;
  // The keys are node names: a deleted node that still has pods is looked at after the quarantine.
  const b = controllerFor<Node>(ctx, nodesR, {
    name: 'pod-gc', kind: 'Node',
    delayOf: (c) => (c.type === 'delete' && byNode.keysOn(c.obj.metadata?.name ?? '').length ? quarantineMs : undefined),
  });
  const nodes = b.primary;
  // A pod bound (or moved) to a node the cache does not know: that node is looked at after the quarantine.
  const pods = b.watches<Pod>(podsR, (c) => {
    const n = c.obj.spec?.nodeName;
    const bound = c.type === 'add' || (c.type === 'update' && n !== c.old.spec?.nodeName);
    return bound && n && !nodes.get(n) ? [n] : [];
  }, { indexes: [byNodeIndex], delayMs: quarantineMs });

  async function collect(key: string): Promise<void> {
    const pod = pods.get(key);
    if (!pod?.metadata?.name) return;
    const { namespace = '', name, uid = '' } = pod.metadata;
    try {
      const status = orphanedStatus(pod, rfc3339(clock.now()));
      // A patch of pods/status (all upstream's pod-garbage-collector may write), as of the cached version.
      if (status) await client.patch(podsR, namespace, name, { metadata: { resourceVersion: pod.metadata.resourceVersion }, status }, 'merge', 'status').catch((e: unknown) => { if (!isConflict(e)) throw e; });
      await client.delete(podsR, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (e: unknown) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  return b.complete({
    async reconcile(node: string): Promise<ReconcileResult | undefined> {
      if (nodes.get(node)) return undefined;
      const keys = byNode.keysOn(node);
      if (keys.length === 0) return undefined;
      // The cache may lag a node that was just created: only a live NotFound makes its pods orphans.
      const live = await client.get(nodesR, '', node).then(() => true, (e: unknown) => { if (isNotFound(e)) return false; throw e; });
      if (live) return undefined;
      for (const key of keys) await collect(key);
      return undefined;
    },
  }, { workers: 1 });
}
