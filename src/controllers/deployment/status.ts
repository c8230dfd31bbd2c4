// Deployment status (upstream calculateStatus and syncRolloutStatus): counts from the ReplicaSets and the
// Available and Progressing conditions with upstream reasons and messages. Pure: time comes in.
import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import type { DeploymentObject, ReplicaSetObject } from './replica-sets.js';
import { fenceposts, sum } from './rolling.js';


/**
 * Upstream SetDeploymentCondition: an unchanged status and reason leaves the condition alone (refresh: the
 * Progressing special case, which updates everything but lastTransitionTime); a new one goes last.
 */
function setCondition(conds: DeploymentCondition[], c: DeploymentCondition, refresh = false): DeploymentCondition[] {
  const prev = conds.find((x) => x.type === c.type);
  if (prev && prev.status === c.status && prev.reason === c.reason && !refresh) return conds;
  const next: DeploymentCondition = prev && prev.status === c.status && prev.lastTransitionTime ? { ...c, lastTransitionTime: prev.lastTransitionTime } : c;
  return [...conds.filter((x) => x.type !== c.type), next];
}

/** Complete: every replica updated and available, and the latest spec observed (upstream DeploymentComplete). */
export function isComplete(d: DeploymentObject, s: DeploymentStatus): boolean {
  const replicas = d.spec.replicas ?? 1;
  return (s.updatedReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

export interface StatusInput {
  d: DeploymentObject;
  allRSs: readonly ReplicaSetObject[];
  newRS: ReplicaSetObject | undefined;
  now: string;
  /** The new ReplicaSet was created by this sync (Progressing NewReplicaSetCreated). */
  created?: boolean;
  paused?: boolean;
}

export function deploymentStatus({ d, allRSs, newRS, now, created, paused }: StatusInput): DeploymentStatus {
  const replicas = d.spec.replicas ?? 1;
  const availableReplicas = sum(allRSs, (rs) => rs.status?.availableReplicas);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sum(allRSs, (rs) => rs.status?.replicas),
    updatedReplicas: newRS ? newRS.status?.replicas ?? 0 : 0,
    readyReplicas: sum(allRSs, (rs) => rs.status?.readyReplicas),
    availableReplicas,
    unavailableReplicas: Math.max(0, sum(allRSs, (rs) => rs.spec.replicas) - availableReplicas),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  };
  let conds = [...(d.status?.conditions ?? [])];
  const cond = (type: string, s: 'True' | 'False' | 'Unknown', reason: string, message: string): DeploymentCondition => ({ type, status: s, lastUpdateTime: now, lastTransitionTime: now, reason, message });
  conds = availableReplicas >= replicas - fenceposts(d).maxUnavailable
    ? setCondition(conds, cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'))
    : setCondition(conds, cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
  const rsName = newRS?.metadata.name ?? '';
  const progressing = conds.find((c) => c.type === 'Progressing');
  if (paused) {
    conds = setCondition(conds, cond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused'));
  } else if (created) {
    conds = setCondition(conds, cond('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rsName}"`));
  } else if (newRS && isComplete(d, status)) {
    conds = setCondition(conds, cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`));
  } else if (newRS && changed(d.status, status)) {
    conds = setCondition(conds, cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`), true);
  } else if (newRS && progressing?.status === 'True' && progressing.reason !== 'NewReplicaSetAvailable' && timedOut(d, progressing, now)) {
    conds = setCondition(conds, cond('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`));
  } else if (newRS && !progressing) {
    conds = setCondition(conds, cond('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${rsName}"`));
  }
  status.conditions = conds;
  return status;
}

/** Progress: any count moved since the last status (upstream DeploymentProgressing). */
function changed(old: DeploymentStatus | undefined, s: DeploymentStatus): boolean {
  return (s.updatedReplicas ?? 0) > (old?.updatedReplicas ?? 0) || (s.readyReplicas ?? 0) > (old?.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old?.availableReplicas ?? 0) || (s.replicas ?? 0) - (s.updatedReplicas ?? 0) < (old?.replicas ?? 0) - (old?.updatedReplicas ?? 0);
}

function timedOut(d: DeploymentObject, c: DeploymentCondition, now: string): boolean {
  const deadline = d.spec.progressDeadlineSeconds;
  if (deadline === undefined || deadline >= 2147483647) return false;
  return Date.parse(c.lastUpdateTime ?? '') + deadline * 1000 < Date.parse(now);
}
