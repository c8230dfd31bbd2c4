// The scheduler's shell (kube-scheduler): a queue of unscheduled pods with backoff, the cluster cache fed
// by informers, PreBind of WaitForFirstConsumer claims, binding through pods/binding, PodScheduled
// conditions and Scheduled/FailedScheduling events. The decisions are in schedule-one.ts and plugins/.
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import {
  annBoundByController, annSelectedNode, ClaimUsers, claimClass, claimKey, dataSourcePlacement, isNotFound, lookupResource, podClaimNames, snapshot, VolumeIndex, type DataSourceLookups,
  type ClaimObject as Claim, type StorageClassObject as Class, type VolumeObject as Volume,
} from '../api/index.js';
import { Controller, objectKeyOf, startWhenSynced, type ControllerContext, type EventRecorder, type ReconcileResult } from '../client/index.js';
import { rfc3339 } from '../util/index.js';
import { ClusterCache, type NodeInfo } from './cluster-cache.js';
import type { CycleState, Plugin } from './framework.js';
import { balancedAllocation, leastAllocated, nodeResourcesFit } from './plugins/node-resources.js';
import { nodeAffinity, nodeName, nodeUnschedulable, taintToleration } from './plugins/node-basics.js';
import { claimDecisions, volumeBinding, volumeRestrictions, type VolumeView } from './plugins/volumes.js';
import { scheduleOne, type ScheduleResult } from './schedule-one.js';

export const schedulerName = 'default-scheduler';
const r = (group: string, plural: string) => lookupResource(group, 'v1', plural)!;
const podsR = r('', 'pods');
const pvR = r('', 'persistentvolumes');
const pvcR = r('', 'persistentvolumeclaims');

export interface SchedulerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

const isPending = (p: Pod): boolean =>
  !p.spec?.nodeName && !p.metadata?.deletionTimestamp && (p.spec?.schedulerName ?? schedulerName) === schedulerName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

export function startScheduler(ctx: SchedulerContext): AsyncDisposable {
  const { client, clock, recorder } = ctx;
  const pods = ctx.informers.informerFor<Pod>(podsR);
  const nodes = ctx.informers.informerFor<Node & { metadata: { name: string } }>(r('', 'nodes'));
  const claims = ctx.informers.informerFor<Claim>(pvcR);
  const volumes = ctx.informers.informerFor<Volume>(pvR);
  const classes = ctx.informers.informerFor<Class>(r('storage.k8s.io', 'storageclasses'));
  const snapshots = ctx.informers.informerFor<snapshot.VolumeSnapshot>(r('snapshot.storage.k8s.io', 'volumesnapshots'));
  const contents = ctx.informers.informerFor<snapshot.VolumeSnapshotContent>(r('snapshot.storage.k8s.io', 'volumesnapshotcontents'));
  const sourceLookups: DataSourceLookups = {
    claim: (ns, n) => claims.get(`${ns}/${n}`),
    volume: (n) => volumes.get(n),
    snapshot: (ns, n) => snapshots.get(`${ns}/${n}`),
    content: (n) => contents.get(n),
  };
  const cache = new ClusterCache();
  const volumeIndex = new VolumeIndex();
  const claimUsers = new ClaimUsers();
  const isActive = (p: Pod | undefined): boolean => !!p?.spec?.nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
  const view: VolumeView = {
    claim: (k) => claims.get(k),
    storageClass: (n) => classes.get(n),
    volumes: volumeIndex,
    podsUsingClaim: (k) => claimUsers.podsOf(k).filter((podKey) => isActive(pods.get(podKey))),
    // local-path restores and clones copy on the node holding the source.
    dataSourcePlacement: (claim) => (classes.get(claimClass(claim))?.provisioner === snapshot.localPathDriver ? dataSourcePlacement(claim, sourceLookups) : { kind: 'none' }),
  };
  const plugins: Plugin[] = [nodeName, nodeUnschedulable, nodeAffinity, taintToleration, nodeResourcesFit, volumeRestrictions(view), volumeBinding(view), leastAllocated, balancedAllocation];
  const attempts = new Map<string, number>();
  const unschedulable = new Set<string>();
  /** Pods whose claims are being bound or provisioned for the node chosen for them. */
  const waiting = new Map<string, string>();
  let tieBreak = 0;
  let nextStart = 0;

  async function setPodScheduledFalse(pod: Pod, message: string): Promise<void> {
    const current = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
    if (current?.status === 'False' && current.message === message) return;
    const cond: PodCondition = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: rfc3339(clock.now()) };
    const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), cond];
    try {
      await client.update(podsR, { ...pod, status: { ...pod.status, conditions } }, 'status');
    } catch (e: unknown) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** PreBind: claim the chosen volumes for the pod's claims, or ask for provisioning on the node. */
  async function bindVolumes(node: string, state: CycleState): Promise<void> {
    const decisions = claimDecisions(state, node);
    for (const d of decisions) {
      if (d.volume) {
        const v = d.volume;
        const claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: d.claim.metadata.namespace, name: d.claim.metadata.name, uid: d.claim.metadata.uid!, resourceVersion: d.claim.metadata.resourceVersion! };
        volumeIndex.reserve(v.metadata.name);
        try {
          const written = await client.update(pvR, { ...v, metadata: { ...v.metadata, annotations: { ...(v.metadata.annotations ?? {}), [annBoundByController]: 'yes' } }, spec: { ...v.spec, claimRef } });
          volumeIndex.upsert(written);
        } finally {
          volumeIndex.release(v.metadata.name);
        }
      } else if (d.claim.metadata.annotations?.[annSelectedNode] !== node) {
        await client.update(pvcR, { ...d.claim, metadata: { ...d.claim.metadata, annotations: { ...(d.claim.metadata.annotations ?? {}), [annSelectedNode]: node } } });
      }
    }
  }

  /** Every claim of the pod is Bound (PreBind's wait condition). */
  function claimsBound(pod: Pod): boolean {
    return podClaimNames(pod).every((n) => claims.get(`${pod.metadata?.namespace ?? 'default'}/${n}`)?.status?.phase === 'Bound');
  }

  const queue = new Controller({
    name: 'scheduler', workers: ctx.workers ?? 8, clock, logger: ctx.logger,
    reconciler: {
      async reconcile(key: string): Promise<ReconcileResult | void> {
        const pod = pods.get(key);
        if (!pod || !isPending(pod)) { attempts.delete(key); unschedulable.delete(key); waiting.delete(key); return; }
        // A pod whose volumes are being bound for a chosen node (PreBind) only checks whether they are done.
        const waitingNode = waiting.get(key);
        if (waitingNode !== undefined && !claimsBound(pod)) return { requeueAfterMs: 1000 };
        const candidates = waitingNode !== undefined ? cache.nodes().filter((n) => n.node.metadata.name === waitingNode) : cache.nodes();
        const attempt = (nodes: readonly NodeInfo[]): ScheduleResult => {
          const r = scheduleOne(pod, { podKey: key, nodes, plugins, tieBreak: tieBreak++, startIndex: nextStart });
          if (nodes.length) nextStart = (nextStart + r.processed) % nodes.length;
          return r;
        };
        let result = attempt(candidates);
        if (waitingNode !== undefined) {
          waiting.delete(key);
          if (result.kind === 'unschedulable') result = attempt(cache.nodes());
        }
        if (result.kind === 'unschedulable') {
          await setPodScheduledFalse(pod, result.message);
          recorder.event(pod, 'Warning', 'FailedScheduling', result.message);
          unschedulable.add(key);
          const n = (attempts.get(key) ?? 0) + 1;
          attempts.set(key, n);
          return { requeueAfterMs: Math.min(10_000, 1000 * 2 ** (n - 1)) };
        }
        unschedulable.delete(key);
        // WaitForFirstConsumer claims: bind or provision first; the pod is bound once its claims are.
        if (claimDecisions(result.state, result.node).length > 0) {
          cache.assume(key, pod, result.node);
          waiting.set(key, result.node);
          try {
            await bindVolumes(result.node, result.state);
          } catch (e: unknown) {
            waiting.delete(key);
            cache.observePod(key, pods.get(key));
            throw e;
          }
          return { requeueAfterMs: 1000 };
        }
        const [namespace, name] = key.split('/') as [string, string];
        // Assume before the binding write (upstream's assume cache): attempts running meanwhile see the node's
        // new load. A failed binding forgets the assumption and retries.
        cache.assume(key, pod, result.node);
        try {
          await client.createSubresource(podsR, namespace, name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: result.node } });
        } catch (e: unknown) {
          cache.observePod(key, pods.get(key));
          throw e;
        }
        attempts.delete(key);
        recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${key} to ${result.node}`);
      },
    },
  });

  // Cluster changes may make an unschedulable pod fit: retry them all, at most every 100 ms.
  let retry: Disposable | undefined;
  const retryUnschedulable = (): void => {
    retry ??= clock.setTimeout(() => {
      retry = undefined;
      for (const k of unschedulable) queue.enqueue(k);
    }, 100);
  };
  pods.addHandlers({
    onAdd: (p) => { const k = objectKeyOf(p); cache.observePod(k, p); claimUsers.set(k, p); if (isPending(p)) queue.enqueue(k); },
    onUpdate: (p) => { const k = objectKeyOf(p); cache.observePod(k, p); claimUsers.set(k, p); if (isPending(p)) queue.enqueue(k); },
    onDelete: (p) => { const k = objectKeyOf(p); cache.observePod(k, undefined); claimUsers.set(k, undefined); retryUnschedulable(); },
  });
  nodes.addHandlers({
    onAdd: (n) => { cache.upsertNode(n); retryUnschedulable(); },
    onUpdate: (n) => { cache.upsertNode(n); retryUnschedulable(); },
    onDelete: (n) => cache.removeNode(n.metadata.name),
  });
  const onClaim = (c: Claim): void => {
    // A pod waiting in PreBind continues as soon as its claims are bound.
    if (c.status?.phase === 'Bound') for (const k of claimUsers.podsOf(claimKey(c))) if (waiting.has(k)) queue.enqueue(k);
    retryUnschedulable();
  };
  claims.addHandlers({ onAdd: onClaim, onUpdate: onClaim });
  volumes.addHandlers({
    onAdd: (v) => { volumeIndex.upsert(v); retryUnschedulable(); },
    onUpdate: (v) => { volumeIndex.upsert(v); retryUnschedulable(); },
    onDelete: (v) => volumeIndex.remove(v.metadata.name),
  });
  classes.addHandlers({ onAdd: retryUnschedulable, onUpdate: retryUnschedulable });
  // A snapshot becoming ready tells where the restores waiting for it may go.
  snapshots.addHandlers({ onAdd: retryUnschedulable, onUpdate: retryUnschedulable });
  contents.addHandlers({ onAdd: retryUnschedulable, onUpdate: retryUnschedulable });
  const running = startWhenSynced([pods, nodes, claims, volumes, classes, snapshots, contents], [queue]);
  return {
    async [Symbol.asyncDispose]() {
      retry?.[Symbol.dispose]();
      await running[Symbol.asyncDispose]();
    },
  };
}
