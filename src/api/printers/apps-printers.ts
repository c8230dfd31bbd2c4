// Printers for apps/v1: StatefulSet, Deployment, ReplicaSet, DaemonSet, ControllerRevision (kubectl-compat.md §3.3).
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import { ageColumn, ageOf, col, containersColumns, nameColumn, nameOf, type PrinterSet } from './columns.js';
import { containerCells, formatLabels, formatLabelSelector, labelSelectorString } from './cell-format.js';

const selectorColumn = col('Selector', { wide: true });
const int = (name: string): ReturnType<typeof col> => col(name, { type: 'integer' });

/** `statefulset.apps/web`: the lower-cased GroupKind and name of the controller owner, `<none>` without one. */
function controllerCell(rev: Partial<ControllerRevision>): string {
  const ref = rev.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (ref === undefined) return '<none>';
  const slash = (ref.apiVersion ?? '').indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  const groupKind = group === '' ? (ref.kind ?? '') : `${ref.kind ?? ''}.${group}`;
  return groupKind === '' ? ref.name : `${groupKind.toLowerCase()}/${ref.name}`;
}

// spec.replicas defaults to 1 on decode upstream, so an unset value prints as 1.
export const appsPrinters: PrinterSet = {
  'StatefulSet.apps': {
    columns: [nameColumn, col('Ready'), ageColumn, ...containersColumns],
    cells(obj, now) {
      const ss = obj as StatefulSet;
      return [nameOf(ss), `${ss.status?.readyReplicas ?? 0}/${ss.spec?.replicas ?? 1}`, ageOf(ss, now), ...containerCells(ss.spec?.template?.spec?.containers)];
    },
  },
  'Deployment.apps': {
    columns: [nameColumn, col('Ready'), col('Up-to-date'), col('Available'), ageColumn, ...containersColumns, selectorColumn],
    cells(obj, now) {
      const d = obj as Deployment;
      const st = d.status ?? {};
      return [nameOf(d), `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, st.updatedReplicas ?? 0, st.availableReplicas ?? 0, ageOf(d, now),
        ...containerCells(d.spec?.template?.spec?.containers), labelSelectorString(d.spec?.selector) ?? '<invalid>'];
    },
  },
  'ReplicaSet.apps': {
    columns: [nameColumn, int('Desired'), int('Current'), int('Ready'), ageColumn, ...containersColumns, selectorColumn],
    cells(obj, now) {
      const rs = obj as ReplicaSet;
      return [nameOf(rs), rs.spec?.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, ageOf(rs, now),
        ...containerCells(rs.spec?.template?.spec?.containers), formatLabelSelector(rs.spec?.selector)];
    },
  },
  'DaemonSet.apps': {
    columns: [nameColumn, int('Desired'), int('Current'), int('Ready'), int('Up-to-date'), int('Available'), col('Node Selector'), ageColumn,
      ...containersColumns, selectorColumn],
    cells(obj, now) {
      const ds = obj as DaemonSet;
      const st = ds.status;
      return [nameOf(ds), st?.desiredNumberScheduled ?? 0, st?.currentNumberScheduled ?? 0, st?.numberReady ?? 0, st?.updatedNumberScheduled ?? 0,
        st?.numberAvailable ?? 0, formatLabels(ds.spec?.template?.spec?.nodeSelector), ageOf(ds, now),
        ...containerCells(ds.spec?.template?.spec?.containers), formatLabelSelector(ds.spec?.selector)];
    },
  },
  'ControllerRevision.apps': {
    columns: [nameColumn, col('Controller'), col('Revision'), ageColumn],
    cells(obj, now) {
      const rev = obj as Partial<ControllerRevision>;
      return [nameOf(rev), controllerCell(rev), rev.revision ?? 0, ageOf(rev, now)];
    },
  },
};
