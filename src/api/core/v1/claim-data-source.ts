// A claim's data source (upstream pkg/api/persistentvolumeclaim): on create, a dataSource of a kind no populator
// handles built in is dropped and dataSource/dataSourceRef are made to mirror each other (AnyVolumeDataSource);
// provisioners read the source through `claimDataSourceOf`.
import type { PersistentVolumeClaimSpec, TypedLocalObjectReference, TypedObjectReference } from 'kubernetes-types/core/v1.js';

/** The source a claim's volume is populated from: a VolumeSnapshot, a PersistentVolumeClaim, or any other kind. */
export interface ClaimDataSource {
  readonly apiGroup: string;
  readonly kind: string;
  readonly name: string;
  /** The source's namespace: the claim's own unless dataSourceRef names another (CrossNamespaceVolumeDataSource). */
  readonly namespace: string;
}

/** Kinds upstream accepts in the legacy `dataSource` field: a claim (core group) or a VolumeSnapshot. */
function isLegacyDataSource(ref: TypedLocalObjectReference): boolean {
  const group = ref.apiGroup ?? '';
  if (group === '') return ref.kind === 'PersistentVolumeClaim';
  return group === 'snapshot.storage.k8s.io' && ref.kind === 'VolumeSnapshot';
}

/** EnforceDataSourceBackwardsCompatibility then NormalizeDataSources, on a new claim's spec (mutated). */
export function normalizeClaimDataSources(spec: PersistentVolumeClaimSpec): void {
  if (spec.dataSource && !isLegacyDataSource(spec.dataSource)) delete spec.dataSource;
  // CrossNamespaceVolumeDataSource is alpha and off, as in upstream 1.32: the field is dropped (DropDisabledFields).
  if (spec.dataSourceRef?.namespace !== undefined) delete spec.dataSourceRef.namespace;
  const ds = spec.dataSource;
  const ref = spec.dataSourceRef;
  if (ds && !ref) {
    spec.dataSourceRef = { ...(ds.apiGroup !== undefined ? { apiGroup: ds.apiGroup } : {}), kind: ds.kind, name: ds.name };
  } else if (ref && !ds && (ref.namespace ?? '') === '') {
    spec.dataSource = { ...(ref.apiGroup !== undefined ? { apiGroup: ref.apiGroup } : {}), kind: ref.kind, name: ref.name };
  }
}

/** The claim's data source (dataSourceRef wins, as upstream's provisioners read it); undefined without one. */
export function claimDataSourceOf(claim: { metadata?: { namespace?: string }; spec?: PersistentVolumeClaimSpec }): ClaimDataSource | undefined {
  const ref: TypedObjectReference | undefined = claim.spec?.dataSourceRef ?? claim.spec?.dataSource;
  if (!ref?.name || !ref.kind) return undefined;
  return { apiGroup: ref.apiGroup ?? '', kind: ref.kind, name: ref.name, namespace: ref.namespace || (claim.metadata?.namespace ?? '') };
}

/** The lookups `dataSourceNode` reads (caches). */
export interface DataSourceLookups {
  claim(namespace: string, name: string): { spec?: { volumeName?: string }; status?: { phase?: string } } | undefined;
  volume(name: string): { spec?: { nodeAffinity?: { required?: { nodeSelectorTerms?: readonly { matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[] }[] } } } } | undefined;
  snapshot(namespace: string, name: string): { status?: { boundVolumeSnapshotContentName?: string } } | undefined;
  content(name: string): { status?: { snapshotHandle?: string } } | undefined;
}

/** Where a claim's data source lives: nowhere in particular, on a node, or not known yet (not ready, not bound, absent). */
export type DataSourcePlacement = { readonly kind: 'none' } | { readonly kind: 'node'; readonly node: string } | { readonly kind: 'pending' };

/**
 * The node holding a claim's VolumeSnapshot or PersistentVolumeClaim data source when it lives on one node: the
 * node of a local snapshot handle (`<node>:<path>`) or of the source claim's pinned volume. Other kinds: 'none'.
 */
export function dataSourcePlacement(claim: { metadata?: { namespace?: string }; spec?: PersistentVolumeClaimSpec }, lookups: DataSourceLookups): DataSourcePlacement {
  const ds = claimDataSourceOf(claim);
  const pending = { kind: 'pending' } as const;
  if (ds?.apiGroup === 'snapshot.storage.k8s.io' && ds.kind === 'VolumeSnapshot') {
    const content = lookups.content(lookups.snapshot(ds.namespace, ds.name)?.status?.boundVolumeSnapshotContentName ?? '');
    const handle = content?.status?.snapshotHandle ?? '';
    const i = handle.indexOf(':');
    return i > 0 && handle[i + 1] === '/' ? { kind: 'node', node: handle.slice(0, i) } : pending;
  }
  if (ds?.apiGroup === '' && ds.kind === 'PersistentVolumeClaim') {
    const source = lookups.claim(ds.namespace, ds.name);
    const volumeName = source?.status?.phase === 'Bound' ? source.spec?.volumeName : undefined;
    const pv = volumeName ? lookups.volume(volumeName) : undefined;
    for (const t of pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) {
      for (const e of t.matchExpressions ?? []) if (e.key === 'kubernetes.io/hostname' && e.operator === 'In' && e.values?.length === 1 && e.values[0]) return { kind: 'node', node: e.values[0] };
    }
    return pending;
  }
  return { kind: 'none' };
}
