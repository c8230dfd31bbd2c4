// Pod cells (READY, STATUS, RESTARTS, ...) by upstream's printPod algorithm (kubectl-compat.md §3.4).
import { humanDuration, translateTimestampSince } from './human-duration.js';
import { arr, num, rec, str, type Rec } from './columns.js';

function newestFinish(cs: Rec, latest: number): number {
  const f = str(rec(rec(rec(cs['lastState'])['terminated']))['finishedAt']);
  const t = f ? Date.parse(f) : NaN;
  return Number.isNaN(t) ? latest : Math.max(latest, t);
}

export function podCells(pod: Rec, now: Date): unknown[] {
  const spec = rec(pod['spec']);
  const status = rec(pod['status']);
  const metadata = rec(pod['metadata']);
  let reason = str(status['reason']) || str(status['phase']);
  const conditions = arr(status['conditions']).map(rec);
  if (conditions.some((c) => c['type'] === 'PodScheduled' && c['reason'] === 'SchedulingGated')) reason = 'SchedulingGated';
  const initContainers = arr(spec['initContainers']).map(rec);
  const sidecars = new Set(initContainers.filter((c) => c['restartPolicy'] === 'Always').map((c) => str(c['name'])));
  const total = arr(spec['containers']).length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let initializing = false;
  const initStatuses = arr(status['initContainerStatuses']).map(rec);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    restarts += num(cs['restartCount']);
    lastRestart = newestFinish(cs, lastRestart);
    const state = rec(cs['state']);
    const term = state['terminated'] !== undefined ? rec(state['terminated']) : undefined;
    const wait = state['waiting'] !== undefined ? rec(state['waiting']) : undefined;
    const isSidecar = sidecars.has(str(cs['name']));
    if (isSidecar) sidecarRestarts += num(cs['restartCount']);
    if (term && num(term['exitCode']) === 0) continue;
    if (isSidecar && cs['started'] === true) { if (cs['ready'] === true) ready++; continue; }
    if (term) {
      reason = str(term['reason']) ? `Init:${str(term['reason'])}` : num(term['signal']) !== 0 ? `Init:Signal:${num(term['signal'])}` : `Init:ExitCode:${num(term['exitCode'])}`;
    } else if (wait && str(wait['reason']) && wait['reason'] !== 'PodInitializing') {
      reason = `Init:${str(wait['reason'])}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }
  const initialized = conditions.some((c) => c['type'] === 'Initialized' && c['status'] === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    const statuses = arr(status['containerStatuses']).map(rec);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += num(cs['restartCount']);
      lastRestart = newestFinish(cs, lastRestart);
      const state = rec(cs['state']);
      const wait = state['waiting'] !== undefined ? rec(state['waiting']) : undefined;
      const term = state['terminated'] !== undefined ? rec(state['terminated']) : undefined;
      if (wait && str(wait['reason'])) reason = str(wait['reason']);
      else if (term && str(term['reason'])) reason = str(term['reason']);
      else if (term) reason = num(term['signal']) !== 0 ? `Signal:${num(term['signal'])}` : `ExitCode:${num(term['exitCode'])}`;
      else if (cs['ready'] === true && state['running'] !== undefined) { hasRunning = true; ready++; }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c['type'] === 'Ready' && c['status'] === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (metadata['deletionTimestamp'] && status['reason'] === 'NodeLost') reason = 'Unknown';
  else if (metadata['deletionTimestamp'] && status['phase'] !== 'Succeeded' && status['phase'] !== 'Failed') reason = 'Terminating';
  const restartCell = restarts > 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : String(restarts);
  const ips = arr(status['podIPs']).map(rec);
  const gates = arr(spec['readinessGates']).map(rec);
  const gatesTrue = gates.filter((g) => conditions.some((c) => c['type'] === g['conditionType'] && c['status'] === 'True')).length;
  return [
    str(metadata['name']), `${ready}/${total}`, reason, restartCell, translateTimestampSince(metadata['creationTimestamp'], now),
    ips[0] ? str(ips[0]['ip']) : str(status['podIP']) || '<none>', str(spec['nodeName']) || '<none>', str(status['nominatedNodeName']) || '<none>',
    gates.length ? `${gatesTrue}/${gates.length}` : '<none>',
  ];
}
