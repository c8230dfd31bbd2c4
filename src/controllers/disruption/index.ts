// The disruption controller (upstream pkg/controller/disruption): keeps each PodDisruptionBudget's status —
// expected and healthy pods, desired healthy, disruptionsAllowed, the evictions still awaited, observedGeneration
// and the DisruptionAllowed condition — from the pods its selector matches and their controllers' scale
// (finders.ts). The eviction subresource spends disruptionsAllowed; this controller gives it back as pods return.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import {
  awaitedEvictions, budgetStatus, countHealthy, expectedPodCount, failSafeStatus, formatLabelSelector, fromLabelSelectorObject, isConflict, isNotFound,
  lookupKind, lookupResource, matchesLabels, type LabelSelectorObject,
} from '../../api/index.js';
import { addsAndUpdates, controllerFor, objectKeyOf, type ControllerContext, type EventRecorder, type ReconcileResult } from '../../client/index.js';
import { errorMessage, rfc3339 } from '../../util/index.js';
import { podScale, type ControllerLookups, type ScaledObject } from './finders.js';

const pdbR = lookupResource('policy', 'v1', 'poddisruptionbudgets')!;
const podsR = lookupResource('', 'v1', 'pods')!;
const rcR = lookupResource('', 'v1', 'replicationcontrollers')!;
const rsR = lookupResource('apps', 'v1', 'replicasets')!;
const deployR = lookupResource('apps', 'v1', 'deployments')!;
const ssR = lookupResource('apps', 'v1', 'statefulsets')!;

const pdbSubject = (pdb: PodDisruptionBudget) => ({ ...pdb, apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' });
const podSubject = (pod: Pod) => ({ ...pod, apiVersion: 'v1', kind: 'Pod' });

function selectorOf(pdb: PodDisruptionBudget) {
  try {
    return fromLabelSelectorObject(pdb.spec?.selector as LabelSelectorObject | undefined);
  } catch {
    return { requirements: [], nothing: true };
  }
}

export function startDisruptionController(ctx: ControllerContext & { recorder: EventRecorder }): AsyncDisposable {
  const { client, clock } = ctx;
  // A budget added or changed (a deleted one has no status left to keep).
  const b = controllerFor<PodDisruptionBudget>(ctx, pdbR, { name: 'disruption', kind: 'PodDisruptionBudget', delayOf: addsAndUpdates });
  const pdbs = b.primary;
  /** The budgets in the pod's namespace whose selector matches it. */
  const budgetsOf = (pod: Pod): string[] => pdbs.list()
    .filter((pdb) => pdb.metadata?.namespace === pod.metadata?.namespace && matchesLabels(selectorOf(pdb), pod.metadata?.labels))
    .map((pdb) => objectKeyOf(pdb));
  // A pod concerns the budgets that select it, and on an update those that selected it before.
  const pods = b.watches<Pod>(podsR, (c) => new Set([...budgetsOf(c.obj), ...(c.type === 'update' ? budgetsOf(c.old) : [])]));
  const rcs = b.reads<ScaledObject>(rcR);
  const rss = b.reads<ScaledObject>(rsR);
  const deployments = b.reads<ScaledObject>(deployR);
  const statefulSets = b.reads<ScaledObject>(ssR);
  const key = (ns: string, name: string): string => `${ns}/${name}`;

  /** The /scale of controllers of other kinds (read live, as upstream's scale client does). */
  async function otherScales(owned: readonly Pod[]): Promise<Map<string, { uid: string; replicas: number }>> {
    const out = new Map<string, { uid: string; replicas: number }>();
    for (const pod of owned) {
      const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
      if (!ref || out.has(ref.uid) || ['ReplicationController', 'ReplicaSet', 'StatefulSet'].includes(ref.kind)) continue;
      const [group, version] = ref.apiVersion.includes('/') ? ref.apiVersion.split('/') as [string, string] : ['', ref.apiVersion];
      const desc = lookupKind(group, version, ref.kind);
      if (!desc?.scale) continue;
      try {
        const s = await client.getSubresource<{ metadata?: { uid?: string }; spec?: { replicas?: number } }>(desc, pod.metadata?.namespace ?? '', ref.name, 'scale');
        out.set(ref.uid, { uid: s.metadata?.uid ?? '', replicas: s.spec?.replicas ?? 0 });
      } catch (e: unknown) {
        if (!isNotFound(e)) throw e;
      }
    }
    return out;
  }

  async function writeStatus(pdb: PodDisruptionBudget, status: NonNullable<PodDisruptionBudget['status']>): Promise<void> {
    await client.update(pdbR, { ...pdb, status }, 'status');
  }

  return b.complete({
    async reconcile(pdbKey: string): Promise<ReconcileResult | undefined> {
      const pdb = pdbs.get(pdbKey);
      if (!pdb?.metadata?.name) return undefined;
      const namespace = pdb.metadata.namespace ?? '';
      const selector = selectorOf(pdb);
      const matching = pods.list().filter((p) => p.metadata?.namespace === namespace && matchesLabels(selector, p.metadata?.labels));
      const now = rfc3339(clock.now());
      try {
        if (matching.length === 0) ctx.recorder.event(pdbSubject(pdb), 'Normal', 'NoPods', 'No matching pods found');
        const scales = await otherScales(matching);
        const lookups: ControllerLookups = {
          replicationController: (ns, n) => rcs.get(key(ns, n)),
          replicaSet: (ns, n) => rss.get(key(ns, n)),
          deployment: (ns, n) => deployments.get(key(ns, n)),
          statefulSet: (ns, n) => statefulSets.get(key(ns, n)),
          scaleOf: (ref: OwnerReference) => scales.get(ref.uid),
        };
        const expected = expectedPodCount(pdb, matching, (p) => podScale(p, lookups));
        if ('error' in expected) {
          ctx.recorder.event(pdbSubject(pdb), 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${expected.error}`);
          await writeStatus(pdb, failSafeStatus(pdb, expected.error, now));
          return undefined;
        }
        if (expected.unmanaged.length) {
          ctx.recorder.event(pdbSubject(pdb), 'Warning', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${formatLabelSelector(selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`);
        }
        const nowMs = clock.nowMs();
        const evictions = awaitedEvictions(matching, pdb.status?.disruptedPods, nowMs);
        for (const name of evictions.expired) {
          const pod = matching.find((p) => p.metadata?.name === name);
          if (pod) ctx.recorder.event(podSubject(pod), 'Warning', 'NotDeleted', `Pod was expected by PDB ${namespace}/${pdb.metadata.name} to be deleted but it wasn't`);
        }
        const status = budgetStatus(pdb, { currentHealthy: countHealthy(matching, evictions.awaited, nowMs), desiredHealthy: expected.desiredHealthy, expectedCount: expected.expectedCount, awaited: evictions.awaited }, now);
        if (status) await writeStatus(pdb, status);
        return evictions.recheckAtMs !== undefined ? { requeueAfterMs: Math.max(0, evictions.recheckAtMs - nowMs) } : undefined;
      } catch (e: unknown) {
        // A conflict is retried as is; anything else leaves the budget allowing nothing (upstream failSafe).
        if (isConflict(e)) throw e;
        await writeStatus(pdb, failSafeStatus(pdb, errorMessage(e), now));
        throw e;
      }
    },
  }, { workers: 2 });
}
