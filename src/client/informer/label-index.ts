// An index of cached objects by namespace and by label (the indexer client-go informers carry): selecting the
// pods of a namespace that a selector matches touches only the objects sharing one of its equality labels,
// not the whole cache. Kept current by an informer's handlers.
import { matchesLabels, type LabelSelector } from '../../api/index.js';
import { objectKeyOf, type Informer } from './informer.js';

type Labelled = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };

export class LabelIndex<T extends Labelled> {
  readonly #byNamespace = new Map<string, Map<string, T>>();
  readonly #byLabel = new Map<string, Map<string, T>>();

  static #labelKey(ns: string, k: string, v: string): string {
    return `${ns}\u0000${k}=${v}`;
  }

  set(obj: T): void {
    const key = objectKeyOf(obj);
    const ns = obj.metadata?.namespace ?? '';
    let inNs = this.#byNamespace.get(ns);
    if (!inNs) this.#byNamespace.set(ns, (inNs = new Map()));
    inNs.set(key, obj);
    for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
      const lk = LabelIndex.#labelKey(ns, k, v);
      let m = this.#byLabel.get(lk);
      if (!m) this.#byLabel.set(lk, (m = new Map()));
      m.set(key, obj);
    }
  }

  delete(obj: T): void {
    const key = objectKeyOf(obj);
    const ns = obj.metadata?.namespace ?? '';
    this.#byNamespace.get(ns)?.delete(key);
    for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
      const lk = LabelIndex.#labelKey(ns, k, v);
      const m = this.#byLabel.get(lk);
      m?.delete(key);
      if (m?.size === 0) this.#byLabel.delete(lk);
    }
  }

  /** The namespace's objects the selector matches (the first `=`/`in` requirement narrows the candidates). */
  select(namespace: string, selector: LabelSelector): T[] {
    if (selector.nothing) return [];
    const eq = selector.requirements.find((r) => r.operator === '=' || r.operator === 'in');
    let candidates: Iterable<T>;
    if (eq) {
      const found = new Map<string, T>();
      for (const v of eq.values) for (const [k, o] of this.#byLabel.get(LabelIndex.#labelKey(namespace, eq.key, v)) ?? []) found.set(k, o);
      candidates = found.values();
    } else candidates = this.#byNamespace.get(namespace)?.values() ?? [];
    const out: T[] = [];
    for (const o of candidates) if (matchesLabels(selector, o.metadata?.labels)) out.push(o);
    return out;
  }

  /** Every object of the namespace. */
  inNamespace(namespace: string): T[] {
    return [...(this.#byNamespace.get(namespace)?.values() ?? [])];
  }
}

/** A LabelIndex that follows the informer (registered as its handlers). */
export function labelIndexOf<T extends Labelled & object>(informer: Pick<Informer<T>, 'addHandlers'>): LabelIndex<T> {
  const index = new LabelIndex<T>();
  informer.addHandlers({
    onAdd: (o) => index.set(o),
    onUpdate: (o, old) => { index.delete(old); index.set(o); },
    onDelete: (o) => index.delete(o),
  });
  return index;
}
