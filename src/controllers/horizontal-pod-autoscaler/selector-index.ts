// Which HPAs' target selectors match some pods (upstream's selector multimap, behind AmbiguousSelector), indexed
// by each selector's first equality label so a sync looks at the HPAs sharing a label with its pods, not all.
import { matchesLabels, type LabelSelector } from '../../api/index.js';

interface Entry { readonly namespace: string; readonly selector: LabelSelector; readonly slot: string }

export class SelectorIndex {
  readonly #entries = new Map<string, Entry>();
  /** "ns\0k=v" (a selector's first `=`/single `in` label) or "ns\0" (no such label) → HPA keys. */
  readonly #slots = new Map<string, Set<string>>();

  static #slotOf(namespace: string, selector: LabelSelector): string {
    const eq = selector.requirements.find((r) => (r.operator === '=' || r.operator === 'in') && r.values.length === 1);
    return eq ? `${namespace}\u0000${eq.key}=${eq.values[0]}` : `${namespace}\u0000`;
  }

  set(key: string, namespace: string, selector: LabelSelector): void {
    this.delete(key);
    const slot = SelectorIndex.#slotOf(namespace, selector);
    this.#entries.set(key, { namespace, selector, slot });
    let keys = this.#slots.get(slot);
    if (!keys) this.#slots.set(slot, (keys = new Set()));
    keys.add(key);
  }

  delete(key: string): void {
    const e = this.#entries.get(key);
    if (!e) return;
    this.#entries.delete(key);
    const keys = this.#slots.get(e.slot);
    keys?.delete(key);
    if (keys?.size === 0) this.#slots.delete(e.slot);
  }

  /** Keys of the HPAs in the namespace whose selectors match any of the label sets. */
  owners(namespace: string, labelSets: readonly Readonly<Record<string, string>>[]): string[] {
    const candidates = new Set(this.#slots.get(`${namespace}\u0000`) ?? []);
    for (const labels of labelSets) for (const [k, v] of Object.entries(labels)) for (const key of this.#slots.get(`${namespace}\u0000${k}=${v}`) ?? []) candidates.add(key);
    return [...candidates].filter((key) => {
      const e = this.#entries.get(key);
      return e !== undefined && labelSets.some((l) => matchesLabels(e.selector, l));
    });
  }
}
