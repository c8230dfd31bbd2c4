// Column sets of apps/v1, batch/v1 and autoscaling kinds (kubectl-compat.md §3.3, §3.8, §3.9).
import { ageCol, arr, col, formatMap, formatSelector, meta, nameCol, num, rec, str, templateContainers, type Rec, type TablePrinter } from './columns.js';
import { humanDuration, translateTimestampSince } from './human-duration.js';

const age = (o: Rec, now: Date): string => translateTimestampSince(meta(o)['creationTimestamp'], now);
const name = (o: Rec): string => str(meta(o)['name']);
const wide = [col('Containers', { wide: true }), col('Images', { wide: true })];

function jobStatus(o: Rec): string {
  const conds = arr(rec(o['status'])['conditions']).map(rec);
  const is = (t: string): boolean => conds.some((c) => c['type'] === t && c['status'] === 'True');
  if (is('Complete')) return 'Complete';
  if (is('Failed')) return 'Failed';
  if (meta(o)['deletionTimestamp']) return 'Terminating';
  if (is('Suspended')) return 'Suspended';
  if (is('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(spec: Rec, status: Rec): string {
  const succeeded = num(status['succeeded']);
  if (spec['completions'] !== undefined && spec['completions'] !== null) return `${succeeded}/${num(spec['completions'])}`;
  const p = num(spec['parallelism']);
  return p > 1 ? `${succeeded}/1 of ${p}` : `${succeeded}/1`;
}

function jobDuration(status: Rec, now: Date): string {
  const start = str(status['startTime']);
  if (!start) return '';
  const end = str(status['completionTime']);
  return end ? humanDuration(Date.parse(end) - Date.parse(start)) : translateTimestampSince(start, now);
}

function hpaTargets(o: Rec): string {
  const spec = rec(o['spec']);
  const status = rec(o['status']);
  if (spec['targetCPUUtilizationPercentage'] !== undefined) {
    const cur = status['currentCPUUtilizationPercentage'];
    return `cpu: ${cur === undefined ? '<unknown>' : `${num(cur)}%`}/${num(spec['targetCPUUtilizationPercentage'])}%`;
  }
  const metrics = arr(spec['metrics']).map(rec);
  if (metrics.length === 0) return '<none>';
  const current = arr(status['currentMetrics']).map(rec);
  const one = (m: Rec, i: number): string => {
    const type = str(m['type']);
    const key = type === 'Resource' ? 'resource' : type === 'ContainerResource' ? 'containerResource' : type === 'Pods' ? 'pods' : type === 'Object' ? 'object' : 'external';
    const spec2 = rec(m[key]);
    const target = rec(spec2['target']);
    const cur = rec(rec(current[i])[key])['current'];
    const c = rec(cur);
    if (type === 'Resource' || type === 'ContainerResource') {
      const res = str(spec2['name']);
      if (target['type'] === 'Utilization') return `${res}: ${cur === undefined || c['averageUtilization'] === undefined ? '<unknown>' : `${num(c['averageUtilization'])}%`}/${num(target['averageUtilization'])}%`;
      return `${res}: ${cur === undefined ? '<unknown>' : str(c['averageValue'])}/${str(target['averageValue'])}`;
    }
    const tv = str(target['value']) || str(target['averageValue']);
    const cv = cur === undefined ? '<unknown>' : str(c['value']) || str(c['averageValue']);
    return `${cv}/${tv}${target['type'] === 'AverageValue' && type !== 'Pods' ? ' (avg)' : ''}`;
  };
  const parts = metrics.map(one);
  return parts.length > 2 ? `${parts.slice(0, 2).join(', ')} + ${parts.length - 2} more...` : parts.join(', ');
}

export const workloadPrinters: Record<string, TablePrinter> = {
  'apps/StatefulSet': {
    columns: [nameCol, col('Ready'), ageCol, ...wide],
    cells: (o, now) => { const s = rec(o['spec']); return [name(o), `${num(rec(o['status'])['readyReplicas'])}/${num(s['replicas'])}`, age(o, now), ...templateContainers(s['template'])]; },
  },
  'apps/Deployment': {
    columns: [nameCol, col('Ready'), col('Up-to-date', { type: 'integer' }), col('Available', { type: 'integer' }), ageCol, ...wide, col('Selector', { wide: true })],
    cells: (o, now) => {
      const s = rec(o['spec']);
      const st = rec(o['status']);
      return [name(o), `${num(st['readyReplicas'])}/${num(s['replicas'])}`, num(st['updatedReplicas']), num(st['availableReplicas']), age(o, now), ...templateContainers(s['template']), formatSelector(s['selector'])];
    },
  },
  'apps/ReplicaSet': {
    columns: [nameCol, col('Desired', { type: 'integer' }), col('Current', { type: 'integer' }), col('Ready', { type: 'integer' }), ageCol, ...wide, col('Selector', { wide: true })],
    cells: (o, now) => { const s = rec(o['spec']); const st = rec(o['status']); return [name(o), num(s['replicas']), num(st['replicas']), num(st['readyReplicas']), age(o, now), ...templateContainers(s['template']), formatSelector(s['selector'])]; },
  },
  'apps/DaemonSet': {
    columns: [nameCol, col('Desired', { type: 'integer' }), col('Current', { type: 'integer' }), col('Ready', { type: 'integer' }), col('Up-to-date', { type: 'integer' }), col('Available', { type: 'integer' }), col('Node Selector'), ageCol, ...wide, col('Selector', { wide: true })],
    cells: (o, now) => {
      const s = rec(o['spec']);
      const st = rec(o['status']);
      return [name(o), num(st['desiredNumberScheduled']), num(st['currentNumberScheduled']), num(st['numberReady']), num(st['updatedNumberScheduled']), num(st['numberAvailable']), formatMap(rec(rec(s['template'])['spec'])['nodeSelector']), age(o, now), ...templateContainers(s['template']), formatSelector(s['selector'])];
    },
  },
  'apps/ControllerRevision': {
    columns: [nameCol, col('Controller'), col('Revision', { type: 'integer' }), ageCol],
    cells: (o, now) => {
      const owner = arr(meta(o)['ownerReferences']).map(rec).find((r) => r['controller'] === true);
      const av = str(owner?.['apiVersion']);
      const group = av.includes('/') ? av.split('/')[0] : '';
      const ctl = owner ? `${str(owner['kind']).toLowerCase()}${group ? `.${group}` : ''}/${str(owner['name'])}` : '<none>';
      return [name(o), ctl, num(o['revision']), age(o, now)];
    },
  },
  'batch/Job': {
    columns: [nameCol, col('Status'), col('Completions'), col('Duration'), ageCol, ...wide, col('Selector', { wide: true })],
    cells: (o, now) => { const s = rec(o['spec']); const st = rec(o['status']); return [name(o), jobStatus(o), jobCompletions(s, st), jobDuration(st, now), age(o, now), ...templateContainers(s['template']), formatSelector(s['selector'])]; },
  },
  'batch/CronJob': {
    columns: [nameCol, col('Schedule'), col('Timezone'), col('Suspend', { type: 'boolean' }), col('Active', { type: 'integer' }), col('Last Schedule'), ageCol, ...wide, col('Selector', { wide: true })],
    cells: (o, now) => {
      const s = rec(o['spec']);
      const st = rec(o['status']);
      const jt = rec(rec(s['jobTemplate'])['spec']);
      const suspend = s['suspend'] === undefined ? '<unset>' : s['suspend'] === true ? 'True' : 'False';
      return [name(o), str(s['schedule']), str(s['timeZone']) || '<none>', suspend, arr(st['active']).length, st['lastScheduleTime'] ? translateTimestampSince(st['lastScheduleTime'], now) : '<none>', age(o, now), ...templateContainers(jt['template']), formatSelector(jt['selector'])];
    },
  },
  'autoscaling/HorizontalPodAutoscaler': {
    columns: [nameCol, col('Reference'), col('Targets'), col('MinPods'), col('MaxPods', { type: 'integer' }), col('Replicas', { type: 'integer' }), ageCol],
    cells: (o, now) => {
      const s = rec(o['spec']);
      const ref = rec(s['scaleTargetRef']);
      return [name(o), `${str(ref['kind'])}/${str(ref['name'])}`, hpaTargets(o), s['minReplicas'] === undefined ? '<unset>' : String(num(s['minReplicas'])), num(s['maxReplicas']), num(rec(o['status'])['currentReplicas']), age(o, now)];
    },
  },
  'autoscaling/Scale': {
    columns: [nameCol, col('Desired', { type: 'integer' }), col('Available', { type: 'integer' }), ageCol],
    cells: (o, now) => [name(o), num(rec(o['spec'])['replicas']), num(rec(o['status'])['replicas']), age(o, now)],
  },
};
