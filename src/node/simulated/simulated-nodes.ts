// Simulated nodes (kwok's idea, built in): registers node-1 … node-N, renews their Leases every 10 s, and
// plays kubelet for pods bound to them: ContainerCreating → Running → Ready, pod IPs from the node's
// podCIDR, graceful deletion. No processes run; everything goes through the API.
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { attachableVolumes, isNotFound, lookupResource, nodeAffinityCheckFailedMessage, parseQuantity, volumeNodeAffinityConflicts, type NodeCustomMetricsSource, type NodeStatsSource } from '../../api/index.js';
import { Controller, objectKeyOf, startWhenSynced, type ControllerContext, type EventRecorder, type NodeVolumeHost, type ReconcileResult } from '../../client/index.js';
import { rfc3339, errorMessage } from '../../util/index.js';
import { defaultShape, nodeAddressOf, podCidrOf, simulatedNode, simulatedNodeName, type SimulatedNodeShape } from './node-object.js';
import { SimulatedNodeStats } from './simulated-stats.js';
import { SimulatedNodeCustomMetrics } from './simulated-metrics.js';
import { healthyConditions, leaseDurationSeconds, registerNode, renewLease } from '../node-status.js';
import { containerCreatingStatus, isHeldUnready, decidePodAction, exitedStatus, failedStatus, readyDelayMs, rerunStatus, runningStatus, terminatedStatus } from './pod-status.js';

const nodeResource = lookupResource('', 'v1', 'nodes')!;
const podResource = lookupResource('', 'v1', 'pods')!;
const leaseResource = lookupResource('coordination.k8s.io', 'v1', 'leases')!;
export { leaseDurationSeconds };
const renewIntervalMs = 10_000;
/** Annotation on a simulated Node: "stop" stops its lease renewals (a dead kubelet). */
export const annSimulateHeartbeat = 'skiff.io/simulate-heartbeat';

export interface SimulatedNodesOptions {
  count: number;
  /** Number of the first node: node-<first> … node-<first+count-1> (default 1; an agent joining a server may start higher). */
  first?: number;
  /** Lease renewal period (kubelet: 10 s). */
  renewIntervalMs?: number;
  /** Delay from Running to Ready when no readinessProbe says otherwise (default 0). */
  readyDelayMs?: number;
  /** How long a running pod takes to stop once deleted (bounded by its grace period). Default 500 ms. */
  stopMs?: number;
  shape?: SimulatedNodeShape;
  /** The kubelets' Events (FailedMount); none are recorded without it. */
  recorder?: EventRecorder;
}

/** Upstream's retry of a failed volume operation: 500 ms doubling to 2m2s. */
const mountRetryMs = (attempts: number): number => Math.min(122_000, 500 * 2 ** Math.min(attempts, 8));

/** Hands out pod IPs from each node's /24 (.2 … .254), reusing the addresses of deleted pods. */
class PodIpAllocator {
  readonly #used = new Map<number, Set<number>>();
  readonly #byPod = new Map<string, string>();
  allocate(podUid: string, nodeIndex: number): string {
    const known = this.#byPod.get(podUid);
    if (known) return known;
    let used = this.#used.get(nodeIndex);
    if (!used) this.#used.set(nodeIndex, (used = new Set()));
    let host = 2;
    while (used.has(host) && host < 255) host++;
    if (host >= 255) throw new RangeError(`Cannot allocate a pod IP on ${simulatedNodeName(nodeIndex)}: its podCIDR ${podCidrOf(nodeIndex)} is full`);
    used.add(host);
    const ip = podCidrOf(nodeIndex).replace(/\.0\/24$/, `.${host}`);
    this.#byPod.set(podUid, ip);
    return ip;
  }
  release(podUid: string, nodeIndex: number): void {
    const ip = this.#byPod.get(podUid);
    if (!ip) return;
    this.#byPod.delete(podUid);
    this.#used.get(nodeIndex)?.delete(Number(ip.split('.')[3]));
  }
}

/** Simulated nodes have no disks: local-path volumes on them are API objects only. */
export const simulatedVolumeHost: NodeVolumeHost = {
  storageDir: '/var/lib/skiff/simulated/storage',
  createDirectory: async () => undefined,
  removeDirectory: async () => undefined,
  emptyDirectory: async () => undefined,
  expandVolume: async () => undefined,
  copyDirectory: async () => ({ sizeBytes: 0 }),
};

export function isSimulatedNodeName(name: string, count: number, first = 1): boolean {
  const m = /^node-(\d+)$/.exec(name);
  return m !== null && Number(m[1]) >= first && Number(m[1]) < first + count;
}


/** The running simulated nodes: stop them by disposing. */
export interface SimulatedNodes extends AsyncDisposable {
  /** The stats of one of these nodes (from its pods' skiff.io/simulate-cpu and -memory annotations), or undefined. */
  statsFor(node: string): NodeStatsSource | undefined;
  /** The metrics of one of these nodes' pods (from their skiff.io/simulate-metrics annotations), or undefined. */
  customMetricsFor(node: string): NodeCustomMetricsSource | undefined;
}

export async function startSimulatedNodes(ctx: ControllerContext, options: SimulatedNodesOptions): Promise<SimulatedNodes> {
  const { client, clock, logger } = ctx;
  const startedMs = clock.nowMs();
  const first = options.first ?? 1;
  const last = first + options.count - 1;
  const nodeIndex = (name: string | undefined): number | undefined => (name !== undefined && isSimulatedNodeName(name, options.count, first) ? Number(name.slice(5)) : undefined);
  await registerNodes(ctx, options);
  const ips = new PodIpAllocator();
  /** When this kubelet first saw each pod's deletion (by uid): its containers stop from then on. */
  const deletionsSeen = new Map<string, number>();
  const deletionSeen = (pod: Pod): { deletionSeenMs?: number } => {
    const uid = pod.metadata?.uid ?? '';
    if (!pod.metadata?.deletionTimestamp) return {};
    let seen = deletionsSeen.get(uid);
    if (seen === undefined) deletionsSeen.set(uid, (seen = clock.nowMs()));
    return { deletionSeenMs: seen };
  };
  const pods = ctx.informers.informerFor<Pod>(podResource);
  const claims = ctx.informers.informerFor<PersistentVolumeClaim>(lookupResource('', 'v1', 'persistentvolumeclaims')!);
  const volumes = ctx.informers.informerFor<PersistentVolume>(lookupResource('', 'v1', 'persistentvolumes')!);
  const nodesInformer = ctx.informers.informerFor<Node & { metadata: { name: string } }>(nodeResource);
  /** Pods (by key) that wait for the attach/detach controller, by node: a node update wakes them. */
  const waitingForAttach = new Map<string, Set<string>>();
  const unattached = (pod: Pod, node: string): boolean => {
    const attached = new Set((nodesInformer.get(node)?.status?.volumesAttached ?? []).map((v) => v.name));
    return attachableVolumes(pod, { claim: (ns, n) => claims.get(`${ns}/${n}`), volume: (n) => volumes.get(n) }).some((v) => !attached.has(v.uniqueName));
  };
  /** Failed mount attempts per pod uid (a volume whose node affinity excludes the node). */
  const mountAttempts = new Map<string, number>();
  const volumeLookup = { claim: (ns: string, n: string) => claims.get(`${ns}/${n}`), volume: (n: string) => volumes.get(n) };
  /** Like a kubelet, a pod whose PersistentVolume may not be used on its node stays ContainerCreating. */
  const mountConflict = (pod: Pod, node: string): ReconcileResult | undefined => {
    const conflicts = volumeNodeAffinityConflicts(pod, { name: node, labels: nodesInformer.get(node)?.metadata?.labels ?? {} }, volumeLookup);
    const uid = pod.metadata?.uid ?? '';
    if (conflicts.length === 0) { mountAttempts.delete(uid); return undefined; }
    const attempts = mountAttempts.get(uid) ?? 0;
    mountAttempts.set(uid, attempts + 1);
    for (const pv of conflicts) options.recorder?.event({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata ?? {} }, 'Warning', 'FailedMount', nodeAffinityCheckFailedMessage(pv));
    return { requeueAfterMs: mountRetryMs(attempts) };
  };
  const worker = new Controller({
    name: 'simulated-kubelet', workers: 8, clock, logger,
    reconciler: {
      async reconcile(key: string): Promise<ReconcileResult | void> {
        const pod = pods.get(key);
        const index = nodeIndex(pod?.spec?.nodeName);
        if (!pod || index === undefined) return;
        const [namespace, name] = key.split('/') as [string, string];
        const action = decidePodAction(pod, { nowMs: clock.nowMs(), defaultReadyMs: options.readyDelayMs ?? 0, stopMs: options.stopMs ?? 500, ...deletionSeen(pod) });
        const now = rfc3339(clock.now());
        const hostIP = nodeAddressOf(index);
        switch (action.kind) {
          case 'none':
            return;
          case 'wait':
            return { requeueAfterMs: action.ms };
          case 'delete':
            // The containers have stopped; the kubelet's final delete removes the object.
            ips.release(pod.metadata?.uid ?? '', index);
            try {
              await client.delete(podResource, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata!.uid! } });
            } catch (e: unknown) {
              if (!isNotFound(e)) throw e;
            }
            return;
          case 'fail':
            await client.update(podResource, { ...pod, status: failedStatus(pod, { now, hostIP }) }, 'status');
            return;
          case 'create':
            await client.update(podResource, { ...pod, status: containerCreatingStatus(pod, { now, hostIP }) }, 'status');
            return;
          case 'exit':
            await client.update(podResource, { ...pod, status: exitedStatus(pod, { now }) }, 'status');
            return;
          case 'terminate':
            await client.update(podResource, { ...pod, status: terminatedStatus(pod, { now }) }, 'status');
            return;
          case 'rerun':
            await client.update(podResource, { ...pod, status: rerunStatus(pod, { now }) }, 'status');
            return;
          case 'start':
          case 'ready':
          case 'unready': {
            // Like a kubelet, stay ContainerCreating until the pod's attachable volumes are attached here.
            const node = pod.spec!.nodeName!;
            const conflict = action.kind === 'start' ? mountConflict(pod, node) : undefined;
            if (conflict) return conflict;
            if (action.kind === 'start' && unattached(pod, node)) {
              let set = waitingForAttach.get(node);
              if (!set) waitingForAttach.set(node, (set = new Set()));
              set.add(key);
              return { requeueAfterMs: 5000 };
            }
            waitingForAttach.get(node)?.delete(key);
            const podIP = ips.allocate(pod.metadata?.uid ?? '', index);
            const delay = readyDelayMs(pod, options.readyDelayMs ?? 0);
            const held = isHeldUnready(pod);
            const readyNow = action.kind === 'ready' || (action.kind === 'start' && delay === 0 && !held);
            await client.update(podResource, { ...pod, status: runningStatus(pod, { now, ready: readyNow, podIP, hostIP }) }, 'status');
            return readyNow || held ? undefined : { requeueAfterMs: delay };
          }
          default: {
            const never: never = action;
            return never;
          }
        }
      },
    },
  });
  // Each node's pods (keys), for its stats and its pods' metrics.
  const podsByNode = new Map<string, Set<string>>();
  const indexPod = (p: Pod): void => {
    const node = p.spec?.nodeName;
    if (node === undefined || nodeIndex(node) === undefined) return;
    let set = podsByNode.get(node);
    if (!set) podsByNode.set(node, (set = new Set()));
    set.add(objectKeyOf(p));
  };
  const onPod = (p: Pod): void => { if (nodeIndex(p.spec?.nodeName) !== undefined) { indexPod(p); worker.enqueue(objectKeyOf(p)); } };
  pods.addHandlers({
    onAdd: onPod, onUpdate: onPod,
    onDelete: (p) => {
      podsByNode.get(p.spec?.nodeName ?? '')?.delete(objectKeyOf(p));
      deletionsSeen.delete(p.metadata?.uid ?? '');
      mountAttempts.delete(p.metadata?.uid ?? '');
      waitingForAttach.get(p.spec?.nodeName ?? '')?.delete(objectKeyOf(p));
      const i = nodeIndex(p.spec?.nodeName);
      if (i !== undefined) ips.release(p.metadata?.uid ?? '', i);
    },
  });
  nodesInformer.addHandlers({ onUpdate: (n) => { for (const k of waitingForAttach.get(n.metadata.name) ?? []) worker.enqueue(k); } });
  const running = startWhenSynced([pods, claims, volumes, nodesInformer], [worker]);
  let stopped = false;
  let timer: Disposable | undefined;
  const leases = ctx.informers.informerFor<Lease>(leaseResource);
  const renewAll = async (): Promise<void> => {
    for (let i = first; i <= last && !stopped; i++) {
      const node = nodesInformer.get(simulatedNodeName(i));
      // Tests stop a node's kubelet with this annotation; the node lifecycle controller then marks it Unknown.
      if (!node || node.metadata?.annotations?.[annSimulateHeartbeat] === 'stop') continue;
      try {
        await renewLease(ctx, node, leases.get(`kube-node-lease/${simulatedNodeName(i)}`));
        // Like a kubelet coming back, re-post a healthy status after the node was marked Unknown.
        const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
        if (ready && ready.status !== 'True') await client.update(nodeResource, { ...node, status: { ...node.status, conditions: healthyConditions(rfc3339(clock.now())) } }, 'status');
      } catch (e: unknown) {
        logger.warn('lease renewal failed', { node: simulatedNodeName(i), error: errorMessage(e) });
      }
    }
    if (!stopped) timer = clock.setTimeout(() => { void renewAll(); }, options.renewIntervalMs ?? renewIntervalMs);
  };
  for (const inf of [nodesInformer, leases]) inf.start();
  await Promise.all([nodesInformer.waitForSync(), leases.waitForSync()]);
  await renewAll();
  const capacityBytes = Number(parseQuantity((options.shape ?? defaultShape).memory).integerValue());
  const stats = new Map<string, SimulatedNodeStats>();
  const customMetrics = new Map<string, SimulatedNodeCustomMetrics>();
  const nodePods = (node: string) => (): Pod[] => [...podsByNode.get(node) ?? []].map((k) => pods.get(k)).filter((p): p is Pod => p?.spec?.nodeName === node);
  return {
    statsFor(node: string): NodeStatsSource | undefined {
      if (nodeIndex(node) === undefined) return undefined;
      let s = stats.get(node);
      if (!s) stats.set(node, (s = new SimulatedNodeStats({ nodeName: node, clock, startedMs, pods: nodePods(node), capacityBytes })));
      return s;
    },
    customMetricsFor(node: string): NodeCustomMetricsSource | undefined {
      if (nodeIndex(node) === undefined) return undefined;
      let m = customMetrics.get(node);
      if (!m) customMetrics.set(node, (m = new SimulatedNodeCustomMetrics({ clock, pods: nodePods(node) })));
      return m;
    },
    async [Symbol.asyncDispose]() {
      stopped = true;
      timer?.[Symbol.dispose]();
      await running[Symbol.asyncDispose]();
    },
  };
}

/** Registers the nodes, 16 at a time. */
async function registerNodes(ctx: ControllerContext, options: SimulatedNodesOptions): Promise<void> {
  const now = rfc3339(ctx.clock.now());
  const last = (options.first ?? 1) + options.count - 1;
  let next = options.first ?? 1;
  await Promise.all(Array.from({ length: Math.min(16, options.count) }, async () => {
    while (next <= last) await registerNode(ctx, simulatedNode(next++, { now, ...(options.shape ? { shape: options.shape } : {}) }));
  }));
}
