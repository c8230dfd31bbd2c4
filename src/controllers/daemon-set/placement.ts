// Which nodes run a daemon pod (upstream NodeShouldRunDaemonPod): the template's nodeName, nodeSelector and
// required node affinity must fit the node; a NoSchedule or NoExecute taint the pod (with the DaemonSet's
// default tolerations) does not tolerate keeps new pods off, and only an untolerated NoExecute taint also
// removes a running one. Pure; a checker is built once per template and reused for every node.
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import { nodeSelectorMatches, untoleratedTaint } from '../../api/index.js';
import { withDaemonTolerations, type DaemonSetObject } from './daemon-pod.js';

export interface Placement {
  /** A pod should be created here when there is none. */
  readonly shouldRun: boolean;
  /** A pod already here may stay. */
  readonly shouldContinueRunning: boolean;
}

export type PlacementCheck = (node: Node) => Placement;

const nowhere: Placement = { shouldRun: false, shouldContinueRunning: false };
const everywhere: Placement = { shouldRun: true, shouldContinueRunning: true };
const stayOnly: Placement = { shouldRun: false, shouldContinueRunning: true };
const blocking = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
const evicting = (t: Taint): boolean => t.effect === 'NoExecute';

/** Checkers per template object: a DaemonSet is synced on every pod event, its template changes rarely. */
const checkers = new WeakMap<object, PlacementCheck>();

export function placementCheck(ds: DaemonSetObject): PlacementCheck {
  const template = ds.spec?.template;
  const cached = template && checkers.get(template);
  if (cached) return cached;
  const spec = template?.spec;
  const tolerations = withDaemonTolerations(spec ?? {});
  const selector = Object.entries(spec?.nodeSelector ?? {});
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const check: PlacementCheck = (node) => {
    const name = node.metadata?.name ?? '';
    if (spec?.nodeName && spec.nodeName !== name) return nowhere;
    const labels = node.metadata?.labels ?? {};
    if (!selector.every(([k, v]) => labels[k] === v)) return nowhere;
    if (required && !nodeSelectorMatches(required, { name, labels })) return nowhere;
    const taints = node.spec?.taints;
    if (!taints?.length || !untoleratedTaint(taints, tolerations, blocking)) return everywhere;
    return untoleratedTaint(taints, tolerations, evicting) ? nowhere : stayOnly;
  };
  if (template) checkers.set(template, check);
  return check;
}
