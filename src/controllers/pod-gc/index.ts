// The pod garbage collector (upstream PodGC, its orphaned-pods part): pods bound to a node that is gone — deleted,
// or never registered — are marked Failed (orphans.ts) and force-deleted once the node has been missing for
// the quarantine and a live read confirms it. A node key waits in the queue for the quarantine.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound, lookupResource } from '../../api/index.js';
import { Controller, PodsByNode, startWhenSynced, type ControllerContext, type ReconcileResult } from '../../client/index.js';
import { rfc3339 } from '../../util/index.js';
import { orphanedStatus, orphanQuarantineMs } from './orphans.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const nodesR = lookupResource('', 'v1', 'nodes')!;

export function startPodGarbageCollector(ctx: ControllerContext, options: { quarantineMs?: number } = {}): AsyncDisposable {
  const { client, clock } = ctx;
  const pods = ctx.informers.informerFor<Pod>(podsR);
  const nodes = ctx.informers.informerFor<Node>(nodesR);
  const byNode = new PodsByNode();
  const quarantineMs = options.quarantineMs ?? orphanQuarantineMs;

  const controller = new Controller({
    name: 'pod-gc', workers: 1, clock, logger: ctx.logger,
    reconciler: {
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
    },
  });

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

  const watchNode = (p: Pod): void => {
    const n = p.spec?.nodeName;
    if (n && !nodes.get(n)) controller.queue.addAfter(n, quarantineMs);
  };
  pods.addHandlers({
    onAdd: (p) => { byNode.set(p); watchNode(p); },
    onUpdate: (p, old) => { byNode.set(p, old); if (p.spec?.nodeName !== old.spec?.nodeName) watchNode(p); },
    onDelete: (p) => byNode.delete(p),
  });
  nodes.addHandlers({
    onDelete: (n) => { const name = n.metadata?.name ?? ''; if (byNode.keysOn(name).length) controller.queue.addAfter(name, quarantineMs); },
  });
  return startWhenSynced([pods, nodes], [controller]);
}
