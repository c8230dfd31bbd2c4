// Tables for the builder's enqueue rules: which owner keys a change of an owned or watched object wakes,
// what the owner index and the expectations see. Fake informers; the controller never starts (no sync).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { fromLabelSelectorObject } from '../../api/index.js';
import { FakeClock, silentLogger } from '../../util/index.js';
import type { InformerHandlers } from '../informer/informer.js';
import { objectKeyOf } from '../informer/informer.js';
import type { ResourceRef } from '../rest/client.js';
import { addsAndUpdates, controllerFor, observeExpectations, type Change, type SharedInformer } from './builder.js';
import { Expectations } from './expectations.js';

interface Obj { metadata: { name: string; namespace: string; uid: string; labels?: Record<string, string>; ownerReferences?: OwnerReference[]; deletionTimestamp?: string }; spec?: { selector?: { matchLabels: Record<string, string> } } }

class FakeInformer<T extends object> implements SharedInformer<T> {
  readonly items = new Map<string, T>();
  readonly #handlers: InformerHandlers<T>[] = [];
  addHandlers(h: InformerHandlers<T>): void { this.#handlers.push(h); }
  get(key: string): T | undefined { return this.items.get(key); }
  list(): T[] { return [...this.items.values()]; }
  start(): void {}
  waitForSync(): Promise<void> { return new Promise(() => undefined); }
  apply(type: 'add' | 'update' | 'delete', o: T): void {
    const key = objectKeyOf(o);
    const old = this.items.get(key);
    if (type === 'delete') this.items.delete(key); else this.items.set(key, o);
    for (const h of this.#handlers) {
      if (type === 'delete') h.onDelete?.(o);
      else if (type === 'update' && old) h.onUpdate?.(o, old);
      else h.onAdd?.(o);
    }
  }
}

const res = (plural: string): ResourceRef => ({ group: '', version: 'v1', plural, kind: plural, namespaced: true });
const ref = (kind: string, name: string, uid = `uid-${name}`): OwnerReference => ({ apiVersion: 'v1', kind, name, uid, controller: true });
const owner = (name: string, app: string): Obj => ({ metadata: { name, namespace: 'ns', uid: `uid-${name}` }, spec: { selector: { matchLabels: { app } } } });
const pod = (name: string, extra: Partial<Obj['metadata']> = {}): Obj => ({ metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'a' }, ...extra } });

/** One fake informer per plural, made on first use. */
function fakeSource() {
  const informers = new Map<string, FakeInformer<object>>();
  const source = { informerFor: <T extends object>(r: ResourceRef): SharedInformer<T> => {
    let i = informers.get(r.plural);
    if (!i) informers.set(r.plural, (i = new FakeInformer<object>()));
    return i as unknown as SharedInformer<T>;
  } };
  return { informers, source };
}

function setup(options: { resolveUid?: boolean; deletionObservedAt?: 'gone' | 'marked'; map?: (c: Change<Obj>) => string[] } = {}) {
  const { informers, source } = fakeSource();
  const expectations = new Expectations();
  const deleted: string[] = [];
  const b = controllerFor<Obj>({ informers: source, clock: new FakeClock(), logger: silentLogger }, res('owners'), {
    name: 'owner', kind: 'Owner', selectorOf: (o) => fromLabelSelectorObject(o.spec?.selector), onChange: (c) => { if (c.type === 'delete') deleted.push(objectKeyOf(c.obj)); },
  });
  const pods = b.owns<Obj>(res('pods'), { ...(options.resolveUid ? { resolveUid: true } : {}), observers: [observeExpectations(expectations, options.deletionObservedAt ?? 'gone')] });
  const nodes = new FakeInformer<Obj>();
  if (options.map) b.watches<Obj>(res('nodes'), options.map);
  const running = b.complete({ reconcile: async () => undefined });
  const owners = informers.get('owners') as unknown as FakeInformer<Obj>;
  const podInformer = informers.get('pods') as unknown as FakeInformer<Obj>;
  const queued = async (): Promise<string[]> => {
    const out: string[] = [];
    while (running.controller.queue.length) {
      const k = await running.controller.queue.get();
      if (k === undefined) break;
      out.push(k);
      running.controller.queue.done(k);
    }
    return out.sort();
  };
  return { owners, pods: podInformer, index: pods.index, expectations, deleted, queued, running, nodes: informers.get('nodes') as unknown as FakeInformer<Obj> | undefined ?? nodes };
}

test('owns() enqueues the controller owner of an added, updated or deleted object and indexes it by owner uid', async () => {
  const s = setup();
  s.owners.apply('add', owner('o1', 'a'));
  assert.deepEqual(await s.queued(), ['ns/o1']);
  s.pods.apply('add', pod('p', { ownerReferences: [ref('Owner', 'o1')] }));
  assert.deepEqual(s.index.owned('uid-o1').map((p) => p.metadata.name), ['p']);
  assert.deepEqual(await s.queued(), ['ns/o1']);
  s.pods.apply('delete', pod('p', { ownerReferences: [ref('Owner', 'o1')] }));
  assert.deepEqual(s.index.owned('uid-o1'), []);
  assert.deepEqual(await s.queued(), ['ns/o1']);
  await s.running[Symbol.asyncDispose]();
});

test('owns() sends an orphan to every owner whose selector matches it, and ignores objects of another controller kind', async () => {
  const s = setup();
  s.owners.apply('add', owner('o1', 'a'));
  s.owners.apply('add', owner('o2', 'a'));
  s.owners.apply('add', owner('o3', 'b'));
  await s.queued();
  s.pods.apply('add', pod('orphan'));
  assert.deepEqual(await s.queued(), ['ns/o1', 'ns/o2']);
  assert.deepEqual(s.index.orphans('ns').map((p) => p.metadata.name), ['orphan']);
  s.pods.apply('add', pod('other', { ownerReferences: [ref('Job', 'j')] }));
  assert.deepEqual(await s.queued(), []);
  await s.running[Symbol.asyncDispose]();
});

test('owns() wakes both the old and the new controller when an object changes hands', async () => {
  const s = setup();
  s.pods.apply('add', pod('p', { ownerReferences: [ref('Owner', 'o1')] }));
  await s.queued();
  s.pods.apply('update', pod('p', { ownerReferences: [ref('Owner', 'o2')] }));
  assert.deepEqual(await s.queued(), ['ns/o1', 'ns/o2']);
  assert.deepEqual([s.index.owned('uid-o1').length, s.index.owned('uid-o2').length], [0, 1]);
  await s.running[Symbol.asyncDispose]();
});

test('owns() with resolveUid enqueues only owners whose cached uid matches the reference', async () => {
  const s = setup({ resolveUid: true });
  s.owners.apply('add', owner('o1', 'a'));
  await s.queued();
  s.pods.apply('add', pod('stale', { ownerReferences: [ref('Owner', 'o1', 'uid-old')] }));
  s.pods.apply('add', pod('gone', { ownerReferences: [ref('Owner', 'nope')] }));
  assert.deepEqual(await s.queued(), []);
  s.pods.apply('add', pod('p', { ownerReferences: [ref('Owner', 'o1')] }));
  assert.deepEqual(await s.queued(), ['ns/o1']);
  await s.running[Symbol.asyncDispose]();
});

test('owns() observes creations and deletions for the owner; deleting the owner forgets them', async () => {
  for (const at of ['gone', 'marked'] as const) {
    const s = setup({ deletionObservedAt: at });
    s.expectations.expect('ns/o1', 1, ['ns/old'], 0);
    s.pods.apply('add', pod('p', { ownerReferences: [ref('Owner', 'o1')] }));
    assert.equal(s.expectations.satisfied('ns/o1', 0), false, at);
    s.pods.apply('add', pod('old', { ownerReferences: [ref('Owner', 'o1')] }));
    s.expectations.expect('ns/o1', 0, ['ns/old'], 0);
    s.pods.apply('update', pod('old', { ownerReferences: [ref('Owner', 'o1')], deletionTimestamp: 't' }));
    assert.equal(s.expectations.satisfied('ns/o1', 0), at === 'marked', `${at}: marked`);
    s.pods.apply('delete', pod('old', { ownerReferences: [ref('Owner', 'o1')], deletionTimestamp: 't' }));
    assert.equal(s.expectations.satisfied('ns/o1', 0), true, `${at}: gone`);
    s.expectations.expect('ns/o1', 3, [], 0);
    s.owners.apply('add', owner('o1', 'a'));
    s.owners.apply('delete', owner('o1', 'a'));
    assert.equal(s.expectations.satisfied('ns/o1', 0), true, `${at}: forgotten`);
    assert.deepEqual(s.deleted, ['ns/o1']);
    await s.running[Symbol.asyncDispose]();
  }
});

test('owns() under "marked" counts a pod first seen deleting as a deletion, not a creation', async () => {
  const s = setup({ deletionObservedAt: 'marked' });
  s.expectations.expect('ns/o1', 1, ['ns/p'], 0);
  s.pods.apply('add', pod('p', { ownerReferences: [ref('Owner', 'o1')], deletionTimestamp: 't' }));
  s.expectations.creationObserved('ns/o1');
  assert.equal(s.expectations.satisfied('ns/o1', 0), true);
  await s.running[Symbol.asyncDispose]();
});

test('watches() enqueues what the map function returns for each change', async () => {
  const seen: string[] = [];
  const s = setup({ map: (c) => { seen.push(`${c.type}:${c.obj.metadata.name}${c.type === 'update' ? `<${c.old.metadata.uid}` : ''}`); return c.type === 'delete' ? [] : ['ns/o1']; } });
  s.nodes.apply('add', pod('n'));
  s.nodes.apply('update', pod('n', { uid: 'uid-n2' }));
  s.nodes.apply('delete', pod('n'));
  assert.deepEqual(seen, ['add:n', 'update:n<uid-n', 'delete:n']);
  assert.deepEqual(await s.queued(), ['ns/o1']);
  await s.running[Symbol.asyncDispose]();
});

test('controllerFor() delayOf: a change enqueues at once, later, or not at all', async () => {
  const { informers, source } = fakeSource();
  const clock = new FakeClock();
  const b = controllerFor<Obj>({ informers: source, clock, logger: silentLogger }, res('owners'), {
    name: 'owner', kind: 'Owner', delayOf: (c) => (c.type === 'delete' ? undefined : c.type === 'update' ? 1000 : 0),
  });
  const pods = b.owns<Obj>(res('pods'), { batchMs: 500 });
  const running = b.complete({ reconcile: async () => undefined });
  const owners = informers.get('owners') as unknown as FakeInformer<Obj>;
  owners.apply('add', owner('o1', 'a'));
  assert.equal(running.controller.queue.length, 1);
  const k = await running.controller.queue.get();
  running.controller.queue.done(k!);
  owners.apply('update', owner('o1', 'a'));
  (informers.get('pods') as unknown as FakeInformer<Obj>).apply('add', pod('p', { ownerReferences: [ref('Owner', 'o1')] }));
  owners.apply('delete', owner('o1', 'a'));
  assert.equal(running.controller.queue.length, 0, 'updates and owned changes wait; deletes do not enqueue');
  clock.advance(500);
  assert.equal(running.controller.queue.length, 1, 'the owned change after its batch period');
  assert.equal(pods.index.owned('uid-o1').length, 1);
  await running[Symbol.asyncDispose]();
});

test('watches() with delayMs enqueues the mapped keys after the delay', async () => {
  const { informers, source } = fakeSource();
  const clock = new FakeClock();
  const b = controllerFor<Obj>({ informers: source, clock, logger: silentLogger }, res('owners'), { name: 'owner', kind: 'Owner' });
  b.watches<Obj>(res('nodes'), (c) => [`ns/${c.obj.metadata.name}`], { delayMs: 300 });
  const running = b.complete({ reconcile: async () => undefined });
  (informers.get('nodes') as unknown as FakeInformer<Obj>).apply('add', pod('n'));
  assert.equal(running.controller.queue.length, 0);
  clock.advance(299);
  assert.equal(running.controller.queue.length, 0);
  clock.advance(1);
  assert.equal(await running.controller.queue.get(), 'ns/n');
  await running[Symbol.asyncDispose]();
});

test('controllerFor() resyncMs enqueues every cached primary each period, until disposed', async () => {
  const { informers, source } = fakeSource();
  const clock = new FakeClock();
  const b = controllerFor<Obj>({ informers: source, clock, logger: silentLogger }, res('owners'), { name: 'owner', kind: 'Owner', delayOf: () => undefined, resyncMs: 1000 });
  const running = b.complete({ reconcile: async () => undefined });
  const owners = informers.get('owners') as unknown as FakeInformer<Obj>;
  owners.apply('add', owner('o1', 'a'));
  owners.apply('add', owner('o2', 'a'));
  assert.equal(running.controller.queue.length, 0, 'delayOf keeps the changes out');
  const drain = async (): Promise<string[]> => {
    const out: string[] = [];
    while (running.controller.queue.length) {
      const k = await running.controller.queue.get();
      out.push(k!);
      running.controller.queue.done(k!);
    }
    return out.sort();
  };
  clock.advance(1000);
  assert.deepEqual(await drain(), ['ns/o1', 'ns/o2']);
  owners.apply('delete', owner('o2', 'a'));
  clock.advance(1000);
  assert.deepEqual(await drain(), ['ns/o1']);
  await running[Symbol.asyncDispose]();
  let listed = 0;
  owners.list = () => { listed++; return []; };
  clock.advance(5000);
  assert.equal(listed, 0, 'no resync after dispose');
});

test('addsAndUpdates() syncs an added or updated primary at once and never a deleted one', () => {
  const o = owner('o1', 'a');
  assert.deepEqual([addsAndUpdates({ type: 'add', obj: o }), addsAndUpdates({ type: 'update', obj: o, old: o }), addsAndUpdates({ type: 'delete', obj: o })], [0, 0, undefined]);
});
