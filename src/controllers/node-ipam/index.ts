// Node IPAM (upstream's range allocator): gives every Node without spec.podCIDR a subnet of the cluster
// CIDR (spec.podCIDR and spec.podCIDRs), the lowest one free among all nodes. A full range is an event.
import type { Node } from 'kubernetes-types/core/v1.js';
import { isNotFound, lookupResource } from '../../api/index.js';
import { Controller, startWhenSynced, type ControllerContext, type EventRecorder } from '../../client/index.js';
import { nextSubnet, parseClusterCidr } from './cidr.js';

const nodeResource = lookupResource('', 'v1', 'nodes')!;

export function startNodeIpamController(ctx: ControllerContext & { recorder: EventRecorder }, options: { clusterCidr: string }): AsyncDisposable {
  const cidr = parseClusterCidr(options.clusterCidr);
  const nodes = ctx.informers.informerFor<Node & { metadata: { name: string } }>(nodeResource);
  /** Subnets handed out but maybe not yet seen by the informer. */
  const pending = new Map<string, string>();
  const controller = new Controller({
    name: 'node-ipam', workers: 1, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(name: string) {
        const node = nodes.get(name);
        if (!node || node.spec?.podCIDR) { pending.delete(name); return; }
        const used = new Set<string>([...nodes.list().flatMap((n) => n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : [])), ...pending.values()]);
        const subnet = pending.get(name) ?? nextSubnet(cidr, used);
        if (!subnet) {
          ctx.recorder.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
          return { requeueAfterMs: 30_000 };
        }
        pending.set(name, subnet);
        try {
          await ctx.client.patch(nodeResource, '', name, { spec: { podCIDR: subnet, podCIDRs: [subnet] } }, 'merge');
        } catch (e: unknown) {
          if (!isNotFound(e)) throw e;
          pending.delete(name);
        }
        ctx.logger.info('assigned podCIDR', { node: name, podCIDR: subnet });
        return undefined;
      },
    },
  });
  const onNode = (n: Node): void => { if (!n.spec?.podCIDR && n.metadata?.name) controller.enqueue(n.metadata.name); };
  nodes.addHandlers({ onAdd: onNode, onUpdate: onNode, onDelete: (n) => { if (n.metadata?.name) pending.delete(n.metadata.name); } });
  return startWhenSynced([nodes], [controller]);
}
