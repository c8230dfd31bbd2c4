// Column sets of storage.k8s.io, coordination, discovery, events.k8s.io and rbac kinds.
import { ageCol, arr, col, meta, nameCol, num, rec, str, type Rec, type TablePrinter } from './columns.js';
import { translateTimestampSince } from './human-duration.js';
import { eventCells } from './core-printers.js';

const age = (o: Rec, now: Date): string => translateTimestampSince(meta(o)['creationTimestamp'], now);
const name = (o: Rec): string => str(meta(o)['name']);

function isDefaultClass(o: Rec): boolean {
  const a = rec(meta(o)['annotations']);
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

function sliceEndpoints(o: Rec): string {
  const ips = arr(o['endpoints']).map(rec).flatMap((e) => arr(e['addresses']).map(str));
  if (ips.length === 0) return '<unset>';
  return ips.length > 3 ? `${ips.slice(0, 3).join(',')} + ${ips.length - 3} more...` : ips.join(',');
}

function slicePorts(o: Rec): string {
  const ports = arr(o['ports']).map(rec);
  if (ports.length === 0) return '<unset>';
  return ports.map((p) => (p['port'] === undefined ? '<unset>' : String(num(p['port'])))).join(',');
}

function subjects(o: Rec, kind: string): string {
  return arr(o['subjects']).map(rec).filter((s) => s['kind'] === kind).map((s) => (kind === 'ServiceAccount' ? `${str(s['namespace'])}/${str(s['name'])}` : str(s['name']))).join(', ');
}

const createdAt: TablePrinter = { columns: [nameCol, col('Created At', { type: 'date' })], cells: (o) => [name(o), str(meta(o)['creationTimestamp'])] };
const binding: TablePrinter = {
  columns: [nameCol, col('Role'), ageCol, col('Users', { wide: true }), col('Groups', { wide: true }), col('ServiceAccounts', { wide: true })],
  cells: (o, now) => { const r = rec(o['roleRef']); return [name(o), `${str(r['kind'])}/${str(r['name'])}`, age(o, now), subjects(o, 'User'), subjects(o, 'Group'), subjects(o, 'ServiceAccount')]; },
};

export const otherPrinters: Record<string, TablePrinter> = {
  'storage.k8s.io/StorageClass': {
    columns: [nameCol, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion', { type: 'boolean' }), ageCol],
    cells: (o, now) => [isDefaultClass(o) ? `${name(o)} (default)` : name(o), str(o['provisioner']), str(o['reclaimPolicy']) || 'Delete', str(o['volumeBindingMode']) || 'Immediate', o['allowVolumeExpansion'] === true, age(o, now)],
  },
  'coordination.k8s.io/Lease': { columns: [nameCol, col('Holder'), ageCol], cells: (o, now) => [name(o), str(rec(o['spec'])['holderIdentity']), age(o, now)] },
  'discovery.k8s.io/EndpointSlice': {
    columns: [nameCol, col('AddressType'), col('Ports'), col('Endpoints'), ageCol],
    cells: (o, now) => [name(o), str(o['addressType']), slicePorts(o), sliceEndpoints(o), age(o, now)],
  },
  'events.k8s.io/Event': {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', { wide: true }), col('Source', { wide: true }), col('Message'), col('First Seen', { wide: true }), col('Count', { type: 'integer', wide: true }), col('Name', { format: 'name', wide: true })],
    cells: (o, now) => eventCells({
      metadata: o['metadata'], type: o['type'], reason: o['reason'], message: o['note'], involvedObject: o['regarding'], count: o['deprecatedCount'],
      firstTimestamp: o['deprecatedFirstTimestamp'], lastTimestamp: o['deprecatedLastTimestamp'], eventTime: o['eventTime'], series: o['series'],
      source: o['deprecatedSource'], reportingComponent: o['reportingController'], reportingInstance: o['reportingInstance'],
    }, now),
  },
  'rbac.authorization.k8s.io/Role': createdAt,
  'rbac.authorization.k8s.io/ClusterRole': createdAt,
  'rbac.authorization.k8s.io/RoleBinding': binding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': binding,
};

function quotaCells(o: Rec, now: Date): unknown[] {
  const hard = rec(rec(o['spec'])['hard']);
  const used = rec(rec(o['status'])['used']);
  const req: string[] = [];
  const lim: string[] = [];
  for (const k of Object.keys(hard).sort()) {
    const cell = `${k}: ${str(used[k]) || '0'}/${str(hard[k])}`;
    if (k.startsWith('limits.')) lim.push(cell);
    else req.push(cell);
  }
  return [name(o), age(o, now), req.join(', '), lim.join(', ')];
}

const intOrPercent = (v: unknown): string => (v === undefined || v === null ? 'N/A' : String(v));

export const policyPrinters: Record<string, TablePrinter> = {
  '/ResourceQuota': { columns: [nameCol, ageCol, col('Request'), col('Limit')], cells: quotaCells },
  '/LimitRange': createdAt,
  'policy/PodDisruptionBudget': {
    columns: [nameCol, col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions', { type: 'integer' }), ageCol],
    cells: (o, now) => { const s = rec(o['spec']); return [name(o), intOrPercent(s['minAvailable']), intOrPercent(s['maxUnavailable']), num(rec(o['status'])['disruptionsAllowed']), age(o, now)]; },
  },
  'scheduling.k8s.io/PriorityClass': {
    columns: [nameCol, col('Value', { type: 'integer' }), col('Global-Default', { type: 'boolean' }), ageCol, col('PreemptionPolicy')],
    cells: (o, now) => [name(o), num(o['value']), o['globalDefault'] === true, age(o, now), str(o['preemptionPolicy'])],
  },
};

export const defaultPrinter = createdAt;
