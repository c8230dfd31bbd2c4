// Removing a server removes its etcd member (k3s's etcd member management): when the Node of a server that ran a
// managed member (--cluster-init / --server) is deleted, the members named after it (<node>-<8 hex>, as
// storage/etcd/managed-member.ts names them) leave the etcd cluster. Runs with the controllers (on the leader).
import type { Node } from 'kubernetes-types/core/v1.js';
import { lookupResource } from '../api/index.js';
import type { ControllerContext } from '../client/index.js';
import { listMembers, removeMember, type ClientTls } from '../storage/etcd/managed-member.js';
import { errorMessage } from '../util/index.js';

/** The members a deleted node's name stands for (pure). */
export function membersOfNode(node: string, members: readonly string[], self: string): string[] {
  const pattern = new RegExp(`^${node.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{8}$`);
  return members.filter((m) => pattern.test(m) && m !== self);
}

export function startEtcdMemberRemoval(ctx: Pick<ControllerContext, 'informers' | 'logger'>, o: { clientUrls: readonly string[]; tls: ClientTls; self: string }): AsyncDisposable {
  const nodes = ctx.informers.informerFor<Node>(lookupResource('', 'v1', 'nodes')!);
  let stopped = false;
  nodes.addHandlers({
    onDelete: (node) => {
      if (stopped || !node.metadata?.name) return;
      try {
        for (const name of membersOfNode(node.metadata.name, listMembers(o.clientUrls, o.tls), o.self)) {
          removeMember(o.clientUrls, o.tls, name);
          ctx.logger.info('removed the etcd member of a deleted server node', { node: node.metadata.name, member: name });
        }
      } catch (e: unknown) {
        ctx.logger.warn('etcd member of a deleted node not removed', { node: node.metadata.name, error: errorMessage(e) });
      }
    },
  });
  nodes.start();
  return { async [Symbol.asyncDispose]() { stopped = true; } };
}
