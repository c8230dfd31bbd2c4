// Printers for the core/v1 kinds other than volumes and events (kubectl-compat.md §3.3–3.6).
import type {
  ConfigMap, Namespace, Node, Pod, ReplicationController, ResourceQuota, Secret, Service, Endpoints, ServiceAccount,
} from 'kubernetes-types/core/v1.js';
import { ageColumn, ageOf, col, containersColumns, defaultPrinter, nameColumn, nameOf, type PrinterSet, type TablePrinter } from './columns.js';
import { containerCells, formatLabels, quantityString } from './cell-format.js';
import { podCells } from './pod-cells.js';
import { clusterIPCell, endpointsCell, externalIPCell, portsCell } from './service-cells.js';

const nodeRolePrefix = 'node-role.kubernetes.io/';
const nodeRoleLabel = 'kubernetes.io/role';

/** `Ready`, `NotReady` or `Unknown` from the Ready condition, plus `,SchedulingDisabled` when cordoned. */
function nodeStatusCell(node: Node): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeRolesCell(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(nodeRolePrefix) && k.length > nodeRolePrefix.length) roles.add(k.slice(nodeRolePrefix.length));
    else if (k === nodeRoleLabel && v !== '') roles.add(v);
  }
  return roles.size > 0 ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

const nodePrinter: TablePrinter = {
  columns: [nameColumn, col('Status'), col('Roles'), ageColumn, col('Version'), col('Internal-IP', { wide: true }), col('External-IP', { wide: true }),
    col('OS-Image', { wide: true }), col('Kernel-Version', { wide: true }), col('Container-Runtime', { wide: true })],
  cells(obj, now) {
    const node = obj as Node;
    const info = node.status?.nodeInfo;
    return [nameOf(node), nodeStatusCell(node), nodeRolesCell(node), ageOf(node, now), info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>'];
  },
};

/** ResourceQuota Request and Limit cells: `name: used/hard` for each status.hard entry, `limits.*` apart. */
function quotaCells(rq: ResourceQuota): [string, string] {
  const hard = rq.status?.hard ?? {};
  const used = rq.status?.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const cell = `${name}: ${quantityString(used[name])}/${quantityString(hard[name])}`;
    (name.startsWith('limits.') ? limits : requests).push(cell);
  }
  return [requests.join(', '), limits.join(', ')];
}

export const corePrinters: PrinterSet = {
  Namespace: {
    columns: [nameColumn, col('Status'), ageColumn],
    cells(obj, now) {
      const ns = obj as Namespace;
      return [nameOf(ns), ns.status?.phase ?? '', ageOf(ns, now)];
    },
  },
  Node: nodePrinter,
  Pod: {
    columns: [nameColumn, col('Ready'), col('Status'), col('Restarts'), ageColumn, col('IP', { wide: true }), col('Node', { wide: true }),
      col('Nominated Node', { wide: true }), col('Readiness Gates', { wide: true })],
    cells: (obj, now) => podCells(obj as Pod, now),
  },
  Service: {
    columns: [nameColumn, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), ageColumn, col('Selector', { wide: true })],
    cells(obj, now) {
      const svc = obj as Service;
      return [nameOf(svc), svc.spec?.type ?? '', clusterIPCell(svc), externalIPCell(svc), portsCell(svc.spec?.ports), ageOf(svc, now), formatLabels(svc.spec?.selector)];
    },
  },
  Endpoints: {
    columns: [nameColumn, col('Endpoints'), ageColumn],
    cells(obj, now) {
      const ep = obj as Endpoints;
      return [nameOf(ep), endpointsCell(ep), ageOf(ep, now)];
    },
  },
  ConfigMap: {
    columns: [nameColumn, col('Data'), ageColumn],
    cells(obj, now) {
      const cm = obj as ConfigMap;
      return [nameOf(cm), Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, ageOf(cm, now)];
    },
  },
  Secret: {
    columns: [nameColumn, col('Type'), col('Data'), ageColumn],
    cells(obj, now) {
      const s = obj as Secret;
      return [nameOf(s), s.type ?? '', Object.keys(s.data ?? {}).length, ageOf(s, now)];
    },
  },
  ServiceAccount: {
    columns: [nameColumn, col('Secrets'), ageColumn],
    cells(obj, now) {
      const sa = obj as ServiceAccount;
      return [nameOf(sa), (sa.secrets ?? []).length, ageOf(sa, now)];
    },
  },
  ReplicationController: {
    columns: [nameColumn, col('Desired', { type: 'integer' }), col('Current', { type: 'integer' }), col('Ready', { type: 'integer' }), ageColumn,
      ...containersColumns, col('Selector', { wide: true })],
    cells(obj, now) {
      const rc = obj as ReplicationController;
      return [nameOf(rc), rc.spec?.replicas ?? 1, rc.status?.replicas ?? 0, rc.status?.readyReplicas ?? 0, ageOf(rc, now),
        ...containerCells(rc.spec?.template?.spec?.containers), formatLabels(rc.spec?.selector)];
    },
  },
  ResourceQuota: {
    columns: [nameColumn, col('Request'), col('Limit'), ageColumn],
    cells(obj, now) {
      const rq = obj as ResourceQuota;
      return [nameOf(rq), ...quotaCells(rq), ageOf(rq, now)];
    },
  },
  // Upstream has no LimitRange printer: it falls back to the default Name / Created At table.
  LimitRange: defaultPrinter,
};
