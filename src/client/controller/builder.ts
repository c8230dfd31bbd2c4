// The controller builder (controller-runtime's builder): a controller declares the kind it reconciles (`for`),
// the kinds it controls (`owns`: changes enqueue the controller owner, orphans the owners that may adopt them)
// and other kinds it follows (`watches`, through a map function); informers are shared, owner indexes and
// enqueue handlers are built here once, and the work queue starts when every cache has synced.
import type { LabelSelector } from '../../api/index.js';
import type { Clock, Logger } from '../../util/index.js';
import type { ResourceRef } from '../rest/client.js';
import { objectKeyOf, type InformerHandlers } from '../informer/informer.js';
import { Controller, startWhenSynced, type Reconciler } from './controller.js';
import type { Expectations } from './expectations.js';
import { adoptersOf, controllerOf, OwnerIndex, type OwnedMeta } from './ownership.js';

/** A shared informer as controllers use it (the informer factory's informers; a fake in tests). */
export interface SharedInformer<T extends object> {
  addHandlers(h: InformerHandlers<T>): void;
  /** The cached object (frozen: never mutate it). */
  get(key: string): T | undefined;
  list(): T[];
  start(): void;
  waitForSync(): Promise<void>;
}

export interface InformerSource {
  informerFor<T extends object>(r: ResourceRef): SharedInformer<T>;
}

/** One observed change of a watched object. */
export type Change<T> =
  | { readonly type: 'add'; readonly obj: T }
  | { readonly type: 'update'; readonly obj: T; readonly old: T }
  | { readonly type: 'delete'; readonly obj: T };

/** An index kept current from a watched kind's changes (OwnerIndex, NamespaceIndex). */
export interface CacheIndex<T> {
  add(o: T): void;
  remove(o: T): void;
}

type Primary = { metadata?: { name?: string; namespace?: string; uid?: string } };

/** What the builder needs of a ControllerContext. */
export interface BuilderContext {
  informers: InformerSource;
  clock: Clock;
  logger: Logger;
}

export interface ForOptions<P> {
  /** The controller's name in logs ("replicaset"). */
  name: string;
  /** The kind as it appears in ownerReferences of the owned objects ("ReplicaSet"). */
  kind: string;
  /** The owner's selector: orphans it matches enqueue the owner (adoption). Without it, orphans are ignored. */
  selectorOf?: (owner: P) => LabelSelector;
  /** After the builder forgot the key's expectations: drop other per-key state of the deleted object. */
  onDelete?: (key: string, obj: P) => void;
}

export interface OwnsOptions {
  /**
   * Creations and deletions observed here satisfy these expectations; deleting the owner forgets them.
   * A deletion is observed when the object is gone ('gone'), or already when it is marked for deletion
   * ('marked', upstream's rule: a terminating pod no longer counts).
   */
  expectations?: { readonly of: Expectations; readonly deletionObservedAt: 'gone' | 'marked' };
  /** Enqueue the owner only when the cached owner has the reference's uid (upstream resolveControllerRef). */
  resolveUid?: boolean;
}

/** What `owns` gives back: the shared informer and the index of its objects by controller uid. */
export interface Owned<T extends OwnedMeta & object> {
  readonly informer: SharedInformer<T>;
  readonly index: OwnerIndex<T>;
}

export interface WatchOptions<T> {
  /** Indexes to keep current from this kind's changes. */
  indexes?: readonly CacheIndex<T>[];
}

export interface CompleteOptions {
  workers?: number;
}

/**
 * Declare a controller: `for`, then any `owns` and `watches`, then `complete(reconciler)`, which creates the
 * controller, registers every handler and starts the workers once all caches have synced. Handlers are
 * registered only by `complete`, after the controller exists: an informer that has synced already replays its
 * items at once. Disposing the result stops the workers; the informers belong to their factory.
 */
export class ControllerBuilder<P extends Primary & object> {
  readonly #ctx: BuilderContext;
  readonly #options: ForOptions<P>;
  readonly primary: SharedInformer<P>;
  readonly #wiring: ((enqueue: (key: string) => void) => void)[] = [];
  readonly #informers: SharedInformer<object>[] = [];
  readonly #expectations = new Set<Expectations>();

  constructor(ctx: BuilderContext, resource: ResourceRef, options: ForOptions<P>) {
    this.#ctx = ctx;
    this.#options = options;
    this.primary = this.#informer<P>(resource);
  }

  #informer<T extends object>(r: ResourceRef): SharedInformer<T> {
    const i = this.#ctx.informers.informerFor<T>(r);
    if (!this.#informers.includes(i as SharedInformer<object>)) this.#informers.push(i as SharedInformer<object>);
    return i;
  }

  /** The key of the object's controller when it is of the `for` kind (and, with resolveUid, the cached one). */
  ownerKeyOf(o: OwnedMeta, resolveUid = false): string | undefined {
    const ref = controllerOf(o);
    if (ref?.kind !== this.#options.kind) return undefined;
    const key = `${o.metadata?.namespace}/${ref.name}`;
    if (resolveUid && this.primary.get(key)?.metadata?.uid !== ref.uid) return undefined;
    return key;
  }

  /** The owners to wake for the object: its controller, or when it has none the owners whose selector matches it. */
  ownersOf(o: OwnedMeta): string[] {
    const key = this.ownerKeyOf(o);
    if (key) return [key];
    const selectorOf = this.#options.selectorOf;
    if (controllerOf(o) || !selectorOf) return [];
    return adoptersOf(o, this.primary.list(), selectorOf);
  }

  /** Objects this controller controls: indexed by owner uid, their changes enqueue their owner (upstream addPod/updatePod/deletePod). */
  owns<T extends OwnedMeta & object>(resource: ResourceRef, options: OwnsOptions = {}): Owned<T> {
    const informer = this.#informer<T>(resource);
    const index = new OwnerIndex<T>(this.#options.kind);
    const exp = options.expectations;
    if (exp) this.#expectations.add(exp.of);
    const marked = exp?.deletionObservedAt === 'marked';
    const ownerKey = (o: T): string | undefined => this.ownerKeyOf(o, options.resolveUid);
    this.#wiring.push((enqueue) => {
      const orphan = (o: T): void => {
        if (controllerOf(o)) return;
        for (const key of this.ownersOf(o)) enqueue(key);
      };
      informer.addHandlers({
        onAdd: (o) => {
          index.add(o);
          const key = ownerKey(o);
          if (!key) return orphan(o);
          // A pod first seen already deleting (after a restart) is no creation of ours.
          if (marked && o.metadata?.deletionTimestamp) exp.of.deletionObserved(key, objectKeyOf(o));
          else exp?.of.creationObserved(key);
          enqueue(key);
        },
        onUpdate: (o, old) => {
          index.remove(old);
          index.add(o);
          const key = ownerKey(o);
          if (key) {
            if (marked && o.metadata?.deletionTimestamp) exp.of.deletionObserved(key, objectKeyOf(o));
            enqueue(key);
          }
          if (controllerOf(old)?.uid !== controllerOf(o)?.uid) {
            const oldKey = ownerKey(old);
            if (oldKey) enqueue(oldKey);
          }
          orphan(o);
        },
        onDelete: (o) => {
          index.remove(o);
          const key = ownerKey(o);
          if (!key) return;
          exp?.of.deletionObserved(key, objectKeyOf(o));
          enqueue(key);
        },
      });
    });
    return { informer, index };
  }

  /** Another kind whose changes concern some primaries: map says which (controller-runtime's EnqueueRequestsFromMapFunc). */
  watches<T extends object>(resource: ResourceRef, map: (change: Change<T>) => Iterable<string>, options: WatchOptions<T> = {}): SharedInformer<T> {
    const informer = this.#informer<T>(resource);
    const indexes = options.indexes ?? [];
    this.#wiring.push((enqueue) => {
      const run = (c: Change<T>): void => { for (const key of map(c)) enqueue(key); };
      informer.addHandlers({
        onAdd: (obj) => { for (const i of indexes) i.add(obj); run({ type: 'add', obj }); },
        onUpdate: (obj, old) => {
          for (const i of indexes) { i.remove(old); i.add(obj); }
          run({ type: 'update', obj, old });
        },
        onDelete: (obj) => { for (const i of indexes) i.remove(obj); run({ type: 'delete', obj }); },
      });
    });
    return informer;
  }

  /** Creates the controller, registers the handlers, starts it once every cache has synced. */
  complete(reconciler: Reconciler, options: CompleteOptions = {}): AsyncDisposable & { readonly controller: Controller } {
    const controller = new Controller({ name: this.#options.name, reconciler, workers: options.workers ?? 1, clock: this.#ctx.clock, logger: this.#ctx.logger });
    const enqueue = (key: string): void => controller.enqueue(key);
    this.primary.addHandlers({
      onAdd: (o) => enqueue(objectKeyOf(o)),
      onUpdate: (o) => enqueue(objectKeyOf(o)),
      onDelete: (o) => {
        const key = objectKeyOf(o);
        for (const e of this.#expectations) e.forget(key);
        this.#options.onDelete?.(key, o);
        enqueue(key);
      },
    });
    for (const wire of this.#wiring) wire(enqueue);
    const running = startWhenSynced(this.#informers, [controller]);
    return { controller, [Symbol.asyncDispose]: () => running[Symbol.asyncDispose]() };
  }
}

/** Begin declaring a controller of the resource's kind (controller-runtime's NewControllerManagedBy(mgr).For(…)). */
export function controllerFor<P extends Primary & object>(ctx: BuilderContext, resource: ResourceRef, options: ForOptions<P>): ControllerBuilder<P> {
  return new ControllerBuilder<P>(ctx, resource, options);
}
