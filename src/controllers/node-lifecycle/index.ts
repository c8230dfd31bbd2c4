// Node lifecycle controller wiring: every node is checked each monitor period against its kubelet Lease.
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { isNotFound, lookupResource } from '../../api/index.js';
import { addsAndUpdates, controllerFor, type ControllerContext, type ReconcileResult } from '../../client/index.js';
import { rfc3339 } from '../../util/index.js';
import { decideNodeHealth } from './decide.js';

export interface NodeLifecycleOptions {
  /** --node-monitor-grace-period (upstream default 40 s). */
  gracePeriodMs: number;
}

export function startNodeLifecycleController(ctx: ControllerContext, options: NodeLifecycleOptions): AsyncDisposable {
  const nodesR = lookupResource('', 'v1', 'nodes')!;
  // Every added or changed node now (a deleted one has nothing left to taint); each sync requeues for the next period.
  const b = controllerFor<Node>(ctx, nodesR, { name: 'node-lifecycle', kind: 'Node', delayOf: addsAndUpdates });
  const nodes = b.primary;
  const leases = b.reads<Lease>(lookupResource('coordination.k8s.io', 'v1', 'leases')!);
  // Upstream checks every --node-monitor-period (5 s); never less often than half the grace period.
  const periodMs = Math.max(200, Math.min(5000, Math.floor(options.gracePeriodMs / 2)));
  return b.complete({
    async reconcile(name: string): Promise<ReconcileResult | void> {
      const node = nodes.get(name);
      if (!node) return;
      const lease = leases.get(`kube-node-lease/${name}`);
      const renewMs = Date.parse(lease?.spec?.renewTime ?? node.metadata?.creationTimestamp ?? '') || ctx.clock.nowMs();
      const d = decideNodeHealth(node, { renewMs, nowMs: ctx.clock.nowMs(), gracePeriodMs: options.gracePeriodMs, now: rfc3339(ctx.clock.now()) });
      try {
        if (d.kind === 'markUnknown') {
          const tainted: Node = await ctx.client.update(nodesR, { ...node, spec: { ...node.spec, taints: d.taints } });
          await ctx.client.update(nodesR, { ...tainted, status: { ...tainted.status, conditions: d.conditions } }, 'status');
        } else if (d.kind === 'setTaints') {
          const { taints: _t, ...spec } = node.spec ?? {};
          await ctx.client.update(nodesR, { ...node, spec: d.taints.length ? { ...spec, taints: d.taints } : spec });
        }
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
      }
      return { requeueAfterMs: periodMs };
    },
  }, { workers: 2 });
}
