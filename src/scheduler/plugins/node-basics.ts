// NodeName, NodeUnschedulable, NodeAffinity (nodeSelector + required affinity) and TaintToleration: the
// filters that only look at the pod spec and the node object.
import type { Pod, Taint } from 'kubernetes-types/core/v1.js';
import { nodeSelectorMatches, tolerates, untoleratedTaint } from '../../api/index.js';
import type { NodeInfo } from '../cluster-cache.js';
import type { FilterStatus, Plugin } from '../framework.js';

const identity = (n: NodeInfo): { name: string; labels: Record<string, string> } => ({ name: n.node.metadata.name, labels: n.node.metadata.labels ?? {} });

export const nodeName: Plugin = {
  name: 'NodeName',
  filter(pod, node) {
    const want = pod.spec?.nodeName;
    return want && want !== node.node.metadata.name ? { reason: "node(s) didn't match the requested node name", unresolvable: true } : undefined;
  },
};

export const nodeUnschedulable: Plugin = {
  name: 'NodeUnschedulable',
  filter(pod, node) {
    if (!node.node.spec?.unschedulable) return undefined;
    const taint: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    if ((pod.spec?.tolerations ?? []).some((t) => tolerates(t, taint))) return undefined;
    return { reason: 'node(s) were unschedulable', unresolvable: true };
  },
};

export const nodeAffinity: Plugin = {
  name: 'NodeAffinity',
  filter(pod: Pod, node) {
    const labels = node.node.metadata.labels ?? {};
    const selector = pod.spec?.nodeSelector ?? {};
    const selectorOk = Object.entries(selector).every(([k, v]) => labels[k] === v);
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (selectorOk && (!required || nodeSelectorMatches(required, identity(node)))) return undefined;
    return { reason: "node(s) didn't match Pod's node affinity/selector", unresolvable: true };
  },
};

export const taintToleration: Plugin = {
  name: 'TaintToleration',
  filter(pod, node): FilterStatus | undefined {
    const taint = untoleratedTaint(node.node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    if (taint) return { reason: `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`, unresolvable: true };
    return undefined;
  },
};
