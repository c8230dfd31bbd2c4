// The attach/detach decision for one volume (pure): which nodes it should be attached to and detached from,
// and which pods must wait with a Multi-Attach error because a volume that allows one node at a time is held
// by another node.

export interface PodRef { namespace: string; name: string; uid: string }

/** A scheduled, unfinished pod that uses the volume on a node. Callers list them oldest first. */
export interface VolumeUse { node: string; pod: PodRef }

export interface VolumeState {
  /** The PersistentVolume's name (the "volume" of upstream's messages). */
  pvName: string;
  /** ReadWriteOnce/ReadWriteOncePod: at most one node at a time. */
  multiAttachForbidden: boolean;
  uses: readonly VolumeUse[];
  /** Nodes the volume is attached to now. */
  attachedTo: readonly string[];
  /** Nodes whose kubelet reports the volume in use (mounted, or about to be): never detached from under it. */
  inUseOn: ReadonlySet<string>;
  /** Nodes that exist; an attachment to a node that is gone is dropped whatever it reported. */
  nodes: ReadonlySet<string>;
}

export interface Blocked { pod: PodRef; node: string; message: string }

export interface VolumePlan { attach: string[]; detach: string[]; blocked: Blocked[] }

/**
 * Detach from nodes no pod needs it on any more (once their kubelet has stopped using it), then attach to
 * each node that needs it, in the order of its oldest user. A volume that allows one node at a time stays
 * where it is; the pods on other nodes are blocked with upstream's Multi-Attach message.
 */
export function planVolume(s: VolumeState): VolumePlan {
  const wanted: string[] = [];
  for (const u of s.uses) if (!wanted.includes(u.node)) wanted.push(u.node);
  const detach = s.attachedTo.filter((n) => !s.nodes.has(n) || (!wanted.includes(n) && !s.inUseOn.has(n)));
  const holding = s.attachedTo.filter((n) => !detach.includes(n));
  const attach: string[] = [];
  const blocked: Blocked[] = [];
  for (const node of wanted) {
    if (holding.includes(node)) continue;
    if (s.multiAttachForbidden && holding.length > 0) {
      const holders = s.uses.filter((u) => holding.includes(u.node)).map((u) => u.pod);
      for (const u of s.uses) if (u.node === node) blocked.push({ pod: u.pod, node, message: multiAttachMessage(s.pvName, u.pod.namespace, holders) });
      continue;
    }
    attach.push(node);
    holding.push(node);
  }
  return { attach, detach, blocked };
}

/**
 * Upstream's event text. A pod's namespace sees the names of the pods holding the volume in that namespace
 * and only a count of those in others; with no pod holding it, the volume is just attached elsewhere.
 */
export function multiAttachMessage(pvName: string, namespace: string, holders: readonly PodRef[]): string {
  const prefix = `Multi-Attach error for volume "${pvName}"`;
  if (holders.length === 0) return `${prefix} Volume is already exclusively attached to one node and can't be attached to another`;
  const local = holders.filter((p) => p.namespace === namespace).map((p) => p.name);
  const others = holders.length - local.length;
  if (local.length === 0) return `${prefix} Volume is already used by ${others} pod(s) in different namespaces`;
  return `${prefix} Volume is already used by pod(s) ${local.join(', ')}${others > 0 ? ` and ${others} pod(s) in different namespaces` : ''}`;
}
