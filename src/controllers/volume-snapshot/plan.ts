// The common snapshot controller's decisions (external-snapshotter pkg/common-controller), pure: from one
// VolumeSnapshot or VolumeSnapshotContent and what the caches hold, the next writes to make. One step per sync:
// each write comes back as a watch event and the object is synced again (level-triggered).
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { Quantity, snapshot as s } from '../../api/index.js';

type Snapshot = s.VolumeSnapshot;
type Content = s.VolumeSnapshotContent;
type SnapshotClass = s.VolumeSnapshotClass;

export type EventType = 'Normal' | 'Warning';
export interface PlannedEvent { readonly on: 'snapshot' | 'content'; readonly type: EventType; readonly reason: string; readonly message: string }

export type Action =
  | { readonly kind: 'updateSnapshot'; readonly snapshot: Snapshot }
  | { readonly kind: 'updateSnapshotStatus'; readonly snapshot: Snapshot }
  | { readonly kind: 'createContent'; readonly content: Content }
  | { readonly kind: 'updateContent'; readonly content: Content }
  | { readonly kind: 'deleteContent'; readonly name: string; readonly uid: string }
  | { readonly kind: 'updateClaim'; readonly claim: PersistentVolumeClaim };

export interface Step { readonly actions: readonly Action[]; readonly events: readonly PlannedEvent[] }
const none: Step = { actions: [], events: [] };

/** What a sync reads from the caches. */
export interface World {
  content(name: string): Content | undefined;
  contents(): readonly Content[];
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  claims(namespace: string): readonly PersistentVolumeClaim[];
  snapshot(namespace: string, name: string): Snapshot | undefined;
  snapshots(namespace: string): readonly Snapshot[];
  volume(name: string): PersistentVolume | undefined;
  snapshotClass(name: string): SnapshotClass | undefined;
  snapshotClasses(): readonly SnapshotClass[];
  /** RFC 3339, now. */
  readonly now: string;
}

const has = (list: readonly string[] | undefined, f: string): boolean => (list ?? []).includes(f);
const withFinalizer = <T extends { metadata: { finalizers?: string[] } }>(o: T, f: string): T => ({ ...o, metadata: { ...o.metadata, finalizers: [...(o.metadata.finalizers ?? []), f] } });
function withoutFinalizers<T extends { metadata: { finalizers?: string[] } }>(o: T, fs: readonly string[]): T {
  const finalizers = (o.metadata.finalizers ?? []).filter((f) => !fs.includes(f));
  const metadata = { ...o.metadata, finalizers };
  if (finalizers.length === 0) delete (metadata as { finalizers?: string[] }).finalizers;
  return { ...o, metadata };
}
const keyOf = (o: Snapshot): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
const isDeleting = (o: { metadata: { deletionTimestamp?: string } }): boolean => o.metadata.deletionTimestamp !== undefined && o.metadata.deletionTimestamp !== null;

/** The driver of a volume: its CSI driver, or the provisioner that made it (local-path volumes are not CSI). */
export function driverOfVolume(pv: PersistentVolume): string | undefined {
  return pv.spec?.csi?.driver ?? pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'];
}

/** A content is bound to the snapshot when its reference names it (and, once set, by uid). */
function refersTo(content: Content, snap: Snapshot): boolean {
  const ref = content.spec.volumeSnapshotRef;
  return ref.name === snap.metadata.name && ref.namespace === snap.metadata.namespace && (!ref.uid || ref.uid === snap.metadata.uid);
}

/** The content the snapshot is (to be) bound to. */
function contentOf(w: World, snap: Snapshot): Content | undefined {
  const name = snap.spec.source.volumeSnapshotContentName ?? snap.status?.boundVolumeSnapshotContentName ?? s.contentNameFor(snap.metadata.uid ?? '');
  return w.content(name);
}

/** Whether a claim of the namespace is still being provisioned from this snapshot (upstream isVolumeBeingCreatedFromSnapshot). */
function isSourceOfPendingClaim(w: World, snap: Snapshot): boolean {
  return w.claims(snap.metadata.namespace ?? '').some((c) => {
    const ds = c.spec?.dataSourceRef ?? c.spec?.dataSource;
    return ds?.kind === 'VolumeSnapshot' && ds.apiGroup === s.snapshotGroup && ds.name === snap.metadata.name && (ds as { namespace?: string }).namespace === undefined
      && c.status?.phase === 'Pending';
  });
}

function errorStatus(snap: Snapshot, w: World, reason: string, message: string): Step {
  if (snap.status?.error?.message === message) return none;
  const status = { ...snap.status, readyToUse: snap.status?.readyToUse ?? false, error: { time: w.now, message } };
  return { actions: [{ kind: 'updateSnapshotStatus', snapshot: { ...snap, status } }], events: [{ on: 'snapshot', type: 'Warning', reason, message }] };
}

/** Snapshot sync (upstream syncSnapshot): deletion, finalizers, binding, content creation, status. */
export function planSnapshot(w: World, snap: Snapshot): Step {
  if (isDeleting(snap)) return planSnapshotDeletion(w, snap);
  const content = contentOf(w, snap);
  // Every live snapshot is protected while claims may be restored from it; a bound one while its content is Delete.
  if (!has(snap.metadata.finalizers, s.volumeSnapshotAsSourceFinalizer)) return { actions: [{ kind: 'updateSnapshot', snapshot: withFinalizer(snap, s.volumeSnapshotAsSourceFinalizer) }], events: [] };
  if (content && refersTo(content, snap) && content.spec.deletionPolicy === 'Delete' && !has(snap.metadata.finalizers, s.volumeSnapshotBoundFinalizer)) {
    return { actions: [{ kind: 'updateSnapshot', snapshot: withFinalizer(snap, s.volumeSnapshotBoundFinalizer) }], events: [] };
  }
  if (snap.spec.source.volumeSnapshotContentName !== undefined) return planPreProvisioned(w, snap, content);
  return planDynamic(w, snap, content);
}

function planSnapshotDeletion(w: World, snap: Snapshot): Step {
  const content = contentOf(w, snap);
  const bound = content !== undefined && refersTo(content, snap);
  if (bound && content.spec.deletionPolicy === 'Delete' && !isDeleting(content)) {
    const annotated = { ...content, metadata: { ...content.metadata, annotations: { ...content.metadata.annotations, [s.annVolumeSnapshotBeingDeleted]: 'yes' } } };
    if (content.metadata.annotations?.[s.annVolumeSnapshotBeingDeleted] === undefined) return { actions: [{ kind: 'updateContent', content: annotated }], events: [] };
    return { actions: [{ kind: 'deleteContent', name: content.metadata.name ?? '', uid: content.metadata.uid ?? '' }], events: [] };
  }
  const ours = [s.volumeSnapshotAsSourceFinalizer, s.volumeSnapshotBoundFinalizer];
  if (!ours.some((f) => has(snap.metadata.finalizers, f))) return releaseSourceClaim(w, snap);
  if (isSourceOfPendingClaim(w, snap)) {
    // The bound protection may go; the source protection stays until the restore is provisioned.
    if (!has(snap.metadata.finalizers, s.volumeSnapshotBoundFinalizer)) return none;
    return { actions: [{ kind: 'updateSnapshot', snapshot: withoutFinalizers(snap, [s.volumeSnapshotBoundFinalizer]) }], events: [] };
  }
  return { actions: [{ kind: 'updateSnapshot', snapshot: withoutFinalizers(snap, ours) }], events: [] };
}

function planPreProvisioned(w: World, snap: Snapshot, content: Content | undefined): Step {
  if (!content) return errorStatus(snap, w, 'SnapshotContentMissing', 'VolumeSnapshotContent is missing');
  if (!refersTo(content, snap)) return errorStatus(snap, w, 'SnapshotContentMisbound', 'VolumeSnapshotContent is not bound to the VolumeSnapshot correctly');
  if (!content.spec.volumeSnapshotRef.uid) {
    const ref = { ...content.spec.volumeSnapshotRef, uid: snap.metadata.uid ?? '' };
    return { actions: [{ kind: 'updateContent', content: { ...content, spec: { ...content.spec, volumeSnapshotRef: ref } } }], events: [] };
  }
  return planStatus(snap, content);
}

/** The class a dynamic snapshot uses: its own, or its driver's default (written into its spec, as upstream does). */
function resolveClass(w: World, snap: Snapshot, driver: string): { cls: SnapshotClass } | { error: string } {
  const name = snap.spec.volumeSnapshotClassName;
  if (name !== undefined) {
    const cls = w.snapshotClass(name);
    return cls ? { cls } : { error: `failed to retrieve snapshot class ${name} from the informer: "volumesnapshotclass.snapshot.storage.k8s.io \\"${name}\\" not found"` };
  }
  return s.defaultSnapshotClassFor(w.snapshotClasses(), driver);
}

function planDynamic(w: World, snap: Snapshot, content: Content | undefined): Step {
  if (content && refersTo(content, snap)) {
    if (snap.status?.boundVolumeSnapshotContentName !== content.metadata.name) return planStatus(snap, content);
    const step = planStatus(snap, content);
    return step.actions.length ? step : releaseSourceClaim(w, snap);
  }
  const ns = snap.metadata.namespace ?? '';
  const claimName = snap.spec.source.persistentVolumeClaimName ?? '';
  const fail = (message: string): Step => errorStatus(snap, w, 'SnapshotContentCreationFailed', `Failed to create snapshot content with error ${message}`);
  const claim = w.claim(ns, claimName);
  if (!claim) return fail(`failed to get input parameters to create snapshot ${snap.metadata.name}: "failed to retrieve PVC ${claimName} from the lister: \\"persistentvolumeclaim \\\\\\"${claimName}\\\\\\" not found\\""`);
  const pv = claim.status?.phase === 'Bound' && claim.spec?.volumeName ? w.volume(claim.spec.volumeName) : undefined;
  if (!pv) return fail(`failed to get input parameters to create snapshot ${snap.metadata.name}: "the PVC ${claimName} is not yet bound to a PV, will not attempt to take a snapshot"`);
  const driver = driverOfVolume(pv);
  if (!driver) return fail(`failed to get input parameters to create snapshot ${snap.metadata.name}: "cannot find CSI PersistentVolumeSource for volume ${pv.metadata?.name ?? ''}"`);
  const resolved = resolveClass(w, snap, driver);
  if ('error' in resolved) return errorStatus(snap, w, 'SnapshotContentCreationFailed', `Failed to create snapshot content with error ${resolved.error}`);
  const cls = resolved.cls;
  if (snap.spec.volumeSnapshotClassName === undefined) {
    return { actions: [{ kind: 'updateSnapshot', snapshot: { ...snap, spec: { ...snap.spec, volumeSnapshotClassName: cls.metadata.name ?? '' } } }], events: [] };
  }
  if (cls.driver !== driver) return fail(`failed to get input parameters to create snapshot ${snap.metadata.name}: "volume snapshot class ${cls.metadata.name ?? ''} has driver ${cls.driver}, the volume's driver is ${driver}"`);
  // The source claim may not go while its snapshot is being taken.
  if (!has(claim.metadata?.finalizers, s.pvcAsSourceFinalizer) && !isDeleting(claim as { metadata: { deletionTimestamp?: string } })) {
    return { actions: [{ kind: 'updateClaim', claim: withFinalizer(claim as PersistentVolumeClaim & { metadata: { finalizers?: string[] } }, s.pvcAsSourceFinalizer) }], events: [] };
  }
  const name = s.contentNameFor(snap.metadata.uid ?? '');
  const newContent: Content = {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshotContent',
    metadata: { name },
    spec: {
      volumeSnapshotRef: { kind: 'VolumeSnapshot', apiVersion: 'snapshot.storage.k8s.io/v1', namespace: ns, name: snap.metadata.name ?? '', uid: snap.metadata.uid ?? '', ...(snap.metadata.resourceVersion ? { resourceVersion: snap.metadata.resourceVersion } : {}) },
      deletionPolicy: cls.deletionPolicy,
      driver,
      volumeSnapshotClassName: cls.metadata.name ?? '',
      source: { volumeHandle: pv.spec?.csi?.volumeHandle ?? pv.metadata?.name ?? '' },
      sourceVolumeMode: pv.spec?.volumeMode ?? 'Filesystem',
    },
  };
  if (content) return fail(`snapshot controller failed to update ${name} on API server: the content ${name} exists and is bound to another snapshot`);
  return {
    actions: [{ kind: 'createContent', content: newContent }],
    events: [{ on: 'snapshot', type: 'Normal', reason: 'CreatingSnapshot', message: `Waiting for a snapshot ${keyOf(snap)} to be created by the CSI driver.` }],
  };
}

/** nanoseconds since the epoch → RFC 3339 (seconds precision, as metav1.Time serializes). */
export function rfc3339FromNanos(ns: number): string {
  return new Date(Math.floor(ns / 1e6)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The snapshot's status from its bound content's (upstream updateSnapshotStatus), with its events. */
function planStatus(snap: Snapshot, content: Content): Step {
  const cs = content.status ?? {};
  const prev = snap.status ?? {};
  const status: NonNullable<Snapshot['status']> = { ...prev, boundVolumeSnapshotContentName: content.metadata.name ?? '', readyToUse: cs.readyToUse ?? false };
  if (cs.creationTime !== undefined) status.creationTime = rfc3339FromNanos(cs.creationTime);
  if (cs.restoreSize !== undefined) status.restoreSize = new Quantity(BigInt(cs.restoreSize), 0, 'BinarySI').toString();
  if (cs.error) status.error = cs.error;
  else if (status.readyToUse) delete status.error;
  if (JSON.stringify(status) === JSON.stringify(prev)) return none;
  const events: PlannedEvent[] = [];
  const key = keyOf(snap);
  if (cs.creationTime !== undefined && prev.creationTime === undefined) events.push({ on: 'snapshot', type: 'Normal', reason: 'SnapshotCreated', message: `Snapshot ${key} was successfully created by the CSI driver.` });
  if (status.readyToUse && !prev.readyToUse) events.push({ on: 'snapshot', type: 'Normal', reason: 'SnapshotReady', message: `Snapshot ${key} is ready to use.` });
  return { actions: [{ kind: 'updateSnapshotStatus', snapshot: { ...snap, status } }], events };
}

/**
 * The source claim's pvc-as-source-protection goes once no snapshot of it is still being taken (upstream
 * checkandRemovePVCFinalizer).
 */
function releaseSourceClaim(w: World, snap: Snapshot): Step {
  const ns = snap.metadata.namespace ?? '';
  const claimName = snap.spec.source.persistentVolumeClaimName;
  if (claimName === undefined) return none;
  const claim = w.claim(ns, claimName);
  if (!claim || !has(claim.metadata?.finalizers, s.pvcAsSourceFinalizer)) return none;
  const taking = w.snapshots(ns).some((o) => o.spec.source.persistentVolumeClaimName === claimName && !isDeleting(o) && o.status?.readyToUse !== true && o.status?.error === undefined);
  if (taking) return none;
  return { actions: [{ kind: 'updateClaim', claim: withoutFinalizers(claim as PersistentVolumeClaim & { metadata: { finalizers?: string[] } }, [s.pvcAsSourceFinalizer]) }], events: [] };
}

/**
 * Content sync (upstream syncContent of the common controller): a content whose snapshot is gone is deleted when
 * its policy is Delete (marked for the snapshotter first), kept when Retain; a content being deleted whose
 * snapshot is gone or going is marked so the snapshotter may finish it.
 */
export function planContent(w: World, content: Content): Step {
  const ref = content.spec.volumeSnapshotRef;
  if (!ref.uid) return none; // not bound yet: a pre-provisioned content waits for its snapshot
  const snap = w.snapshot(ref.namespace ?? '', ref.name ?? '');
  const snapshotGone = !snap || snap.metadata.uid !== ref.uid || isDeleting(snap);
  if (!snapshotGone) return none;
  const marked = content.metadata.annotations?.[s.annVolumeSnapshotBeingDeleted] !== undefined;
  if ((isDeleting(content) || content.spec.deletionPolicy === 'Delete') && !marked) {
    return { actions: [{ kind: 'updateContent', content: { ...content, metadata: { ...content.metadata, annotations: { ...content.metadata.annotations, [s.annVolumeSnapshotBeingDeleted]: 'yes' } } } }], events: [] };
  }
  if (content.spec.deletionPolicy === 'Delete' && !isDeleting(content) && (!snap || snap.metadata.uid !== ref.uid)) {
    return { actions: [{ kind: 'deleteContent', name: content.metadata.name ?? '', uid: content.metadata.uid ?? '' }], events: [] };
  }
  return none;
}

