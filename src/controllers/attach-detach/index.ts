// The attach/detach controller (upstream "attachdetach-controller"): attaches attachable volumes (see
// api/core/v1/volume-attachment.ts) to the nodes whose pods use them, records the attachments in Node
// status volumesAttached (which kubelets wait for before mounting), detaches a volume once no pod on a node
// needs it and that node's kubelet no longer reports it in volumesInUse, and reports Multi-Attach errors on
// pods that want a ReadWriteOnce volume held by another node. The decision for one volume is plan.ts.
// Not on the controller builder (client/controller/builder.ts), by design: the keys are unique volume names (inline
// volumes or PVs), not objects of a primary kind, and node events also mark nodes whose volumesAttached must be
// written again from the controller's own actual state.
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { attachableVolumes, ClaimUsers, lookupResource, type AttachmentLookup } from '../../api/index.js';
import { Controller, objectKeyOf, startWhenSynced, type ControllerContext, type EventRecorder } from '../../client/index.js';
import { planVolume, type VolumeUse } from './plan.js';

const podsR = lookupResource('', 'v1', 'pods')!;
const claimsR = lookupResource('', 'v1', 'persistentvolumeclaims')!;
const volumesR = lookupResource('', 'v1', 'persistentvolumes')!;
const nodesR = lookupResource('', 'v1', 'nodes')!;

const attachedOf = (n: Node | undefined): string[] => (n?.status?.volumesAttached ?? []).map((v) => v.name);

export function startAttachDetachController(ctx: ControllerContext & { recorder: EventRecorder }): AsyncDisposable {
  const pods = ctx.informers.informerFor<Pod>(podsR);
  const claims = ctx.informers.informerFor<PersistentVolumeClaim>(claimsR);
  const volumes = ctx.informers.informerFor<PersistentVolume>(volumesR);
  const nodes = ctx.informers.informerFor<Node>(nodesR);
  const lookup: AttachmentLookup = { claim: (ns, n) => claims.get(`${ns}/${n}`), volume: (n) => volumes.get(n) };

  /** The actual state: node → attached volumes. Loaded from Node status once; this controller owns the field. */
  let actual: Map<string, Set<string>> | undefined;
  const actualState = (): Map<string, Set<string>> => {
    if (!actual) actual = new Map(nodes.list().map((n) => [n.metadata?.name ?? '', new Set(attachedOf(n))]));
    return actual;
  };
  /** Whether the node's status already lists what the actual state holds for it. */
  const written = (name: string, node: Node): boolean => [...(actualState().get(name) ?? [])].sort().join('\n') === attachedOf(node).join('\n');
  /** Nodes whose volumesAttached must still be written. */
  const dirty = new Set<string>();
  /** unique volume name → keys of pods that use it; pod key → its unique volume names. */
  const users = new Map<string, Set<string>>();
  const usedBy = new Map<string, string[]>();
  const claimUsers = new ClaimUsers();
  /** Multi-Attach errors already reported, as "<pod uid> <volume> <node>": one event each, as upstream. */
  const reported = new Set<string>();

  const controller = new Controller({
    name: 'attachdetach', workers: 1, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(unique: string): Promise<void> {
        const state = actualState();
        const uses: (VolumeUse & { createdMs: number })[] = [];
        let pvName = unique.slice(unique.lastIndexOf('/') + 1);
        let forbidden = true;
        for (const key of users.get(unique) ?? []) {
          const pod = pods.get(key);
          const node = pod?.spec?.nodeName;
          if (!pod || !node || !isPodUsingVolumes(pod)) continue;
          const v = attachableVolumes(pod, lookup).find((x) => x.uniqueName === unique);
          if (!v) continue;
          pvName = v.pvName;
          forbidden = v.multiAttachForbidden;
          uses.push({ node, pod: { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' }, createdMs: Date.parse(pod.metadata?.creationTimestamp ?? '') || 0 });
        }
        uses.sort((a, b) => a.createdMs - b.createdMs || a.pod.name.localeCompare(b.pod.name));
        const allNodes = nodes.list();
        const plan = planVolume({
          pvName, multiAttachForbidden: forbidden, uses,
          attachedTo: [...state].filter(([, set]) => set.has(unique)).map(([n]) => n),
          inUseOn: new Set(allNodes.filter((n) => (n.status?.volumesInUse ?? []).includes(unique)).map((n) => n.metadata?.name ?? '')),
          nodes: new Set(allNodes.map((n) => n.metadata?.name ?? '')),
        });
        for (const n of plan.detach) { state.get(n)?.delete(unique); dirty.add(n); }
        for (const n of plan.attach) {
          let set = state.get(n);
          if (!set) state.set(n, (set = new Set()));
          set.add(unique);
          dirty.add(n);
        }
        const blockedNow = new Set(plan.blocked.map((b) => `${b.pod.uid} ${unique} ${b.node}`));
        for (const k of reported) if (k.split(' ')[1] === unique && !blockedNow.has(k)) reported.delete(k);
        for (const b of plan.blocked) {
          const k = `${b.pod.uid} ${unique} ${b.node}`;
          if (reported.has(k)) continue;
          reported.add(k);
          const pod = pods.get(`${b.pod.namespace}/${b.pod.name}`);
          if (pod) ctx.recorder.event(pod, 'Warning', 'FailedAttachVolume', b.message);
        }
        await writeDirty();
      },
    },
  });

  /** Writes volumesAttached of every node whose list changed; a failed write stays dirty and fails the sync (retried). */
  const writeDirty = async (): Promise<void> => {
    let failure: unknown;
    for (const name of [...dirty]) {
      const node = nodes.get(name);
      if (!node) { dirty.delete(name); actual?.delete(name); continue; }
      if (written(name, node)) { dirty.delete(name); continue; }
      const list = [...(actualState().get(name) ?? [])].sort();
      try {
        await ctx.client.patch(nodesR, '', name, { status: { volumesAttached: list.map((v) => ({ name: v, devicePath: '' })) } }, 'merge', 'status');
        dirty.delete(name);
      } catch (e: unknown) {
        failure = e;
      }
    }
    if (failure !== undefined) throw failure;
  };

  const indexPod = (key: string, pod: Pod | undefined): void => {
    const before = usedBy.get(key) ?? [];
    const after = pod?.spec?.nodeName && isPodUsingVolumes(pod) ? attachableVolumes(pod, lookup).map((v) => v.uniqueName) : [];
    for (const u of before) if (!after.includes(u)) { users.get(u)?.delete(key); if (users.get(u)?.size === 0) users.delete(u); }
    for (const u of after) { let s = users.get(u); if (!s) users.set(u, (s = new Set())); s.add(key); }
    if (after.length) usedBy.set(key, after); else usedBy.delete(key);
    for (const u of new Set([...before, ...after])) controller.enqueue(u);
  };
  const onPod = (present: boolean) => (p: Pod): void => {
    const key = objectKeyOf(p);
    claimUsers.set(key, present ? p : undefined);
    indexPod(key, present ? p : undefined);
  };
  pods.addHandlers({ onAdd: onPod(true), onUpdate: onPod(true), onDelete: onPod(false) });
  // A claim binding, or a PV changing, can make a pod's volume attachable (or not): index its users again.
  const reindexClaim = (ns: string, name: string): void => { for (const k of claimUsers.podsOf(`${ns}/${name}`)) indexPod(k, pods.get(k)); };
  const onClaim = (c: PersistentVolumeClaim): void => reindexClaim(c.metadata?.namespace ?? '', c.metadata?.name ?? '');
  claims.addHandlers({ onAdd: onClaim, onUpdate: onClaim });
  const onVolume = (v: PersistentVolume): void => { const ref = v.spec?.claimRef; if (ref?.name) reindexClaim(ref.namespace ?? '', ref.name); };
  volumes.addHandlers({ onAdd: onVolume, onUpdate: onVolume });
  const onNode = (n: Node): void => {
    const name = n.metadata?.name ?? '';
    for (const u of new Set([...attachedOf(n), ...(n.status?.volumesInUse ?? []), ...(actual?.get(name) ?? [])])) controller.enqueue(u);
    // A status written by someone else (a kubelet re-registering) may have dropped the attachments: write them again.
    if (actual && !written(name, n)) dirty.add(name);
  };
  nodes.addHandlers({ onAdd: onNode, onUpdate: onNode, onDelete: (n) => { const name = n.metadata?.name ?? ''; const held = actual?.get(name); actual?.delete(name); dirty.delete(name); for (const u of held ?? []) controller.enqueue(u); } });
  return startWhenSynced([pods, claims, volumes, nodes], [controller]);
}

/** A pod holds its volumes from scheduling until it finishes or is gone (upstream's desired state of the world). */
function isPodUsingVolumes(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}
