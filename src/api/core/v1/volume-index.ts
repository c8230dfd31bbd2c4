// The volume index and matching rule shared by the PV controller and the scheduler's VolumeBinding (upstream FindMatchingVolume + findBestMatchForClaim):
// pure data, no I/O. Free volumes sit in buckets by access-mode set and class, sorted by capacity, so a
// claim finds its smallest fit by binary search instead of scanning every volume.
import { fromLabelSelectorObject, matchesLabels } from '../../meta/labels.js';
import { tryParseQuantity, type Quantity } from '../../resource/quantity.js';
import { nodeSelectorMatches, type NodeIdentity } from './node-selector.js';
import { claimClass, claimKey, claimRefKey, isDeleting, isVolumeBoundToClaim, volumeClass, type ClaimObject as Claim, type VolumeObject as Volume } from './volume-binding.js';

interface Entry {
  readonly volume: Volume;
  readonly capacity: Quantity | undefined;
  readonly modesKey: string;
  readonly class: string;
}

export interface MatchOptions {
  /** The node the claim will be used on (WaitForFirstConsumer after scheduling): volumes must allow it. */
  readonly node?: NodeIdentity;
  /** WaitForFirstConsumer before scheduling: only a volume pre-bound to the claim may be chosen. */
  readonly delayBinding?: boolean;
}

const modesKeyOf = (modes: readonly string[] | undefined): string => [...new Set(modes ?? [])].sort().join(',');
const modesOf = (key: string): string[] => (key === '' ? [] : key.split(','));

const quantityOf = tryParseQuantity;

/** Capacity of the volume is at least the claim's request. */
function isLargeEnough(capacity: Quantity | undefined, request: Quantity | undefined): boolean {
  if (!request) return true;
  return capacity !== undefined && capacity.cmp(request) >= 0;
}

const volumeModeOf = (mode: string | undefined): string => mode ?? 'Filesystem';

export function claimRequest(claim: Claim): Quantity | undefined {
  return quantityOf(claim.spec?.resources?.requests?.['storage']);
}

function affinityAllows(volume: Volume, node: NodeIdentity | undefined): boolean {
  return !node || nodeSelectorMatches(volume.spec?.nodeAffinity?.required, node);
}

/**
 * checkVolumeSatisfyClaim: why `volume` (named by the claim's volumeName) cannot serve `claim`, in upstream's
 * order and wording, or undefined when it can. Selector and node are not checked (upstream quirk).
 */
export function volumeMismatch(volume: Volume, claim: Claim): string | undefined {
  if (!isLargeEnough(quantityOf(volume.spec?.capacity?.['storage']), claimRequest(claim))) return 'requested PV is too small';
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if (isDeleting(volume)) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if (volumeModeOf(volume.spec?.volumeMode) !== volumeModeOf(claim.spec?.volumeMode)) return 'incompatible volumeMode';
  const have = new Set(volume.spec?.accessModes ?? []);
  if (!(claim.spec?.accessModes ?? []).every((m) => have.has(m))) return 'incompatible accessMode';
  return undefined;
}

/** A free volume: Available, unclaimed, not being deleted. Only these are matched by class and selector. */
const isFree = (v: Volume): boolean => !v.spec?.claimRef && v.status?.phase === 'Available' && !isDeleting(v);

export class VolumeIndex {
  readonly #byName = new Map<string, Entry>();
  /** modesKey → class → free entries sorted by capacity (ascending). */
  readonly #free = new Map<string, Map<string, Entry[]>>();
  /** claim key → names of volumes whose claimRef names that claim. */
  readonly #byClaim = new Map<string, Set<string>>();
  /** Volumes a bind in flight has chosen: never offered to another claim until released. */
  readonly #reserved = new Set<string>();

  /** Holds a chosen volume back from other claims while its claimRef write is in flight. */
  reserve(name: string): void {
    this.#reserved.add(name);
  }

  release(name: string): void {
    this.#reserved.delete(name);
  }

  get(name: string): Volume | undefined {
    return this.#byName.get(name)?.volume;
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  get size(): number {
    return this.#byName.size;
  }

  /** Names of the volumes whose claimRef names the claim "ns/name". */
  volumesClaimedBy(key: string): string[] {
    return [...(this.#byClaim.get(key) ?? [])];
  }

  upsert(volume: Volume): void {
    this.remove(volume.metadata.name);
    const e: Entry = { volume, capacity: quantityOf(volume.spec?.capacity?.['storage']), modesKey: modesKeyOf(volume.spec?.accessModes), class: volumeClass(volume) };
    this.#byName.set(volume.metadata.name, e);
    const ck = claimRefKey(volume);
    if (ck) {
      let s = this.#byClaim.get(ck);
      if (!s) this.#byClaim.set(ck, (s = new Set()));
      s.add(volume.metadata.name);
    }
    if (isFree(volume)) {
      const list = this.#bucket(e.modesKey, e.class, true)!;
      list.splice(this.#lowerBound(list, e.capacity), 0, e);
    }
  }

  remove(name: string): void {
    const e = this.#byName.get(name);
    if (!e) return;
    this.#byName.delete(name);
    const ck = claimRefKey(e.volume);
    if (ck) {
      const s = this.#byClaim.get(ck);
      s?.delete(name);
      if (s?.size === 0) this.#byClaim.delete(ck);
    }
    const list = this.#bucket(e.modesKey, e.class, false);
    if (!list) return;
    const i = list.indexOf(e, this.#lowerBound(list, e.capacity));
    if (i >= 0) list.splice(i, 1);
  }

  #bucket(modesKey: string, cls: string, create: boolean): Entry[] | undefined {
    let byClass = this.#free.get(modesKey);
    if (!byClass) {
      if (!create) return undefined;
      this.#free.set(modesKey, (byClass = new Map()));
    }
    let list = byClass.get(cls);
    if (!list && create) byClass.set(cls, (list = []));
    return list;
  }

  /** First position whose capacity is >= q (entries without a capacity sort first). */
  #lowerBound(list: readonly Entry[], q: Quantity | undefined): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = list[mid]!.capacity;
      const less = q === undefined ? false : c === undefined || c.cmp(q) < 0;
      if (less) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * findBestMatchForClaim: access-mode groups that contain every requested mode are tried from the fewest
   * modes up; in the first group with a match, a volume pre-bound to the claim wins, else the smallest free
   * volume of the claim's class that fits (size, volumeMode, selector, node affinity).
   */
  findBestMatch(claim: Claim, options: MatchOptions = {}): Volume | undefined {
    const requested = claim.spec?.accessModes ?? [];
    const groups = new Set<string>(this.#free.keys());
    const preBound = [...(this.#byClaim.get(claimKey(claim)) ?? [])].map((n) => this.#byName.get(n)!).filter((e) => isVolumeBoundToClaim(e.volume, claim));
    for (const e of preBound) groups.add(e.modesKey);
    const candidates = [...groups]
      .filter((k) => requested.every((m) => modesOf(k).includes(m)))
      .sort((a, b) => modesOf(a).length - modesOf(b).length || (a < b ? -1 : a > b ? 1 : 0));
    const request = claimRequest(claim);
    const mode = volumeModeOf(claim.spec?.volumeMode);
    const selector = claim.spec?.selector ? fromLabelSelectorObject(claim.spec.selector as Parameters<typeof fromLabelSelectorObject>[0]) : undefined;
    for (const key of candidates) {
      for (const e of preBound) {
        if (e.modesKey !== key || isDeleting(e.volume) || this.#reserved.has(e.volume.metadata.name)) continue;
        if (!isLargeEnough(e.capacity, request) || volumeModeOf(e.volume.spec?.volumeMode) !== mode) continue;
        if (affinityAllows(e.volume, options.node)) return e.volume;
      }
      if (options.delayBinding && !options.node) continue;
      const list = this.#bucket(key, claimClass(claim), false) ?? [];
      for (let i = this.#lowerBound(list, request); i < list.length; i++) {
        const v = list[i]!.volume;
        if (this.#reserved.has(v.metadata.name)) continue;
        if (volumeModeOf(v.spec?.volumeMode) !== mode) continue;
        if (selector && !matchesLabels(selector, v.metadata.labels)) continue;
        if (!affinityAllows(v, options.node)) continue;
        return v;
      }
    }
    return undefined;
  }
}
