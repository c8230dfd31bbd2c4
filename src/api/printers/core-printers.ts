// Column sets of the core/v1 kinds (kubectl-compat.md §3.3–3.7, §3.10).
import { ageCol, arr, col, formatMap, meta, nameCol, num, rec, str, templateContainers, formatSelector, type Rec, type TablePrinter } from './columns.js';
import { translateTimestampSince } from './human-duration.js';
import { podCells } from './pod-cells.js';

const age = (o: Rec, now: Date): string => translateTimestampSince(meta(o)['creationTimestamp'], now);
const name = (o: Rec): string => str(meta(o)['name']);

const modeAbbrev: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
export function accessModes(modes: unknown): string {
  const list = arr(modes).map(str);
  return modeAbbrev.filter(([m]) => list.includes(m)).map(([, a]) => a).join(',');
}

function storageClassOf(o: Rec): string {
  const ann = rec(meta(o)['annotations'])['volume.beta.kubernetes.io/storage-class'];
  return typeof ann === 'string' ? ann : str(rec(o['spec'])['storageClassName']);
}

function servicePorts(spec: Rec): string {
  const ports = arr(spec['ports']).map(rec);
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (num(p['nodePort']) > 0 ? `${num(p['port'])}:${num(p['nodePort'])}/${str(p['protocol']) || 'TCP'}` : `${num(p['port'])}/${str(p['protocol']) || 'TCP'}`)).join(',');
}

function externalIp(spec: Rec, status: Rec): string {
  const ext = arr(spec['externalIPs']).map(str);
  switch (str(spec['type']) || 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const ing = arr(rec(status['loadBalancer'])['ingress']).map(rec).map((i) => str(i['ip']) || str(i['hostname'])).filter((x) => x);
      const all = [...new Set([...ing, ...ext])].sort();
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(spec['externalName']);
    default:
      return '<unknown>';
  }
}

function endpointsCell(o: Rec): string {
  const list: string[] = [];
  for (const s of arr(o['subsets']).map(rec)) {
    const addrs = arr(s['addresses']).map(rec);
    const ports = arr(s['ports']).map(rec);
    for (const a of addrs) {
      if (ports.length === 0) list.push(str(a['ip']));
      else for (const p of ports) list.push(`${str(a['ip'])}:${num(p['port'])}`);
    }
  }
  if (list.length === 0) return '<none>';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

function nodeStatus(o: Rec): string {
  const ready = arr(rec(o['status'])['conditions']).map(rec).find((c) => c['type'] === 'Ready');
  let s = !ready ? 'Unknown' : ready['status'] === 'True' ? 'Ready' : 'NotReady';
  if (rec(o['spec'])['unschedulable'] === true) s += ',SchedulingDisabled';
  return s;
}

function nodeRoles(o: Rec): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(rec(meta(o)['labels']))) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role') roles.add(str(v));
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(o: Rec, type: string): string {
  return str(arr(rec(o['status'])['addresses']).map(rec).find((a) => a['type'] === type)?.['address']) || '<none>';
}

/** Core Event cells; also used for events.k8s.io after mapping fields. */
export function eventCells(e: Rec, now: Date): unknown[] {
  const first = str(e['firstTimestamp']) ? translateTimestampSince(e['firstTimestamp'], now) : translateTimestampSince(e['eventTime'], now);
  let last = str(e['lastTimestamp']) ? translateTimestampSince(e['lastTimestamp'], now) : first;
  let count = num(e['count']) || 1;
  const series = e['series'] !== undefined ? rec(e['series']) : undefined;
  if (series) { last = translateTimestampSince(series['lastObservedTime'], now); count = num(series['count']); }
  const io = rec(e['involvedObject']);
  const src = rec(e['source']);
  const component = str(src['component']) || str(e['reportingComponent']);
  const host = str(src['host']) || str(e['reportingInstance']);
  return [last, str(e['type']), str(e['reason']), `${str(io['kind']).toLowerCase()}/${str(io['name'])}`, str(io['fieldPath']), host ? `${component}, ${host}` : component, str(e['message']).trim(), first, count, name(e)];
}

export const corePrinters: Record<string, TablePrinter> = {
  Namespace: { columns: [nameCol, col('Status'), ageCol], cells: (o, now) => [name(o), str(rec(o['status'])['phase']), age(o, now)] },
  Node: {
    columns: [nameCol, col('Status'), col('Roles'), ageCol, col('Version'), col('Internal-IP', { wide: true }), col('External-IP', { wide: true }), col('OS-Image', { wide: true }), col('Kernel-Version', { wide: true }), col('Container-Runtime', { wide: true })],
    cells: (o, now) => {
      const info = rec(rec(o['status'])['nodeInfo']);
      return [name(o), nodeStatus(o), nodeRoles(o), age(o, now), str(info['kubeletVersion']), nodeAddress(o, 'InternalIP'), nodeAddress(o, 'ExternalIP'), str(info['osImage']) || '<unknown>', str(info['kernelVersion']) || '<unknown>', str(info['containerRuntimeVersion']) || '<unknown>'];
    },
  },
  Pod: {
    columns: [nameCol, col('Ready'), col('Status'), col('Restarts'), ageCol, col('IP', { wide: true }), col('Node', { wide: true }), col('Nominated Node', { wide: true }), col('Readiness Gates', { wide: true })],
    cells: (o, now) => podCells(o, now),
  },
  Service: {
    columns: [nameCol, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), ageCol, col('Selector', { wide: true })],
    cells: (o, now) => {
      const spec = rec(o['spec']);
      const ips = arr(spec['clusterIPs']).map(str);
      return [name(o), str(spec['type']), ips[0] || str(spec['clusterIP']) || '<none>', externalIp(spec, rec(o['status'])), servicePorts(spec), age(o, now), formatMap(spec['selector'])];
    },
  },
  Endpoints: { columns: [nameCol, col('Endpoints'), ageCol], cells: (o, now) => [name(o), endpointsCell(o), age(o, now)] },
  PersistentVolume: {
    columns: [nameCol, col('Capacity'), col('Access Modes'), col('Reclaim Policy'), col('Status'), col('Claim'), col('StorageClass'), col('VolumeAttributesClass'), col('Reason'), ageCol, col('VolumeMode', { wide: true })],
    cells: (o, now) => {
      const spec = rec(o['spec']);
      const claim = rec(spec['claimRef']);
      const status = meta(o)['deletionTimestamp'] ? 'Terminating' : str(rec(o['status'])['phase']);
      return [name(o), str(rec(spec['capacity'])['storage']), accessModes(spec['accessModes']), str(spec['persistentVolumeReclaimPolicy']), status,
        spec['claimRef'] ? `${str(claim['namespace'])}/${str(claim['name'])}` : '', storageClassOf(o), str(spec['volumeAttributesClassName']) || '<unset>', str(rec(o['status'])['reason']), age(o, now), str(spec['volumeMode']) || '<unset>'];
    },
  },
  PersistentVolumeClaim: {
    columns: [nameCol, col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'), col('VolumeAttributesClass'), ageCol, col('VolumeMode', { wide: true })],
    cells: (o, now) => {
      const spec = rec(o['spec']);
      const status = rec(o['status']);
      const bound = str(spec['volumeName']) !== '';
      return [name(o), meta(o)['deletionTimestamp'] ? 'Terminating' : str(status['phase']), str(spec['volumeName']), bound ? str(rec(status['capacity'])['storage']) : '', bound ? accessModes(status['accessModes']) : '',
        storageClassOf(o), str(spec['volumeAttributesClassName']) || '<unset>', age(o, now), str(spec['volumeMode']) || '<unset>'];
    },
  },
  ConfigMap: { columns: [nameCol, col('Data', { type: 'integer' }), ageCol], cells: (o, now) => [name(o), Object.keys(rec(o['data'])).length + Object.keys(rec(o['binaryData'])).length, age(o, now)] },
  Secret: { columns: [nameCol, col('Type'), col('Data', { type: 'integer' }), ageCol], cells: (o, now) => [name(o), str(o['type']), Object.keys(rec(o['data'])).length, age(o, now)] },
  ServiceAccount: { columns: [nameCol, col('Secrets', { type: 'integer' }), ageCol], cells: (o, now) => [name(o), arr(o['secrets']).length, age(o, now)] },
  Event: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', { wide: true }), col('Source', { wide: true }), col('Message'), col('First Seen', { wide: true }), col('Count', { type: 'integer', wide: true }), col('Name', { format: 'name', wide: true })],
    cells: (o, now) => eventCells(o, now),
  },
  ReplicationController: {
    columns: [nameCol, col('Desired', { type: 'integer' }), col('Current', { type: 'integer' }), col('Ready', { type: 'integer' }), ageCol, col('Containers', { wide: true }), col('Images', { wide: true }), col('Selector', { wide: true })],
    cells: (o, now) => {
      const spec = rec(o['spec']);
      const st = rec(o['status']);
      return [name(o), num(spec['replicas']), num(st['replicas']), num(st['readyReplicas']), age(o, now), ...templateContainers(spec['template']), formatMap(spec['selector'])];
    },
  },
};

export { formatSelector };
