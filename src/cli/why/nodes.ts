// Why each node does not take a Pending pod, in the order the scheduler filters (NodeUnschedulable,
// NodeAffinity, TaintToleration, NodeResourcesFit, volume node affinity): the first rule a node breaks,
// with the numbers behind it (requested vs allocatable). Nodes failing the same rule are grouped so a
// thousand nodes still fit one screen. Pure.
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { nodeSelectorMatches, parseQuantity, podClaimNames, podRequests, tolerates, tryParseQuantity, untoleratedTaint, type Quantity } from '../../api/index.js';
import { someNames } from './state.js';

/** A node's failure: `rule` groups nodes, `detail` is this node's own numbers. */
export interface NodeFailure {
  readonly rule: string;
  readonly detail?: string;
}

/** The resources NodeResourcesFit checks, besides the pod count. */
const fitResources = ['cpu', 'memory', 'ephemeral-storage'] as const;

const zero = parseQuantity('0');
const taintText = (t: Taint): string => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
const isActive = (p: Pod): boolean => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

const quantity = (list: Record<string, string> | undefined, name: string): Quantity => tryParseQuantity(list?.[name]) ?? zero;

function selectorFailure(pod: Pod, labels: Record<string, string>): NodeFailure | undefined {
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return { rule: `nodeSelector ${k}=${v}`, detail: labels[k] === undefined ? `no label ${k}` : `${k}=${labels[k]}` };
  }
  return undefined;
}

/** What the node's pods (other than this one) already request. */
function requestedOn(node: string, pods: readonly Pod[], self: Pod): { requests: Record<string, Quantity>; count: number } {
  const requests: Record<string, Quantity> = {};
  let count = 0;
  for (const p of pods) {
    if (p.spec?.nodeName !== node || !isActive(p) || p.metadata?.uid === self.metadata?.uid) continue;
    count++;
    for (const [k, q] of Object.entries(podRequests(p.spec))) requests[k] = requests[k] ? requests[k].add(q) : q;
  }
  return { requests, count };
}

function resourceFailure(pod: Pod, node: Node, pods: readonly Pod[]): NodeFailure | undefined {
  const name = node.metadata?.name ?? '';
  const allocatable = node.status?.allocatable ?? node.status?.capacity;
  const used = requestedOn(name, pods, pod);
  const maxPods = Number(quantity(allocatable, 'pods').toString());
  if (used.count + 1 > maxPods) return { rule: 'Too many pods', detail: `${used.count} of ${maxPods} pods` };
  const wants = podRequests(pod.spec);
  for (const r of fitResources) {
    const want = wants[r];
    if (!want || want.cmp(zero) <= 0) continue;
    const alloc = quantity(allocatable, r);
    const inUse = used.requests[r] ?? zero;
    if (inUse.add(want).cmp(alloc) > 0) {
      return { rule: `Insufficient ${r} (the pod requests ${want.toString()})`, detail: `${inUse.toString()} of ${alloc.toString()} allocatable in use` };
    }
  }
  return undefined;
}

/** Bound claims whose volume's node affinity excludes the node. */
function volumeAffinityFailure(pod: Pod, node: Node, lookup: { claims: readonly PersistentVolumeClaim[]; volumes: readonly PersistentVolume[] }): NodeFailure | undefined {
  const identity = { name: node.metadata?.name ?? '', labels: node.metadata?.labels ?? {} };
  for (const claimName of podClaimNames(pod)) {
    const volumeName = lookup.claims.find((c) => c.metadata?.name === claimName && c.metadata.namespace === pod.metadata?.namespace)?.spec?.volumeName;
    const pv = volumeName ? lookup.volumes.find((v) => v.metadata?.name === volumeName) : undefined;
    if (pv && !nodeSelectorMatches(pv.spec?.nodeAffinity?.required, identity)) return { rule: `pv/${volumeName} (claim ${claimName}) is pinned elsewhere by its node affinity` };
  }
  return undefined;
}

/** The first scheduling rule the node breaks for the pod, or undefined when it would take it. */
export function nodeFailure(pod: Pod, node: Node, others: { pods: readonly Pod[]; claims: readonly PersistentVolumeClaim[]; volumes: readonly PersistentVolume[] }): NodeFailure | undefined {
  const tolerations = pod.spec?.tolerations ?? [];
  if (node.spec?.unschedulable && !tolerations.some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))) {
    return { rule: 'unschedulable (cordoned)' };
  }
  const labels = node.metadata?.labels ?? {};
  const selector = selectorFailure(pod, labels);
  if (selector) return selector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !nodeSelectorMatches(required, { name: node.metadata?.name ?? '', labels })) return { rule: 'required node affinity matches none of its terms' };
  const taint = untoleratedTaint(node.spec?.taints, tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (taint) return { rule: `taint ${taintText(taint)} not tolerated` };
  return resourceFailure(pod, node, others.pods) ?? volumeAffinityFailure(pod, node, others);
}

/** `Nodes:` with the nodes grouped by the rule they break (names and numbers of a few per group). */
export function nodeLines(pod: Pod, nodes: readonly Node[], others: { pods: readonly Pod[]; claims: readonly PersistentVolumeClaim[]; volumes: readonly PersistentVolume[] }): string[] {
  if (nodes.length === 0) return ['Nodes: none registered: no node can run the pod'];
  const groups = new Map<string, string[]>();
  let fit = 0;
  for (const node of nodes) {
    const f = nodeFailure(pod, node, others);
    if (!f) { fit++; continue; }
    const list = groups.get(f.rule) ?? [];
    list.push(f.detail ? `${node.metadata?.name ?? ''} (${f.detail})` : node.metadata?.name ?? '');
    groups.set(f.rule, list);
  }
  const head = fit === 0 ? `Nodes: none of ${nodes.length} fits` : `Nodes: ${fit} of ${nodes.length} fit the pod's selector, affinity, taints and requests`;
  return [head, ...[...groups].map(([rule, names]) => `  ${rule}: ${someNames(names)}`)];
}
