// Node IPAM (upstream's range allocator): gives every Node without spec.podCIDR a subnet of the cluster
// CIDR (spec.podCIDR and spec.podCIDRs), the lowest one free among all nodes. A full range is an event.
import type { Node } from 'kubernetes-types/core/v1.js';
import { isNotFound, lookupResource } from '../../api/index.js';
import { controllerFor, type ControllerContext, type EventRecorder } from '../../client/index.js';
import { nextSubnet, parseClusterCidr } from './cidr.js';

const nodeResource = lookupResource('', 'v1', 'nodes')!;

export function startNodeIpamController(ctx: ControllerContext & { recorder: EventRecorder }, options: { clusterCidr: string }): AsyncDisposable {
  const cidr = parseClusterCidr(options.clusterCidr);
  /** Subnets handed out but maybe not yet seen by the informer. */
  const pending = new Map<string, string>();
  // Nodes without a podCIDR; a deleted node's pending subnet is free again.
  const b = controllerFor<Node & { metadata: { name: string } }>(ctx, nodeResource, {
    name: 'node-ipam', kind: 'Node',
    onChange: (c) => { if (c.type === 'delete') pending.delete(c.obj.metadata.name); },
    delayOf: (c) => (c.type !== 'delete' && !c.obj.spec?.podCIDR ? 0 : undefined),
  });
  const nodes = b.primary;
  return b.complete({
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
  }, { workers: 1 });
}
