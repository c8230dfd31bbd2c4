// Restore and clone for local-path claims (external-provisioner's getSnapshotSource / getPVCSource), pure: what a
// claim's data source asks of the provisioner: nothing, to wait, to fail with upstream's message, or to copy a
// directory on the source's node into the new volume.
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec } from 'kubernetes-types/core/v1.js';
import { claimDataSourceOf, tryParseQuantity, pinnedNode, snapshot as s } from '../../api/index.js';
import { localPathProvisioner } from './provision.js';

export type DataSourcePlan =
  | { readonly kind: 'none' }
  /** A source of a kind no provisioner here handles: a volume populator's job (AnyVolumeDataSource), so skip the claim. */
  | { readonly kind: 'populator' }
  /** Not yet (a snapshot not ready, a source claim not bound): upstream reports it as ProvisioningFailed and retries. */
  | { readonly kind: 'wait'; readonly message: string }
  | { readonly kind: 'fail'; readonly message: string }
  /** Copy `sourcePath` on `node`; `sourceClaim` ("ns/name") is the clone source that gets the cloning protection. */
  | { readonly kind: 'copy'; readonly node: string; readonly sourcePath: string; readonly sourceClaim?: string };

export interface DataSourceWorld {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  snapshot(namespace: string, name: string): s.VolumeSnapshot | undefined;
  content(name: string): s.VolumeSnapshotContent | undefined;
}

const requestOf = (spec: PersistentVolumeClaimSpec | undefined): string | undefined => spec?.resources?.requests?.['storage'];

/** a < b for quantities; undefined when either does not parse. */
function smaller(a: string, b: string): boolean | undefined {
  const qa = tryParseQuantity(a);
  const qb = tryParseQuantity(b);
  return qa && qb ? qa.cmp(qb) < 0 : undefined;
}

const bytes = (q: string): string => tryParseQuantity(q)?.integerValue().toString() ?? q;

export function planDataSource(w: DataSourceWorld, claim: PersistentVolumeClaim): DataSourcePlan {
  const ds = claimDataSourceOf(claim);
  if (!ds) return { kind: 'none' };
  if (ds.namespace !== (claim.metadata?.namespace ?? '')) return { kind: 'fail', message: 'cross-namespace data sources are not supported (CrossNamespaceVolumeDataSource is off)' };
  if (ds.apiGroup === s.snapshotGroup && ds.kind === 'VolumeSnapshot') return fromSnapshot(w, claim, ds.namespace, ds.name);
  if (ds.apiGroup === '' && ds.kind === 'PersistentVolumeClaim') return fromClaim(w, claim, ds.namespace, ds.name);
  return { kind: 'populator' };
}

function fromSnapshot(w: DataSourceWorld, claim: PersistentVolumeClaim, ns: string, name: string): DataSourcePlan {
  const prefix = `error getting handle for DataSource Type VolumeSnapshot by Name ${name}`;
  const snap = w.snapshot(ns, name);
  if (!snap) return { kind: 'fail', message: `${prefix}: error getting snapshot ${name} from api server: volumesnapshots.snapshot.storage.k8s.io "${name}" not found` };
  if (snap.metadata.deletionTimestamp) return { kind: 'fail', message: `${prefix}: snapshot ${name} is currently being deleted` };
  if (snap.status?.readyToUse !== true) return { kind: 'wait', message: `${prefix}: snapshot ${name} is not Ready` };
  const contentName = snap.status.boundVolumeSnapshotContentName ?? '';
  const content = w.content(contentName);
  if (!content) return { kind: 'fail', message: `${prefix}: error getting snapshotcontent ${contentName} for snapshot ${ns}/${name} from api server: volumesnapshotcontents.snapshot.storage.k8s.io "${contentName}" not found` };
  const ref = content.spec.volumeSnapshotRef;
  if (ref.name !== name || ref.namespace !== ns || (ref.uid && ref.uid !== snap.metadata.uid)) {
    return { kind: 'fail', message: `${prefix}: snapshotcontent ${contentName} for snapshot ${ns}/${name} is bound to a different snapshot` };
  }
  if (content.spec.driver !== localPathProvisioner) return { kind: 'fail', message: `${prefix}: snapshotcontent ${contentName} for snapshot ${ns}/${name} is of driver ${content.spec.driver}, not ${localPathProvisioner}` };
  const handle = s.parseSnapshotHandle(content.status?.snapshotHandle ?? '');
  if (!handle) return { kind: 'fail', message: `${prefix}: snapshotcontent ${contentName} has no local-path snapshot handle` };
  const restoreSize = snap.status.restoreSize;
  const request = requestOf(claim.spec) ?? '0';
  if (restoreSize !== undefined && smaller(request, restoreSize) === true) {
    return { kind: 'fail', message: `requested volume size ${bytes(request)} is less than the size ${bytes(restoreSize)} for the source snapshot ${name}` };
  }
  return { kind: 'copy', node: handle.node, sourcePath: handle.path };
}

function fromClaim(w: DataSourceWorld, claim: PersistentVolumeClaim, ns: string, name: string): DataSourcePlan {
  const source = w.claim(ns, name);
  if (!source) return { kind: 'fail', message: `error getting handle for DataSource Type PersistentVolumeClaim by Name ${name}: error getting PVC ${name} (namespace "${ns}"): persistentvolumeclaims "${name}" not found` };
  if (source.metadata?.uid === claim.metadata?.uid) return { kind: 'fail', message: 'a claim cannot be its own data source' };
  if (source.status?.phase !== 'Bound' || !source.spec?.volumeName) return { kind: 'wait', message: `error getting handle for DataSource Type PersistentVolumeClaim by Name ${name}: the PVC ${name} not yet bound to a PV` };
  const fromClass = source.spec.storageClassName ?? '';
  const toClass = claim.spec?.storageClassName ?? '';
  if (fromClass !== toClass) return { kind: 'fail', message: `the source PVC and destination PVCs must be in the same storage class for cloning.  Source is in ${fromClass}, but new PVC is in ${toClass}` };
  const fromMode = source.spec.volumeMode ?? 'Filesystem';
  const toMode = claim.spec?.volumeMode ?? 'Filesystem';
  if (fromMode !== toMode) return { kind: 'fail', message: `the source PVC and destination PVCs must have the same volume mode for cloning.  Source is ${fromMode}.  Requested PVC is ${toMode}.` };
  const capacity = source.status.capacity?.['storage'] ?? requestOf(source.spec) ?? '0';
  const request = requestOf(claim.spec) ?? '0';
  if (smaller(request, capacity) === true) return { kind: 'fail', message: `error, new PVC request must be greater than or equal in size to the specified PVC data source, requested ${request} but source is ${capacity}` };
  const pv = w.volume(source.spec.volumeName);
  const node = pv ? pinnedNode(pv) : undefined;
  const path = pv?.spec?.hostPath?.path;
  if (!pv || node === undefined || path === undefined) return { kind: 'fail', message: `the source PVC ${name} is not a local-path volume pinned to one node` };
  return { kind: 'copy', node, sourcePath: path, sourceClaim: `${ns}/${name}` };
}
