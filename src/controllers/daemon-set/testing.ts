// Builders and a small cluster simulation for the DaemonSet tables: DaemonSets, nodes and daemon pods from
// short descriptions, and a loop that applies plans (creations, graceful deletions) while pods become ready.
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { Transport, TransportRequest } from '../../client/index.js';
import { templateGenerationAnnotation } from '../../api/index.js';
import { rfc3339 } from '../../util/index.js';
import { daemonPodTemplate, newDaemonPod, revisionHashLabel, type DaemonSetObject } from './daemon-pod.js';
import { planDaemonSet, type DaemonPlan } from './plan.js';
import type { BackoffEntry } from './backoff.js';

export const NOW = Date.parse('2026-01-01T01:00:00Z');
export const CUR = 'h-cur';
export const OLD = 'h-old';

export interface DsShape {
  nodeSelector?: Record<string, string>;
  affinity?: NonNullable<NonNullable<DaemonSetObject['spec']>['template']['spec']>['affinity'];
  tolerations?: NonNullable<NonNullable<DaemonSetObject['spec']>['template']['spec']>['tolerations'];
  nodeName?: string;
  hostNetwork?: boolean;
  /** 'OnDelete', or RollingUpdate with these bounds (default maxUnavailable 1, maxSurge 0). */
  strategy?: 'OnDelete' | { maxUnavailable?: number | string; maxSurge?: number | string };
  minReadySeconds?: number;
  templateGeneration?: string;
  revisionHistoryLimit?: number;
  selector?: Record<string, string>;
  deleting?: boolean;
}

export function daemonSet(o: DsShape = {}): DaemonSetObject {
  const strategy = o.strategy === 'OnDelete' ? { type: 'OnDelete' }
    : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: o.strategy?.maxUnavailable ?? 1, maxSurge: o.strategy?.maxSurge ?? 0 } };
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: {
      name: 'agent', namespace: 'default', uid: 'uid-agent', generation: 2,
      annotations: { [templateGenerationAnnotation]: o.templateGeneration ?? '2' },
      ...(o.deleting ? { deletionTimestamp: rfc3339(new Date(NOW)) } : {}),
    },
    spec: {
      selector: { matchLabels: o.selector ?? { app: 'agent' } },
      updateStrategy: strategy,
      revisionHistoryLimit: o.revisionHistoryLimit ?? 10,
      ...(o.minReadySeconds ? { minReadySeconds: o.minReadySeconds } : {}),
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          containers: [{ name: 'c', image: 'agent:2' }],
          ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
          ...(o.affinity ? { affinity: o.affinity } : {}),
          ...(o.tolerations ? { tolerations: o.tolerations } : {}),
          ...(o.nodeName ? { nodeName: o.nodeName } : {}),
          ...(o.hostNetwork ? { hostNetwork: true } : {}),
        },
      },
    },
  };
}

/** taints as "key=value:Effect" or "key:Effect". */
export function node(name: string, o: { labels?: Record<string, string>; taints?: string[]; unschedulable?: boolean } = {}): Node {
  const taints: Taint[] = (o.taints ?? []).map((t) => {
    const [kv, effect] = t.split(':') as [string, string];
    const [key, value] = kv.split('=') as [string, string | undefined];
    return { key, effect, ...(value !== undefined ? { value } : {}) };
  });
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } }, spec: { ...(taints.length ? { taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) } };
}

export interface PodShape {
  hash?: string;
  generation?: string;
  phase?: 'Pending' | 'Running' | 'Failed' | 'Succeeded';
  /** Ready since this many seconds (Running implied); absent: not ready. */
  readyAgoS?: number;
  createdAgoS?: number;
  deleting?: boolean;
  /** Not yet bound: the node is only in the affinity. */
  unbound?: boolean;
}

/** A pod of the DaemonSet for the node, named as given. */
export function pod(name: string, nodeName: string, o: PodShape = {}): Pod {
  const p = newDaemonPod(daemonSet(), daemonPodTemplate(daemonSet(), o.hash ?? CUR), nodeName);
  const labels = { ...(p.metadata?.labels ?? {}) };
  if (o.generation !== undefined) labels['pod-template-generation'] = o.generation;
  else delete labels['pod-template-generation'];
  const ready = o.readyAgoS !== undefined;
  return {
    ...p,
    metadata: {
      ...p.metadata, name, uid: `uid-${name}`, labels, creationTimestamp: rfc3339(new Date(NOW - (o.createdAgoS ?? 600) * 1000)),
      ...(o.deleting ? { deletionTimestamp: rfc3339(new Date(NOW)) } : {}),
    },
    spec: { containers: [], ...p.spec, ...(o.unbound ? {} : { nodeName }) },
    status: {
      phase: o.phase ?? (ready ? 'Running' : 'Pending'),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? { lastTransitionTime: rfc3339(new Date(NOW - (o.readyAgoS ?? 0) * 1000)) } : {}) }],
    },
  };
}

/** A plan in words: created node names, deleted pod names, events as "<reason>: <message>". */
export function describePlan(p: DaemonPlan): { create: string[]; delete: string[]; events: string[] } {
  return { create: [...p.create], delete: p.delete.map((x) => x.metadata?.name ?? ''), events: p.events.map((e) => `${e.reason}: ${e.message}`) };
}

export const hashOfPod = (p: Pod): string => p.metadata?.labels?.[revisionHashLabel] ?? '';

/**
 * One rollout step in the simulated cluster: plan, then apply it (deleted pods get a deletionTimestamp and are
 * gone a step later; created pods start Pending and are Running and Ready a step later). Returns the plan
 * and the pods after the step.
 */
export function simulateStep(ds: DaemonSetObject, nodes: readonly Node[], pods: readonly Pod[], step: number, backoff: ReadonlyMap<string, BackoffEntry> = new Map()): { plan: DaemonPlan; pods: Pod[] } {
  // The kubelet's part first: deleting pods vanish, pending ones become ready.
  const settled = pods.filter((p) => !p.metadata?.deletionTimestamp).map((p) => (p.status?.phase === 'Pending' ? { ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: rfc3339(new Date(NOW - 3600_000)) }] } } : p));
  const plan = planDaemonSet({ ds, nodes, pods: settled, hash: CUR, nowMs: NOW, backoff });
  const deleted = new Set(plan.delete.map((p) => p.metadata?.name));
  const after = settled.map((p) => (deleted.has(p.metadata?.name) ? { ...p, metadata: { ...p.metadata, deletionTimestamp: rfc3339(new Date(NOW)) } } : p));
  plan.create.forEach((n, i) => after.push(pod(`new-${step}-${i}-${n}`, n, { hash: CUR, phase: 'Pending', createdAgoS: 0 })));
  return { plan, pods: after };
}

/** A transport that records requests, fails those fail() picks (n: how many of that method so far), names generateName creates. */
export function fakeTransport(fail: (req: TransportRequest, n: number) => Error | undefined): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  return {
    requests,
    async request(req) {
      requests.push(req);
      const err = fail(req, requests.filter((r) => r.method === req.method).length);
      if (err) throw err;
      const body = req.body as { metadata?: { name?: string } } | undefined;
      if (req.method === 'POST' && !body?.metadata?.name) return { ...body, metadata: { ...body?.metadata, name: `agent-${requests.length}` } };
      return req.body ?? {};
    },
    stream: () => Promise.reject(new Error('Cannot watch: the fake transport serves requests only')),
  };
}
