// Why each PersistentVolume does or does not fit a Pending claim: the PV controller's matching rules
// (upstream FindMatchingVolume, here api's VolumeIndex and volumeMismatch) spelled out per volume. Pure.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import {
  claimClass, claimRequest, fromLabelSelectorObject, isDeleting, isVolumeBoundToClaim, matchesLabels, nodeSelectorMatches, tryParseQuantity, volumeClass,
  type ClaimObject, type NodeIdentity, type VolumeObject,
} from '../../api/index.js';
import { someNames } from './state.js';

/** One volume's verdict: fits, or the first rule it breaks. */
export interface VolumeVerdict {
  readonly name: string;
  readonly reason: string | undefined;
}

function capacityTooSmall(volume: PersistentVolume, claim: ClaimObject): string | undefined {
  const request = claimRequest(claim);
  const raw = volume.spec?.capacity?.['storage'];
  if (!request) return undefined;
  const capacity = tryParseQuantity(raw);
  if (capacity && capacity.cmp(request) >= 0) return undefined;
  return `capacity ${raw ?? '<none>'} is less than the requested ${request.toString()}`;
}

/** The first matching rule the volume breaks for the claim (on `node` when the claim's node is known), or undefined when it fits. */
export function volumeVerdict(volume: VolumeObject, claim: ClaimObject, node?: NodeIdentity): string | undefined {
  const ref = volume.spec?.claimRef;
  if (isDeleting(volume)) return 'is being deleted';
  const reserved = isVolumeBoundToClaim(volume, claim);
  if (ref?.name && !reserved) return `already bound to ${ref.namespace ?? ''}/${ref.name}`;
  if (!reserved && volume.status?.phase !== 'Available') return `phase is ${volume.status?.phase ?? 'Pending'}, not Available`;
  if (!reserved && volumeClass(volume) !== claimClass(claim)) return `storageClassName "${volumeClass(volume)}" does not match the claim's "${claimClass(claim)}"`;
  const have = new Set(volume.spec?.accessModes ?? []);
  const missing = (claim.spec?.accessModes ?? []).filter((m) => !have.has(m));
  if (missing.length > 0) return `access modes [${[...have].join(', ')}] lack ${missing.join(', ')}`;
  const mode = volume.spec?.volumeMode ?? 'Filesystem';
  if (mode !== (claim.spec?.volumeMode ?? 'Filesystem')) return `volumeMode ${mode}, the claim wants ${claim.spec?.volumeMode ?? 'Filesystem'}`;
  const small = capacityTooSmall(volume, claim);
  if (small) return small;
  if (!reserved && claim.spec?.selector && !matchesLabels(fromLabelSelectorObject(claim.spec.selector as Parameters<typeof fromLabelSelectorObject>[0]), volume.metadata.labels)) {
    return 'labels do not match the claim\'s selector';
  }
  if (node && !nodeSelectorMatches(volume.spec?.nodeAffinity?.required, node)) return `node affinity excludes node ${node.name}`;
  return undefined;
}

const named = (v: PersistentVolume): v is VolumeObject => typeof v.metadata?.name === 'string';

/**
 * `PersistentVolumes:` and a line per volume (those of the claim's class first, at most max), each with the
 * reason it does not fit, or `fits`.
 */
export function volumeLines(volumes: readonly PersistentVolume[], claim: PersistentVolumeClaim & ClaimObject, options: { node?: NodeIdentity; max?: number } = {}): string[] {
  const all = volumes.filter(named);
  if (all.length === 0) return ['PersistentVolumes: none exist'];
  const cls = claimClass(claim);
  const ordered = [...all].sort((a, b) => Number(volumeClass(b) === cls) - Number(volumeClass(a) === cls) || (a.metadata.name < b.metadata.name ? -1 : 1));
  const verdicts: VolumeVerdict[] = ordered.map((v) => ({ name: v.metadata.name, reason: volumeVerdict(v, claim, options.node) }));
  const fitting = verdicts.filter((v) => v.reason === undefined).length;
  const max = options.max ?? 8;
  const head = fitting === 0 ? `PersistentVolumes: none of ${all.length} fits` : `PersistentVolumes: ${fitting} of ${all.length} fit`;
  const lines = verdicts.slice(0, max).map((v) => `  pv/${v.name}: ${v.reason ?? 'fits'}`);
  if (verdicts.length > max) lines.push(`  … and ${verdicts.length - max} more: ${someNames(verdicts.slice(max).map((v) => v.name))}`);
  return [head, ...lines];
}
