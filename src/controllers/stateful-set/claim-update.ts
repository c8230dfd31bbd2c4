// KEP-4650 in-place claim updates (spec.volumeClaimUpdatePolicy: InPlace): whether an existing claim of a
// replica must grow to its template's storage request, is still growing, or is done, and the per-template
// claim status the set reports. Pure; control.ts decides when (ordinal order, interplay with the rollout).
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { tryParseQuantity, type Quantity, type VolumeClaimUpdatePolicy } from '../../api/index.js';
import { claimName, inOrdinalRange, ordinalOf, type SetObject } from './identity.js';

/** Patch a claim's spec.resources.requests.storage up to its template's (the admission may refuse). */
export interface ClaimResize { readonly kind: 'resizeClaim'; readonly pod: Pod; readonly claim: PersistentVolumeClaim; readonly storage: string }

/** Per template, the claims of the replicas in range (KEP-4650's first status proposal). */
export interface VolumeClaimTemplateStatus {
  templateName: string;
  /** Claims whose status.capacity is at least the template's request. */
  compatible: number;
  /** Claims being expanded: spec request above status.capacity. */
  updating: number;
  /** Claims whose status.capacity is above the template's request. */
  overSized: number;
  /** The sum of the claims' status.capacity.storage. */
  totalCapacity: string;
}

/** The policy: absent means OnClaimDelete, so 1.32 objects behave as before. */
export function volumeClaimUpdatePolicy(set: SetObject): VolumeClaimUpdatePolicy {
  return (set.spec as { volumeClaimUpdatePolicy?: VolumeClaimUpdatePolicy } | undefined)?.volumeClaimUpdatePolicy ?? 'OnClaimDelete';
}

const quantityOf = tryParseQuantity;

const requestOf = (spec: { resources?: { requests?: Record<string, unknown> } } | undefined): Quantity | undefined => quantityOf(spec?.resources?.requests?.['storage']);
const capacityOf = (claim: PersistentVolumeClaim): Quantity | undefined => quantityOf(claim.status?.capacity?.['storage']);

/**
 * Where a claim stands against its template:
 * - `resize`: bound, its request below the template's: patch the request (never lowered: max(template, claim));
 * - `resizing`: the request reached, status.capacity below min(template, request) (KEP-4650's "ready" rule);
 * - `ready`: nothing to do;
 * - `skip`: not a claim the set can grow (not bound yet, being deleted, another class, no sizes to compare).
 */
export type ClaimProgress = 'resize' | 'resizing' | 'ready' | 'skip';

export function claimProgress(claim: PersistentVolumeClaim, template: PersistentVolumeClaim): ClaimProgress {
  if (claim.metadata?.deletionTimestamp || claim.status?.phase !== 'Bound') return 'skip';
  const cls = template.spec?.storageClassName;
  if (cls !== undefined && cls !== null && (claim.spec?.storageClassName ?? '') !== cls) return 'skip';
  const want = requestOf(template.spec);
  const requested = requestOf(claim.spec);
  const capacity = capacityOf(claim);
  if (!want || !requested || !capacity) return 'skip';
  if (requested.cmp(want) < 0) return 'resize';
  const need = want.cmp(requested) <= 0 ? want : requested;
  return capacity.cmp(need) < 0 ? 'resizing' : 'ready';
}

/** The next thing to do for an ordinal's claims: resize some (all at once), wait for them, or nothing. */
export type OrdinalClaims = { readonly kind: 'resize'; readonly actions: readonly ClaimResize[] } | { readonly kind: 'wait' } | { readonly kind: 'done' };

export function ordinalClaims(set: SetObject, ordinal: number, pod: Pod, claims: ReadonlyMap<string, PersistentVolumeClaim>): OrdinalClaims {
  if (volumeClaimUpdatePolicy(set) !== 'InPlace') return { kind: 'done' };
  const actions: ClaimResize[] = [];
  let waiting = false;
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const claim = claims.get(claimName(t.metadata?.name ?? '', set, ordinal));
    if (!claim) continue;
    switch (claimProgress(claim, t)) {
      case 'resize':
        actions.push({ kind: 'resizeClaim', pod, claim, storage: String(t.spec!.resources!.requests!['storage']) });
        break;
      case 'resizing':
        waiting = true;
        break;
      case 'ready':
      case 'skip':
        break;
    }
  }
  if (actions.length) return { kind: 'resize', actions };
  return waiting ? { kind: 'wait' } : { kind: 'done' };
}

/** status.volumeClaimTemplates: only under InPlace (the policy acts as the set's feature gate), else undefined. */
export function volumeClaimTemplatesStatus(set: SetObject, claims: ReadonlyMap<string, PersistentVolumeClaim>): VolumeClaimTemplateStatus[] | undefined {
  if (volumeClaimUpdatePolicy(set) !== 'InPlace') return undefined;
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const name = t.metadata?.name ?? '';
    const want = requestOf(t.spec);
    const s = { templateName: name, compatible: 0, updating: 0, overSized: 0 };
    let total: Quantity | undefined;
    const prefix = `${name}-${set.metadata.name}-`;
    for (const [claimNameText, claim] of claims) {
      if (!claimNameText.startsWith(prefix) || !inOrdinalRange(set, ordinalOf(set, claimNameText.slice(name.length + 1)))) continue;
      const capacity = capacityOf(claim);
      const requested = requestOf(claim.spec);
      if (!capacity) continue;
      total = total ? total.add(capacity) : capacity;
      if (want && capacity.cmp(want) >= 0) s.compatible++;
      if (want && capacity.cmp(want) > 0) s.overSized++;
      if (requested && requested.cmp(capacity) > 0) s.updating++;
    }
    return { ...s, totalCapacity: total?.toString() ?? '0' };
  });
}
