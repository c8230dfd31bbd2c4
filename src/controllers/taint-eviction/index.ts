// The taint eviction controller's wiring: pods are looked at when they are bound or their node's taints
// change; an evicted pod gets the DisruptionTarget condition, a TaintManagerEviction event and a (graceful) delete.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound, lookupResource, semanticEqual } from '../../api/index.js';
import { controllerFor, PodsByNode, type Change, type ControllerContext, type EventRecorder, type ReconcileResult } from '../../client/index.js';
import { rfc3339 } from '../../util/index.js';
import { decideEviction } from './decide.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const nodesR = lookupResource('', 'v1', 'nodes')!;

export function startTaintEvictionController(ctx: ControllerContext & { recorder: EventRecorder }): AsyncDisposable {
  /** A node's taint change looks at its pods only. */
  const byNode = new PodsByNode();
  const hasNoExecute = (n: Node | undefined): boolean => (n?.spec?.taints ?? []).some((t) => t.effect === 'NoExecute');
  /** A pod is looked at when it is bound, or its tolerations change, on a node with NoExecute taints. */
  const concerns = (c: Change<Pod>): boolean => c.type !== 'delete' && hasNoExecute(nodes.get(c.obj.spec?.nodeName ?? ''))
    && (c.type === 'add' || c.obj.spec?.nodeName !== c.old.spec?.nodeName || !semanticEqual(c.obj.spec?.tolerations, c.old.spec?.tolerations));
  const b = controllerFor<Pod>(ctx, podsR, {
    name: 'taint-eviction', kind: 'Pod', delayOf: (c) => (concerns(c) ? 0 : undefined),
    onChange: (c) => { if (c.type === 'delete') byNode.delete(c.obj); else byNode.set(c.obj, c.type === 'update' ? c.old : undefined); },
  });
  const pods = b.primary;
  const nodes = b.watches<Node>(nodesR, (c) => (c.type !== 'delete' && hasNoExecute(c.obj) && (c.type === 'add' || !semanticEqual(c.obj.spec?.taints, c.old.spec?.taints))
    ? byNode.keysOn(c.obj.metadata?.name ?? '') : []));
  return b.complete({
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
  }, { workers: 2 });
}
