// Printers for the small cluster-infrastructure groups: coordination.k8s.io Lease, discovery.k8s.io
// EndpointSlice, policy PodDisruptionBudget and scheduling.k8s.io PriorityClass.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { ageColumn, ageOf, col, nameColumn, nameOf, type PrinterSet } from './columns.js';
import { joinWithMore } from './cell-format.js';

/** listWithMoreString: three items, then `+ N more...`; `<unset>` when empty. */
function listOrUnset(items: readonly string[]): string {
  return items.length === 0 ? '<unset>' : joinWithMore(items, 3);
}

/** EndpointSlice Ports: the port number, else its name, else `*`. */
function slicePortsCell(slice: Partial<EndpointSlice>): string {
  return listOrUnset((slice.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*'))));
}

function sliceEndpointsCell(slice: Partial<EndpointSlice>): string {
  return listOrUnset((slice.endpoints ?? []).flatMap((e) => e.addresses ?? []));
}

const intOrString = (v: number | string | undefined): string => (v === undefined || v === null ? 'N/A' : String(v));

export const clusterPrinters: PrinterSet = {
  'Lease.coordination.k8s.io': {
    columns: [nameColumn, col('Holder'), ageColumn],
    cells(obj, now) {
      const lease = obj as Lease;
      return [nameOf(lease), lease.spec?.holderIdentity ?? '', ageOf(lease, now)];
    },
  },
  'EndpointSlice.discovery.k8s.io': {
    columns: [nameColumn, col('AddressType'), col('Ports'), col('Endpoints'), ageColumn],
    cells(obj, now) {
      const slice = obj as Partial<EndpointSlice>;
      return [nameOf(slice), slice.addressType ?? '', slicePortsCell(slice), sliceEndpointsCell(slice), ageOf(slice, now)];
    },
  },
  'PodDisruptionBudget.policy': {
    columns: [nameColumn, col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions', { type: 'integer' }), ageColumn],
    cells(obj, now) {
      const pdb = obj as PodDisruptionBudget;
      return [nameOf(pdb), intOrString(pdb.spec?.minAvailable), intOrString(pdb.spec?.maxUnavailable), pdb.status?.disruptionsAllowed ?? 0, ageOf(pdb, now)];
    },
  },
  'PriorityClass.scheduling.k8s.io': {
    columns: [nameColumn, col('Value', { type: 'integer' }), col('Global-Default', { type: 'boolean' }), ageColumn, col('PreemptionPolicy')],
    cells(obj, now) {
      const pc = obj as Partial<PriorityClass>;
      return [nameOf(pc), pc.value ?? 0, pc.globalDefault ?? false, ageOf(pc, now), pc.preemptionPolicy ?? ''];
    },
  },
};
