// The taint eviction controller's wiring: pods are looked at when they are bound or their node's taints
// change; an evicted pod gets the DisruptionTarget condition, a TaintManagerEviction event and a (graceful) delete.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound, lookupResource, semanticEqual } from '../../api/index.js';
import { Controller, objectKeyOf, PodsByNode, startWhenSynced, type ControllerContext, type EventRecorder, type ReconcileResult } from '../../client/index.js';
import { rfc3339 } from '../../util/index.js';
import { decideEviction } from './decide.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const nodesR = lookupResource('', 'v1', 'nodes')!;

export function startTaintEvictionController(ctx: ControllerContext & { recorder: EventRecorder }): AsyncDisposable {
  const pods = ctx.informers.informerFor<Pod>(podsR);
  const nodes = ctx.informers.informerFor<Node>(nodesR);
  /** A node's taint change looks at its pods only. */
  const byNode = new PodsByNode();
  const hasNoExecute = (n: Node | undefined): boolean => (n?.spec?.taints ?? []).some((t) => t.effect === 'NoExecute');

  const controller = new Controller({
    name: 'taint-eviction', workers: 2, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(key: string): Promise<ReconcileResult | undefined> {
        const pod = pods.get(key);
        const node = pod?.spec?.nodeName ? nodes.get(pod.spec.nodeName) : undefined;
        if (!pod || !node) return undefined;
        const d = decideEviction(pod, node.spec?.taints ?? [], ctx.clock.nowMs());
        if (d.kind === 'keep') return undefined;
        if (d.kind === 'wait') return { requeueAfterMs: d.ms };
        const [namespace, name] = key.split('/') as [string, string];
        ctx.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
        try {
          const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: rfc3339(ctx.clock.now()) };
          await ctx.client.update(podsR, { ...pod, status: { ...pod.status, conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition] } }, 'status')
            .catch((e: unknown) => { if (!isConflict(e)) throw e; });
          await ctx.client.delete(podsR, namespace, name, { preconditions: { uid: pod.metadata!.uid! } });
        } catch (e: unknown) {
          if (!isNotFound(e) && !isConflict(e)) throw e;
        }
        return undefined;
      },
    },
  });
  pods.addHandlers({
    onAdd: (p) => { byNode.set(p); if (hasNoExecute(nodes.get(p.spec?.nodeName ?? ''))) controller.enqueue(objectKeyOf(p)); },
    onUpdate: (p, old) => {
      byNode.set(p, old);
      if (p.spec?.nodeName !== old.spec?.nodeName || !semanticEqual(p.spec?.tolerations, old.spec?.tolerations)) {
        if (hasNoExecute(nodes.get(p.spec?.nodeName ?? ''))) controller.enqueue(objectKeyOf(p));
      }
    },
    onDelete: (p) => byNode.delete(p),
  });
  const onNode = (n: Node): void => {
    if (!hasNoExecute(n)) return;
    for (const key of byNode.keysOn(n.metadata?.name ?? '')) controller.enqueue(key);
  };
  nodes.addHandlers({ onAdd: onNode, onUpdate: (n, old) => { if (!semanticEqual(n.spec?.taints, old.spec?.taints)) onNode(n); } });
  return startWhenSynced([pods, nodes], [controller]);
}
