// Why a pod is Pending: scheduling gates, the scheduler's PodScheduled condition, each node's reason for
// not taking it, the claims it waits for (each explained as a claim), containers of a scheduled pod that
// have not started, and its latest events. Pure: a function of the pod and ClusterState.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { podClaimNames, type ClaimObject } from '../../api/index.js';
import { explainClaim } from './claim.js';
import { eventLines } from './events.js';
import { nodeLines } from './nodes.js';
import { indent, unreadableLine, type ClusterState } from './state.js';

/** Skiff's scheduler answers for pods without a schedulerName and for default-scheduler. */
const defaultScheduler = 'default-scheduler';

function schedulingLines(pod: Pod, state: ClusterState): string[] {
  const gates = (pod.spec?.schedulingGates ?? []).map((g) => g.name);
  if (gates.length > 0) return [`Scheduling gates: ${gates.join(', ')}: the scheduler ignores the pod until every gate is removed`];
  const scheduler = pod.spec?.schedulerName ?? defaultScheduler;
  if (scheduler !== defaultScheduler) return [`schedulerName "${scheduler}": Skiff's scheduler (${defaultScheduler}) leaves the pod to that scheduler`];
  const lines: string[] = [];
  const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (cond?.status === 'False') lines.push(`PodScheduled=False (${cond.reason ?? ''}): ${cond.message ?? ''}`);
  else lines.push('PodScheduled: not yet decided (the scheduler has not tried the pod yet)');
  if (pod.status?.nominatedNodeName) lines.push(`Nominated node: ${pod.status.nominatedNodeName} (preemption is making room there)`);
  return [...lines, ...(state.unreadable.includes('nodes') ? [unreadableLine('Nodes')] : nodeLines(pod, state.nodes, state))];
}

function containerLine(s: ContainerStatus, init: boolean): string | undefined {
  const kind = init ? 'init container' : 'container';
  const waiting = s.state?.waiting;
  if (waiting) return `${kind} ${s.name}: waiting (${waiting.reason ?? ''})${waiting.message ? `: ${waiting.message}` : ''}`;
  const done = s.state?.terminated;
  if (done && !init) return `${kind} ${s.name}: terminated (${done.reason ?? ''}, exit code ${done.exitCode})`;
  return undefined;
}

/** The node a scheduled pod waits on, when that node cannot start it: gone, or not Ready. */
function nodeStateLines(name: string, state: ClusterState): string[] {
  if (state.unreadable.includes('nodes')) return [];
  const node = state.nodes.find((n) => n.metadata?.name === name);
  if (!node) return [`Node ${name} does not exist: no kubelet will start the pod`];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return [];
  return [`Node ${name} is not Ready (${ready ? `Ready=${ready.status}${ready.reason ? ` ${ready.reason}` : ''}` : 'no Ready condition'})${ready?.message ? `: ${ready.message}` : ''}`];
}

function containerLines(pod: Pod): string[] {
  const lines = [
    ...(pod.status?.initContainerStatuses ?? []).map((s) => containerLine(s, true)),
    ...(pod.status?.containerStatuses ?? []).map((s) => containerLine(s, false)),
  ].filter((l): l is string => l !== undefined);
  return lines.length > 0 ? lines : ['Containers: the kubelet has reported none yet'];
}

function claimLines(pod: Pod, state: ClusterState): string[] {
  const names = podClaimNames(pod);
  if (names.length === 0) return [];
  const ns = pod.metadata?.namespace ?? '';
  const lines = ['Claims:'];
  for (const name of names) {
    const claim = state.claims.find((c) => c.metadata?.name === name && c.metadata.namespace === ns);
    if (!claim) lines.push(`  pvc/${name} not found: the pod waits until it is created`);
    else lines.push(...indent(explainClaim(claim as ClaimObject, state, { forPod: pod.metadata?.name ?? '' })));
  }
  return lines;
}

/** The pod's explanation: a headline (`pod/x is Pending: not scheduled to a node`), then one fact per line. */
export function explainPod(pod: Pod, state: ClusterState): string[] {
  const name = `pod/${pod.metadata?.name ?? ''}`;
  const phase = pod.status?.phase ?? 'Pending';
  const node = pod.spec?.nodeName;
  const events = eventLines(state.events, { kind: 'Pod', ...(pod.metadata ? { metadata: pod.metadata } : {}) }, state.now);
  if (pod.metadata?.deletionTimestamp) return [`${name} is Terminating${node ? ` on node ${node}` : ''}; nothing is pending`];
  if (phase !== 'Pending') return [`${name} is ${phase}${node ? ` on node ${node}` : ''}; nothing is pending`];
  if (!node) return [`${name} is Pending: not scheduled to a node`, ...indent([...schedulingLines(pod, state), ...claimLines(pod, state), ...events])];
  return [`${name} is Pending on node ${node}: its containers have not started`, ...indent([...nodeStateLines(node, state), ...containerLines(pod), ...claimLines(pod, state), ...events])];
}
