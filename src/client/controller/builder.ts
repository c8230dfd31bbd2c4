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

/** Informer handlers that keep the indexes current, then pass each change on. */
function changesOf<T extends object>(indexes: readonly CacheIndex<T>[], f: (c: Change<T>) => void): InformerHandlers<T> {
  return {
    onAdd: (obj) => { for (const i of indexes) i.add(obj); f({ type: 'add', obj }); },
    onUpdate: (obj, old) => {
      for (const i of indexes) { i.remove(old); i.add(obj); }
      f({ type: 'update', obj, old });
    },
    onDelete: (obj) => { for (const i of indexes) i.remove(obj); f({ type: 'delete', obj }); },
  };
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
  /** Sees every change of a primary object before it is enqueued (e.g. to drop per-key state on delete). */
  onChange?: (change: Change<P>) => void;
  /** How long after the change to sync (0: at once, the default); undefined: the change does not enqueue (a predicate). */
  delayOf?: (change: Change<P>) => number | undefined;
  /** Every this many ms (from complete()), enqueue every cached primary object (upstream's resync period). */
  resyncMs?: number;
}

/** Sees the changes of owned objects with their owner's key, before the owner is enqueued (expectations). */
export interface OwnedObserver<T> {
  /** For an update that moved the object to another owner: called once for each of the two owners. */
  observe(change: Change<T>, owner: string): void;
  /** The owner was deleted. */
  forget?(owner: string): void;
}

/**
 * Expectations observed from the informer: a creation when an object appears, a deletion when it is gone
 * ('gone'), or already when it is marked for deletion ('marked', upstream's rule: a terminating pod no longer
 * counts, and a pod first seen deleting is no creation).
 */
export function observeExpectations(e: Expectations, deletionObservedAt: 'gone' | 'marked'): OwnedObserver<OwnedMeta & object> {
  const marked = deletionObservedAt === 'marked';
  return {
    observe(c, owner) {
      const deleting = marked && c.obj.metadata?.deletionTimestamp != null;
      switch (c.type) {
        case 'add': if (deleting) e.deletionObserved(owner, objectKeyOf(c.obj)); else e.creationObserved(owner); break;
        case 'update': if (deleting) e.deletionObserved(owner, objectKeyOf(c.obj)); break;
        case 'delete': e.deletionObserved(owner, objectKeyOf(c.obj)); break;
      }
    },
    forget: (owner) => e.forget(owner),
  };
}

export interface OwnsOptions<T> {
  /** Enqueue the owner only when the cached owner has the reference's uid (upstream resolveControllerRef). */
  resolveUid?: boolean;
  observers?: readonly OwnedObserver<T>[];
  /** Sync the owner this long after a change, so a burst of changes folds into one sync (upstream syncJobBatchPeriod). */
  batchMs?: number;
}

/** What `owns` gives back: the shared informer and the index of its objects by controller uid. */
export interface Owned<T extends OwnedMeta & object> {
  readonly informer: SharedInformer<T>;
  readonly index: OwnerIndex<T>;
}

export interface WatchOptions<T> {
  /** Indexes to keep current from this kind's changes. */
  indexes?: readonly CacheIndex<T>[];
  /** Sync the mapped keys this long after the change (0: at once, the default). */
  delayMs?: number;
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
  readonly #wiring: ((enqueue: (key: string, delayMs?: number) => void) => void)[] = [];
  readonly #informers: SharedInformer<object>[] = [];
  /** What owned kinds' observers forget when a primary object is deleted. */
  readonly #forget: ((owner: string) => void)[] = [];

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
  owns<T extends OwnedMeta & object>(resource: ResourceRef, options: OwnsOptions<T> = {}): Owned<T> {
    const informer = this.#informer<T>(resource);
    const index = new OwnerIndex<T>(this.#options.kind);
    const observers = options.observers ?? [];
    for (const o of observers) if (o.forget) this.#forget.push((owner) => o.forget?.(owner));
    const ownerKey = (o: T): string | undefined => this.ownerKeyOf(o, options.resolveUid);
    this.#wiring.push((enqueue) => {
      const wake = (c: Change<T>, key: string): void => {
        for (const o of observers) o.observe(c, key);
        enqueue(key, options.batchMs);
      };
      const orphan = (o: T): void => {
        if (controllerOf(o)) return;
        for (const key of this.ownersOf(o)) enqueue(key, options.batchMs);
      };
      informer.addHandlers(changesOf([index], (c) => {
        const key = ownerKey(c.obj);
        if (key) wake(c, key);
        else if (c.type !== 'delete') orphan(c.obj);
        if (c.type === 'update' && controllerOf(c.old)?.uid !== controllerOf(c.obj)?.uid) {
          const oldKey = ownerKey(c.old);
          if (oldKey) wake(c, oldKey);
        }
      }));
    });
    return { informer, index };
  }

  /** Another kind whose changes concern some primaries: map says which (controller-runtime's EnqueueRequestsFromMapFunc). */
  watches<T extends object>(resource: ResourceRef, map: (change: Change<T>) => Iterable<string>, options: WatchOptions<T> = {}): SharedInformer<T> {
    const informer = this.#informer<T>(resource);
    this.#wiring.push((enqueue) => {
      informer.addHandlers(changesOf(options.indexes ?? [], (c) => { for (const key of map(c)) enqueue(key, options.delayMs); }));
    });
    return informer;
  }

  /** A kind the reconciler only reads from its cache: no handlers, but synced before the workers start. */
  reads<T extends object>(resource: ResourceRef): SharedInformer<T> {
    return this.#informer<T>(resource);
  }

  /** Creates the controller, registers the handlers, starts it once every cache has synced. */
  complete(reconciler: Reconciler, options: CompleteOptions = {}): AsyncDisposable & { readonly controller: Controller } {
    const controller = new Controller({ name: this.#options.name, reconciler, workers: options.workers ?? 1, clock: this.#ctx.clock, logger: this.#ctx.logger });
    const enqueue = (key: string, delayMs?: number): void => {
      if (delayMs) controller.queue.addAfter(key, delayMs);
      else controller.enqueue(key);
    };
    const { onChange, delayOf } = this.#options;
    const primary = (c: Change<P>): void => {
      const key = objectKeyOf(c.obj);
      if (c.type === 'delete') for (const forget of this.#forget) forget(key);
      onChange?.(c);
      const delay = delayOf ? delayOf(c) : 0;
      if (delay !== undefined) enqueue(key, delay);
    };
    this.primary.addHandlers(changesOf([], primary));
    for (const wire of this.#wiring) wire(enqueue);
    const resync = this.#resync(controller);
    const running = startWhenSynced(this.#informers, [controller]);
    return {
      controller,
      async [Symbol.asyncDispose]() {
        resync?.[Symbol.dispose]();
        await running[Symbol.asyncDispose]();
      },
    };
  }

  /** The resync timer: every period, every cached primary is enqueued (whatever delayOf says). */
  #resync(controller: Controller): Disposable | undefined {
    const { resyncMs } = this.#options;
    if (resyncMs === undefined) return undefined;
    const clock = this.#ctx.clock;
    let timer: Disposable;
    const tick = (): void => {
      for (const o of this.primary.list()) controller.enqueue(objectKeyOf(o));
      timer = clock.setTimeout(tick, resyncMs);
    };
    timer = clock.setTimeout(tick, resyncMs);
    return { [Symbol.dispose]: () => timer[Symbol.dispose]() };
  }
}

/** A delayOf for controllers with nothing to do for a deleted primary: adds and updates sync at once, deletes never. */
export function addsAndUpdates(change: Change<unknown>): number | undefined {
  return change.type === 'delete' ? undefined : 0;
}

/** Begin declaring a controller of the resource's kind (controller-runtime's NewControllerManagedBy(mgr).For(…)). */
export function controllerFor<P extends Primary & object>(ctx: BuilderContext, resource: ResourceRef, options: ForOptions<P>): ControllerBuilder<P> {
  return new ControllerBuilder<P>(ctx, resource, options);
}
