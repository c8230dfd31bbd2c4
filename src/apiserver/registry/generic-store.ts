// GenericStore: CRUD + watch for ANY kind, driven by its ResourceDescriptor, KindRules and KindStrategy.
// Translates StorageError to ApiError (the only place that does). One instance per stored resource.
import {
  alreadyExists, badRequest, conflict, gone, internal, invalid, notFound, isApiError, gvString,
  type ApiError, type FieldError, type KubeObject, type ResourceDescriptor,
} from '../../api/index.js';
import { required } from '../../api/meta/field-path.js';
import { isStorageError, type KeyValue, type ListResult, type Store } from '../../storage/index.js';
import type { Clock } from '../../util/index.js';
import { rfc3339 } from '../../util/index.js';
import { WatchCache } from '../watch-cache/watch-cache.js';
import { namespacePrefix, objectKey, resourcePrefix } from './keys.js';
import { clone, ObjectCodec } from './object-codec.js';
import { dropEmptyOmitemptyCollections } from '../codec/protobuf/index.js';
import type { StorageTransformer } from '../encryption/index.js';
import { metaOf, prepareMetaForCreate, prepareMetaForUpdate, specPart, uidChange } from './object-meta.js';
import { strategyFor, type KindStrategy } from './strategies/index.js';
import type { RequestContext } from './context.js';
import { recordManagedFields, checkUnknownFields } from './field-management.js';
import { fieldTypeError } from '../../api/schema/index.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/**
 * An admission plugin. Upstream's order holds: every plugin's `mutate` (the mutating phase) runs before the object
 * is validated, every plugin's `admit` (the validating phase) after it, just before the write.
 */
export interface Admission {
  /**
   * The mutating phase: `desc` is the version the client addressed and `obj`/`old` are in it (`obj` is undefined
   * for DELETE). Answers the object to continue with, or undefined to keep `obj`; never changes `obj` in place.
   * Throws ApiError to reject. Absent on plugins that have no mutating phase.
   */
  mutate?(op: AdmissionOperation, desc: ResourceDescriptor, obj: KubeObject | undefined, old: KubeObject | undefined, attrs: AdmissionAttributes): KubeObject | undefined | Promise<KubeObject | undefined>;
  /**
   * The validating phase (existing plugins may still adjust obj in place here). Throws ApiError to reject. obj is
   * the fully prepared object in the storage version (`desc`); on DELETE obj and old are both the stored object.
   */
  admit(op: AdmissionOperation, desc: ResourceDescriptor, obj: KubeObject, old: KubeObject | undefined, attrs?: AdmissionAttributes): void | Promise<void>;
}

/** The request around an admitted object; absent when a plugin is called outside a request (tests). */
export interface AdmissionAttributes {
  readonly ctx: RequestContext;
  /** '' for the resource itself, else the subresource written ('status', 'scale', 'binding', 'finalize'). */
  readonly subresource: string;
  /** The version the client addressed (the validating phase's `desc` is the storage version). */
  readonly resource?: ResourceDescriptor;
  /** Converts obj from one version of this stored resource to another (a copy; obj is not changed). */
  readonly convert?: (obj: KubeObject, from: ResourceDescriptor, to: ResourceDescriptor) => Promise<KubeObject>;
  /** The request's CreateOptions, UpdateOptions or DeleteOptions (meta.k8s.io/v1), as webhooks receive them. */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface GenericStoreOptions {
  store: Store;
  /** The storage-version descriptor. */
  storage: ResourceDescriptor;
  clock: Clock;
  admission: Admission;
  /** How stored values are written and read (encryption at rest); stored as is when absent. */
  transformer?: StorageTransformer;
  /** Calls a CRD's conversion webhook (versions whose descriptor has conversionWebhook); local conversion without. */
  conversionWebhook?: ConversionWebhookCall;
}

/** Converts objects to desiredAPIVersion through the conversion webhook of desc's CRD (upstream's webhook converter). */
export type ConversionWebhookCall = (desc: ResourceDescriptor, objects: readonly KubeObject[], desiredAPIVersion: string) => Promise<KubeObject[]>;

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  /** The object as it is now: deleted (final state) or still present with a deletionTimestamp. */
  object: KubeObject;
  deleted: boolean;
}

/**
 * main: spec and metadata (status kept); status: only status; finalize: only spec.finalizers (namespaces);
 * binding: spec and status together, as given by a trusted subresource handler (pods/binding writes
 * spec.nodeName and the PodScheduled condition in one storage update, as upstream).
 */
export type UpdateKind = 'main' | 'status' | 'finalize' | 'binding';

const gr = (d: ResourceDescriptor) => ({ group: d.group, resource: d.plural });

export class GenericStore implements AsyncDisposable {
  readonly #store: Store;
  readonly #storageDesc: ResourceDescriptor;
  readonly #clock: Clock;
  readonly #admission: Admission;
  readonly #strategy: KindStrategy;
  readonly #codec: ObjectCodec;
  readonly #conversionWebhook: ConversionWebhookCall | undefined;
  readonly cache: WatchCache;

  constructor(options: GenericStoreOptions) {
    this.#store = options.store;
    this.#storageDesc = options.storage;
    this.#clock = options.clock;
    this.#admission = options.admission;
    this.#strategy = strategyFor(options.storage.group, options.storage.kind);
    this.#codec = new ObjectCodec(options.transformer);
    this.#conversionWebhook = options.conversionWebhook;
    this.cache = new WatchCache({ store: this.#store, prefix: resourcePrefix(options.storage.storage.group, options.storage.storage.plural), decode: this.#codec.decode });
  }

  start(): Promise<void> {
    return this.cache.start();
  }

  key(namespace: string, name: string): string {
    const s = this.#storageDesc.storage;
    return objectKey(s.group, s.plural, this.#storageDesc.namespaced ? namespace : '', name);
  }

  prefix(namespace: string): string {
    const s = this.#storageDesc.storage;
    return namespacePrefix(s.group, s.plural, this.#storageDesc.namespaced ? namespace : '');
  }

  /** Served version → storage version (through the CRD's conversion webhook when it has one). */
  async toStorage(desc: ResourceDescriptor, obj: KubeObject): Promise<KubeObject> {
    if (this.#viaWebhook(desc, obj, gvString(this.#storageDesc))) {
      const [o] = await this.#conversionWebhook!(desc, [obj], gvString(this.#storageDesc));
      return o!;
    }
    return this.toStorageLocal(desc, obj);
  }

  /** Served version → storage version without a conversion webhook (built-in conversions and apiVersion). */
  toStorageLocal(desc: ResourceDescriptor, obj: KubeObject): KubeObject {
    const o = desc.conversion ? desc.conversion.toStorage(obj) : obj;
    o.apiVersion = gvString(this.#storageDesc);
    o.kind = this.#storageDesc.kind;
    return o;
  }

  /** Storage version → served version (the same frozen object when no conversion applies). */
  async fromStorage(desc: ResourceDescriptor, obj: KubeObject): Promise<KubeObject> {
    if (this.#viaWebhook(desc, obj, gvString(desc))) {
      const [o] = await this.#conversionWebhook!(desc, [clone(obj) as KubeObject], gvString(desc));
      return o!;
    }
    return this.fromStorageLocal(desc, obj);
  }

  /** Stored objects in the served version: one conversion webhook call for all of them, as upstream's lists. */
  async fromStorageAll(desc: ResourceDescriptor, objs: readonly KubeObject[]): Promise<KubeObject[]> {
    const target = gvString(desc);
    if (!objs.some((o) => this.#viaWebhook(desc, o, target))) return objs.map((o) => this.fromStorageLocal(desc, o));
    return this.#conversionWebhook!(desc, objs.map((o) => clone(o) as KubeObject), target);
  }

  /** Storage version → served version without a conversion webhook. */
  fromStorageLocal(desc: ResourceDescriptor, obj: KubeObject): KubeObject {
    if (desc.conversion) return desc.conversion.fromStorage(clone(obj));
    if (obj.apiVersion === gvString(desc) && obj.kind === desc.kind) return obj;
    return { ...obj, apiVersion: gvString(desc), kind: desc.kind };
  }

  /** Whether obj must go through desc's conversion webhook to reach apiVersion `to`. */
  #viaWebhook(desc: ResourceDescriptor, obj: KubeObject, to: string): boolean {
    return desc.conversionWebhook !== undefined && this.#conversionWebhook !== undefined && obj.apiVersion !== to;
  }

  /** A live read from the store (not the cache), as upstream GET without resourceVersion. */
  async getStored(namespace: string, name: string): Promise<KubeObject | undefined> {
    return (await this.#readCurrent(namespace, name))?.object;
  }

  /** A live read that also tells whether the stored bytes were written by another encryption provider or key. */
  async #readCurrent(namespace: string, name: string): Promise<{ object: KubeObject; stale: boolean } | undefined> {
    const kv = await this.#store.get(this.key(namespace, name));
    return kv ? this.#codec.decodeWithState(kv.value, kv.modRevision, kv.key) : undefined;
  }

  /** Decodes a value read from the store (500 when it cannot be decrypted). */
  decode(kv: KeyValue): KubeObject {
    return this.#codec.decode(kv.value, kv.modRevision, kv.key);
  }

  /** The store's newest revision (a list at a later resourceVersion is refused: it cannot be served). */
  currentRevision(): Promise<number> {
    return this.#store.currentRevision();
  }

  /** Raw paged read of the store at a revision (consistent snapshots for limit/continue and Exact reads). */
  async listStored(prefix: string, options: { revision: number; startAfter?: string; limit?: number }): Promise<ListResult> {
    try {
      return await this.#store.list(prefix, options);
    } catch (e: unknown) {
      if (isStorageError(e, 'Compacted')) {
        throw gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      throw internal(e);
    }
  }

  async get(desc: ResourceDescriptor, namespace: string, name: string): Promise<KubeObject> {
    const obj = await this.getStored(namespace, name);
    if (!obj) throw notFound(gr(desc), name);
    return await this.fromStorage(desc, obj);
  }

  #validationError(desc: ResourceDescriptor, name: string, errs: FieldError[]): ApiError {
    return invalid({ group: desc.group, kind: desc.kind }, name, errs);
  }

  #checkTypeMeta(desc: ResourceDescriptor, obj: KubeObject): void {
    const gv = gvString(desc);
    if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== gv) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`);
    }
    if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== desc.kind) {
      throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${desc.kind})`);
    }
    obj.apiVersion = gv;
    obj.kind = desc.kind;
    // Upstream decodes the body into its Go type first: a value of the wrong JSON type never reaches the strategy.
    const wrong = fieldTypeError(obj, desc.group, desc.version, desc.kind);
    if (wrong) throw badRequest(`${desc.kind} in version "${desc.version}" cannot be handled as a ${desc.kind}: ${wrong}`);
  }

  #checkNamespace(desc: ResourceDescriptor, obj: KubeObject, namespace: string): void {
    const m = metaOf(obj);
    if (desc.namespaced) {
      if (m.namespace && m.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      m.namespace = namespace;
    } else {
      delete m.namespace;
    }
  }

  /** obj (in version `from` of this resource) in version `to`, as a copy. */
  async convert(obj: KubeObject, from: ResourceDescriptor, to: ResourceDescriptor): Promise<KubeObject> {
    const stored = from === this.#storageDesc ? obj : await this.toStorage(from, clone(obj) as KubeObject);
    const out = await this.fromStorage(to, stored);
    return out === obj ? (clone(obj) as KubeObject) : out;
  }

  #attributes(desc: ResourceDescriptor, ctx: RequestContext, subresource: string, options: Record<string, unknown>): AdmissionAttributes {
    return { ctx, subresource, resource: desc, convert: (o, from, to) => this.convert(o, from, to), options };
  }

  /** The mutating phase; a changed object must keep its kind and namespace. Returns obj when nothing changed it. */
  async #mutate(op: AdmissionOperation, desc: ResourceDescriptor, namespace: string, obj: KubeObject | undefined, old: KubeObject | undefined, attrs: AdmissionAttributes): Promise<KubeObject | undefined> {
    if (!this.#admission.mutate) return obj;
    const pending = this.#admission.mutate(op, desc, obj, old, attrs);
    const out = pending instanceof Promise ? await pending : pending;
    if (out === undefined || out === obj) return obj;
    this.#checkTypeMeta(desc, out);
    this.#checkNamespace(desc, out, namespace);
    return out;
  }

  /** Creates obj (served version, owned by the caller and mutated). Returns the stored object in the served version. */
  async create(desc: ResourceDescriptor, namespace: string, input: KubeObject, ctx: RequestContext): Promise<KubeObject> {
    this.#checkTypeMeta(desc, input);
    this.#checkNamespace(desc, input, namespace);
    const attrs = this.#attributes(desc, ctx, '', optionsOf('CreateOptions', ctx));
    // Upstream runs mutating admission before the strategy prepares and validates the object.
    const obj = (await this.#mutate('CREATE', desc, namespace, input, undefined, attrs)) ?? input;
    const now = this.#clock.now();
    prepareMetaForCreate(obj, now, desc.tracksGeneration);
    const m = metaOf(obj);
    if (!m.name) throw this.#validationError(desc, '', [required('metadata.name', 'name or generateName is required')]);
    if (desc.hasStatus && (this.#strategy.resetStatusOnCreate ?? true)) delete obj['status'];
    desc.rules.defaults?.(obj);
    this.#strategy.prepareForCreate?.(obj, { user: ctx.user, now });
    checkUnknownFields(desc, obj, ctx);
    const errs = desc.rules.validate?.(obj) ?? [];
    if (errs.length) throw this.#validationError(desc, m.name, errs);
    // As upstream's decode into the Go type and encode for storage: emptied omitempty lists and maps are gone.
    const stored = dropEmptyOmitemptyCollections(await this.toStorage(desc, obj));
    await this.#admission.admit('CREATE', this.#storageDesc, stored, undefined, attrs);
    recordManagedFields(desc, undefined, stored, ctx, now);
    if (ctx.dryRun) {
      if (await this.#store.get(this.key(namespace, m.name))) throw alreadyExists(gr(desc), m.name);
      return await this.fromStorage(desc, stored);
    }
    try {
      const key = this.key(namespace, m.name);
      const kv = await this.#store.create(key, this.#codec.encode(stored, key));
      metaOf(stored).resourceVersion = String(kv.modRevision);
      return await this.fromStorage(desc, stored);
    } catch (e: unknown) {
      throw this.#translate(e, desc, m.name);
    }
  }

  #translate(e: unknown, desc: ResourceDescriptor, name: string): ApiError {
    if (isApiError(e)) return e;
    if (isStorageError(e, 'KeyExists')) return alreadyExists(gr(desc), name);
    if (isStorageError(e, 'KeyNotFound')) return notFound(gr(desc), name);
    if (isStorageError(e, 'RevisionMismatch')) return conflict(gr(desc), name);
    return internal(e);
  }

  /**
   * Replaces the object (PUT) or its status. `obj` is the served version and is mutated.
   * expectedRv: when set, the write only succeeds against that stored revision (used by patch retries).
   */
  async update(desc: ResourceDescriptor, namespace: string, name: string, obj: KubeObject, ctx: RequestContext, opts: { kind: UpdateKind; expectedRv?: number; subresource?: string }): Promise<KubeObject> {
    const read = await this.#readCurrent(namespace, name);
    if (!read) throw notFound(gr(desc), name);
    const current = read.object;
    this.#checkTypeMeta(desc, obj);
    this.#checkNamespace(desc, obj, namespace);
    const m = metaOf(obj);
    if (m.name !== undefined && m.name !== '' && m.name !== name) {
      throw badRequest(`the name of the object (${m.name}) does not match the name on the URL (${name})`);
    }
    m.name = name;
    const currentRv = Number(metaOf(current).resourceVersion);
    if (m.resourceVersion !== undefined && m.resourceVersion !== '' && m.resourceVersion !== String(currentRv)) {
      throw conflict(gr(desc), name);
    }
    if (opts.expectedRv !== undefined && opts.expectedRv !== currentRv) throw conflict(gr(desc), name);
    const old = await this.fromStorage(desc, current);
    const subresource = opts.subresource ?? (opts.kind === 'main' ? '' : opts.kind);
    const attrs = this.#attributes(desc, ctx, subresource, optionsOf('UpdateOptions', ctx));
    let next = this.#project(desc, obj, old, ctx, opts);
    const mutated = await this.#mutate('UPDATE', desc, namespace, next, old, attrs);
    // As upstream, what a mutating plugin answers goes through the strategy's update preparation again.
    if (mutated !== undefined && mutated !== next) next = this.#project(desc, mutated, old, ctx, opts);
    checkUnknownFields(desc, next, ctx);
    const statusSub = opts.subresource ?? 'status';
    const errs = opts.kind === 'status' ? (statusSub === 'status' ? desc.rules.validateStatusUpdate?.(next, old) : desc.rules.validateSubresourceUpdate?.(statusSub, next, old)) ?? []
      : opts.kind === 'finalize' || opts.kind === 'binding' ? []
        : withUidChange(uidChange(next, old), desc.rules.validateUpdate?.(next, old) ?? desc.rules.validate?.(next) ?? []);
    if (errs.length) throw this.#validationError(desc, name, errs);
    const stored = dropEmptyOmitemptyCollections(await this.toStorage(desc, next));
    await this.#admission.admit('UPDATE', this.#storageDesc, stored, current, attrs);
    const now = this.#clock.now();
    recordManagedFields(desc, current, stored, ctx, now, opts.subresource);
    return this.#writeUpdate(desc, namespace, name, stored, current, ctx, read.stale);
  }

  /** The object an update writes: obj over old as the update kind allows (status only, finalizers only, ...). */
  #project(desc: ResourceDescriptor, obj: KubeObject, old: KubeObject, ctx: RequestContext, opts: { kind: UpdateKind; subresource?: string }): KubeObject {
    if (opts.kind === 'status') {
      // Only status changes through /status; metadata and spec stay as stored.
      const next = clone(old) as KubeObject;
      if (obj['status'] === undefined) delete next['status'];
      else next['status'] = obj['status'];
      this.#strategy.prepareForStatusUpdate?.(next, old, { user: ctx.user, now: this.#clock.now(), subresource: opts.subresource ?? 'status' });
      return next;
    }
    if (opts.kind === 'binding') {
      const next = clone(old) as KubeObject;
      next['spec'] = obj['spec'];
      next['status'] = obj['status'];
      return next;
    }
    if (opts.kind === 'finalize') {
      // Only spec.finalizers changes through /finalize (namespaces).
      const next = clone(old) as KubeObject;
      const fin = (obj['spec'] as { finalizers?: unknown } | undefined)?.finalizers;
      const spec = { ...((next['spec'] as Record<string, unknown> | undefined) ?? {}) };
      if (Array.isArray(fin) && fin.length) spec['finalizers'] = fin;
      else delete spec['finalizers'];
      next['spec'] = spec;
      return next;
    }
    const next = obj;
    prepareMetaForUpdate(next, old);
    if (desc.hasStatus) {
      if (old['status'] === undefined) delete next['status'];
      else next['status'] = clone(old['status']);
    }
    desc.rules.defaults?.(next);
    this.#strategy.prepareForUpdate?.(next, old);
    if (desc.tracksGeneration && specPart(next) !== specPart(old)) metaOf(next).generation = (metaOf(old).generation ?? 0) + 1;
    return next;
  }

  /** Persists a prepared storage-version object over `current`, or deletes it when its finalizers are done. */
  async #writeUpdate(desc: ResourceDescriptor, namespace: string, name: string, stored: KubeObject, current: KubeObject, ctx: RequestContext, stale = false): Promise<KubeObject> {
    const currentRv = Number(metaOf(current).resourceVersion);
    metaOf(stored).resourceVersion = String(currentRv);
    // An unchanged object is not written again, unless its bytes came from another encryption key or provider:
    // then the write re-encrypts it with the first one (key rotation by `kubectl replace`, as upstream).
    if (!stale && JSON.stringify(stored) === JSON.stringify(current)) return await this.fromStorage(desc, current);
    const key = this.key(namespace, name);
    if (metaOf(stored).deletionTimestamp && !this.#hasFinalizers(stored) && this.#graceElapsed(stored)) {
      if (ctx.dryRun) return await this.fromStorage(desc, stored);
      try {
        const kv = await this.#store.delete(key, currentRv);
        metaOf(stored).resourceVersion = String(kv.modRevision);
        return await this.fromStorage(desc, stored);
      } catch (e: unknown) {
        throw this.#translate(e, desc, name);
      }
    }
    if (ctx.dryRun) return await this.fromStorage(desc, stored);
    try {
      const kv = await this.#store.update(key, this.#codec.encode(stored, key), currentRv);
      metaOf(stored).resourceVersion = String(kv.modRevision);
      return await this.fromStorage(desc, stored);
    } catch (e: unknown) {
      throw this.#translate(e, desc, name);
    }
  }

  #hasFinalizers(obj: KubeObject): boolean {
    return (metaOf(obj).finalizers?.length ?? 0) > 0 || (this.#strategy.hasPendingFinalizers?.(obj) ?? false);
  }

  /** Objects in graceful deletion stay until their grace period is over (or a grace-0 delete arrives). */
  #graceElapsed(obj: KubeObject): boolean {
    const m = metaOf(obj);
    return (m.deletionGracePeriodSeconds ?? 0) === 0;
  }

  async delete(desc: ResourceDescriptor, namespace: string, name: string, options: DeleteOptions, ctx: RequestContext): Promise<DeleteResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#deleteOnce(desc, namespace, name, options, ctx);
      } catch (e: unknown) {
        // A concurrent write raced us: re-read and decide again (the caller's preconditions still apply).
        if (isApiError(e) && e.reason === 'Conflict' && attempt < 5 && !options.preconditions?.resourceVersion) continue;
        throw e;
      }
    }
  }

  async #deleteOnce(desc: ResourceDescriptor, namespace: string, name: string, options: DeleteOptions, ctx: RequestContext): Promise<DeleteResult> {
    const current = await this.getStored(namespace, name);
    if (!current) throw notFound(gr(desc), name);
    const cm = metaOf(current);
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== cm.uid) {
      throw conflict(gr(desc), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cm.uid ?? ''}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== cm.resourceVersion) {
      throw conflict(gr(desc), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cm.resourceVersion ?? ''}`);
    }
    const attrs = this.#attributes(desc, ctx, '', deleteOptionsOf(options, ctx));
    await this.#mutate('DELETE', desc, namespace, undefined, await this.fromStorage(desc, current), attrs);
    await this.#admission.admit('DELETE', this.#storageDesc, current, current, attrs);
    const rv = Number(cm.resourceVersion);
    const grace = this.#strategy.gracePeriodSeconds?.(current, { gracePeriodSeconds: options.gracePeriodSeconds }) ?? 0;
    // Foreground and Orphan propagation are carried out by the garbage collector through these finalizers.
    const gcFinalizer = options.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : options.propagationPolicy === 'Orphan' ? 'orphan' : undefined;
    const withGc = gcFinalizer && !(cm.finalizers ?? []).includes(gcFinalizer) ? clone(current) : current;
    if (withGc !== current) {
      const fm = metaOf(withGc);
      fm.finalizers = [...(fm.finalizers ?? []).filter((f) => f !== 'foregroundDeletion' && f !== 'orphan'), gcFinalizer!];
    }
    const pendingFinalizers = this.#hasFinalizers(withGc);
    if (grace > 0 || pendingFinalizers) {
      const next = clone(withGc);
      const nm = metaOf(next);
      const now = this.#clock.now();
      if (!nm.deletionTimestamp || (grace > 0 && (nm.deletionGracePeriodSeconds ?? 0) > grace)) {
        nm.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
      }
      if (!cm.deletionTimestamp) this.#strategy.markDeleting?.(next, now);
      nm.deletionGracePeriodSeconds = cm.deletionTimestamp ? Math.min(grace, cm.deletionGracePeriodSeconds ?? grace) : grace;
      const obj = await this.#writeUpdate(this.#storageDesc, namespace, name, next, current, ctx);
      return { object: await this.fromStorage(desc, obj), deleted: false };
    }
    if (ctx.dryRun) return { object: await this.fromStorage(desc, current), deleted: true };
    try {
      const kv = await this.#store.delete(this.key(namespace, name), rv);
      const last = clone(current);
      metaOf(last).resourceVersion = String(kv.modRevision);
      return { object: await this.fromStorage(desc, last), deleted: true };
    } catch (e: unknown) {
      throw this.#translate(e, desc, name);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.cache[Symbol.asyncDispose]();
  }
}

/** The CreateOptions or UpdateOptions of a request, as admission webhooks receive them. */
function optionsOf(kind: 'CreateOptions' | 'UpdateOptions', ctx: RequestContext): Record<string, unknown> {
  return { kind, apiVersion: 'meta.k8s.io/v1', ...(ctx.dryRun ? { dryRun: ['All'] } : {}), ...(ctx.fieldManager ? { fieldManager: ctx.fieldManager } : {}) };
}

function deleteOptionsOf(o: DeleteOptions, ctx: RequestContext): Record<string, unknown> {
  return {
    kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1',
    ...(o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : {}),
    ...(o.propagationPolicy ? { propagationPolicy: o.propagationPolicy } : {}),
    ...(o.preconditions ? { preconditions: o.preconditions } : {}),
    ...(ctx.dryRun ? { dryRun: ['All'] } : {}),
  };
}

/** The kind's update errors with the uid's immutability, once (kinds that validate ObjectMeta updates report it). */
function withUidChange(uid: readonly FieldError[], errs: readonly FieldError[]): FieldError[] {
  const seen = new Set(errs.map((e) => JSON.stringify(e)));
  return [...uid.filter((e) => !seen.has(JSON.stringify(e))), ...errs];
}
