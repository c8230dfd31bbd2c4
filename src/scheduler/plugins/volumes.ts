// VolumeBinding and VolumeRestrictions: a pod's claims must exist and not be deleting; bound claims pin
// the pod to nodes their volumes allow; WaitForFirstConsumer claims need, per node, an Available volume
// that fits there or a class that can provision there; a ReadWriteOncePod claim has one user at a time.
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  annSelectedNode, claimClass, isDeleting, nodeSelectorMatches, notSupportedProvisioner, podClaimNames,
  type ClaimObject as Claim, type DataSourcePlacement, type StorageClassObject as Class, type VolumeIndex, type VolumeObject as Volume,
} from '../../api/index.js';
import type { NodeInfo } from '../cluster-cache.js';
import type { CycleState, FilterStatus, Plugin } from '../framework.js';

export interface VolumeView {
  claim(key: string): Claim | undefined;
  storageClass(name: string): Class | undefined;
  readonly volumes: VolumeIndex;
  /** Keys of scheduled, unfinished pods whose volumes reference the claim "ns/name". */
  podsUsingClaim(key: string): readonly string[];
  /**
   * Where a delayed claim's data source (snapshot, claim) lives when the claim must be provisioned next to it
   * (local-path restores and clones); 'none' for claims that may go anywhere.
   */
  dataSourcePlacement(claim: Claim): DataSourcePlacement;
}

/** What binding a pod's WaitForFirstConsumer claims on one node means: a volume to claim, or provisioning. */
export interface ClaimDecision {
  readonly claim: Claim;
  readonly volume?: Volume;
}

interface VolumeCycle {
  bound: { claim: Claim; volume: Volume | undefined }[];
  delayed: Claim[];
  /** Delayed claims no free volume could match on any node: only provisioning can serve them (checked once per pod, not per node). */
  provisionOnly: Set<Claim>;
  decisions: Map<string, ClaimDecision[]>;
}

const cycleKey = 'VolumeBinding';

/** The decisions VolumeBinding made for the chosen node (for PreBind). */
export function claimDecisions(state: CycleState, node: string): readonly ClaimDecision[] {
  return (state.data.get(cycleKey) as VolumeCycle | undefined)?.decisions.get(node) ?? [];
}

function provisionableOn(cls: Class | undefined, node: NodeInfo): boolean {
  if (!cls || !cls.provisioner || cls.provisioner === notSupportedProvisioner) return false;
  const topologies = cls.allowedTopologies ?? [];
  if (topologies.length === 0) return true;
  const labels = node.node.metadata.labels ?? {};
  return topologies.some((t) => (t.matchLabelExpressions ?? []).every((e) => e.values.includes(labels[e.key] ?? '\u0000')));
}

export function volumeBinding(view: VolumeView): Plugin {
  return {
    name: 'VolumeBinding',
    preFilter(pod, state): FilterStatus | undefined {
      const ns = pod.metadata?.namespace ?? 'default';
      const cycle: VolumeCycle = { bound: [], delayed: [], provisionOnly: new Set(), decisions: new Map() };
      for (const name of podClaimNames(pod)) {
        const claim = view.claim(`${ns}/${name}`);
        if (!claim) return { reason: `persistentvolumeclaim "${name}" not found`, unresolvable: true };
        // Upstream checks a Lost claim first: its volume is gone, so no node can ever mount it.
        if (claim.status?.phase === 'Lost') return { reason: `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${claim.spec?.volumeName ?? ''}"`, unresolvable: true };
        if (isDeleting(claim)) return { reason: `persistentvolumeclaim "${name}" is being deleted`, unresolvable: true };
        const volumeName = claim.spec?.volumeName ?? '';
        if (claim.status?.phase === 'Bound' && volumeName !== '') {
          cycle.bound.push({ claim, volume: view.volumes.get(volumeName) });
          continue;
        }
        const cls = view.storageClass(claimClass(claim));
        const delayed = volumeName === '' && cls?.volumeBindingMode === 'WaitForFirstConsumer';
        if (!delayed) return { reason: 'pod has unbound immediate PersistentVolumeClaims', unresolvable: true };
        // A restore or clone waits until its source is ready: only then is the node it must go to known.
        if (view.dataSourcePlacement(claim).kind === 'pending') return { reason: `persistentvolumeclaim "${name}" waits for its data source to be ready`, unresolvable: true };
        cycle.delayed.push(claim);
        // Matching without a node ignores node affinity: no result means no volume fits on any node.
        if (!view.volumes.findBestMatch(claim)) cycle.provisionOnly.add(claim);
      }
      state.data.set(cycleKey, cycle);
      return undefined;
    },
    filter(_pod, node, state): FilterStatus | undefined {
      const cycle = state.data.get(cycleKey) as VolumeCycle | undefined;
      if (!cycle) return undefined;
      const identity = { name: node.node.metadata.name, labels: node.node.metadata.labels ?? {} };
      for (const { volume } of cycle.bound) {
        if (!volume) return { reason: 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)', unresolvable: true };
        if (!nodeSelectorMatches(volume.spec?.nodeAffinity?.required, identity)) return { reason: 'node(s) had volume node affinity conflict', unresolvable: true };
      }
      if (cycle.delayed.length === 0) return undefined;
      const decisions: ClaimDecision[] = [];
      const chosen: string[] = [];
      try {
        for (const claim of cycle.delayed) {
          // A claim a previous attempt sent to another node for provisioning can only go there.
          const selected = claim.metadata.annotations?.[annSelectedNode];
          if (selected !== undefined && selected !== identity.name) return { reason: "node(s) didn't find available persistent volumes to bind", unresolvable: true };
          const source = view.dataSourcePlacement(claim);
          if (source.kind === 'node' && source.node !== identity.name) return { reason: "node(s) didn't hold the data source of the pod's volume claims", unresolvable: true };
          const volume = cycle.provisionOnly.has(claim) ? undefined : view.volumes.findBestMatch(claim, { node: identity });
          if (volume) {
            view.volumes.reserve(volume.metadata.name); // distinct volumes for the claims of one pod
            chosen.push(volume.metadata.name);
            decisions.push({ claim, volume });
          } else if (provisionableOn(view.storageClass(claimClass(claim)), node)) {
            decisions.push({ claim });
          } else {
            return { reason: "node(s) didn't find available persistent volumes to bind", unresolvable: true };
          }
        }
      } finally {
        for (const name of chosen) view.volumes.release(name);
      }
      cycle.decisions.set(identity.name, decisions);
      return undefined;
    },
  };
}

export function volumeRestrictions(view: VolumeView): Plugin {
  return {
    name: 'VolumeRestrictions',
    preFilter(pod, state): FilterStatus | undefined {
      const ns = pod.metadata?.namespace ?? 'default';
      for (const name of podClaimNames(pod)) {
        const claim = view.claim(`${ns}/${name}`);
        if (!claim?.spec?.accessModes?.includes('ReadWriteOncePod')) continue;
        if (view.podsUsingClaim(`${ns}/${name}`).some((k) => k !== state.podKey)) {
          return { reason: 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode', unresolvable: true };
        }
      }
      return undefined;
    },
  };
}
