// Objects of one kind by namespace and name, kept current from an informer's changes (a builder index): a
// controller reads one namespace's objects by name without scanning the whole cache.
type Named = { metadata?: { name?: string; namespace?: string } };

const none: ReadonlyMap<string, never> = new Map<string, never>();

export class NamespaceIndex<T extends Named> {
  readonly #m = new Map<string, Map<string, T>>();

  add(o: T): void {
    const ns = o.metadata?.namespace ?? '';
    let m = this.#m.get(ns);
    if (!m) this.#m.set(ns, (m = new Map()));
    m.set(o.metadata?.name ?? '', o);
  }

  remove(o: T): void {
    const ns = o.metadata?.namespace ?? '';
    const m = this.#m.get(ns);
    m?.delete(o.metadata?.name ?? '');
    if (m?.size === 0) this.#m.delete(ns);
  }

  /** The namespace's objects by name: a live view, valid until the next change (copy it to keep it). */
  byName(namespace: string): ReadonlyMap<string, T> {
    return this.#m.get(namespace) ?? none;
  }
}
