// migrateStore(): memory → SQLite and SQLite → etcd (a real etcd started here; skipped without it), the
// revision order and the bytes kept, and every refusal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyValue, Store } from './store.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { EtcdStore, etcdRevision } from './etcd/etcd-store.js';
import { etcdMissing, startEtcd, type EtcdCluster } from './etcd/etcd-test-member.js';
import { MigrateError, migrateStore, type MigrateErrorCode } from './migrate.js';
import { openStore } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'skiff-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const sqlite = (): WaitingTarget => new WaitingTarget({ path: join(dir, `s${files++}.db`) });

/** A SQLite store whose creates first wait for `pending`: a write a test makes elsewhere in the middle of a copy. */
class WaitingTarget extends SqliteStore {
  pending: Promise<unknown> = Promise.resolve();
  override async create(key: string, value: Uint8Array): Promise<KeyValue> {
    await this.pending;
    return super.create(key, value);
  }
}
const b = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * A history whose revision order is neither key order nor creation order: keys under several prefixes
 * (API keys and others), updates of early keys after later creates, deletes, re-creates, and binary values.
 */
async function writeHistory(st: Store): Promise<void> {
  const a = await st.create('/registry/core/configmaps/default/a', b('{"a":1}'));
  await st.create('/registry/core/namespaces/default', b('{"ns":1}'));
  const gone = await st.create('/registry/core/configmaps/default/gone', b('x'));
  await st.create('/registry/apps/deployments/default/web', new Uint8Array([0, 255, 128, 0xc3, 0x28]));
  await st.update('/registry/core/configmaps/default/a', b('{"a":2}'), a.modRevision);
  await st.create('/skiff/other-key', new Uint8Array());
  await st.delete('/registry/core/configmaps/default/gone', gone.modRevision);
  await st.create('/registry/core/configmaps/default/gone', b('again'));
  await st.create('/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com', b('{"crd":1}'));
  for (let i = 0; i < 7; i++) await st.create(`/registry/example.com/widgets/default/w${i}`, b(`w${i}`));
  const ns = (await st.get('/registry/core/namespaces/default'))!;
  await st.update(ns.key, b('{"ns":2}'), ns.modRevision);
}

async function all(st: Store): Promise<KeyValue[]> {
  return (await st.list('')).kvs;
}

/** Keys by ascending modRevision. */
const revisionOrder = (kvs: readonly KeyValue[]): string[] => [...kvs].sort((x, y) => x.modRevision - y.modRevision).map((kv) => kv.key);

/** The target holds the source's keys with identical bytes, in the source's revision order. */
async function assertCopied(source: Store, target: Store): Promise<void> {
  const [src, dst] = [await all(source), await all(target)];
  assert.deepEqual(dst.map((kv) => kv.key), src.map((kv) => kv.key));
  for (const [i, kv] of src.entries()) assert.ok(Buffer.from(kv.value).equals(Buffer.from(dst[i]!.value)), `value of ${kv.key}`);
  assert.deepEqual(revisionOrder(dst), revisionOrder(src));
  // "A < B in the target iff A < B in the source", pair by pair.
  const srcRev = new Map(src.map((kv) => [kv.key, kv.modRevision]));
  const dstRev = new Map(dst.map((kv) => [kv.key, kv.modRevision]));
  for (const x of src) for (const y of src) assert.equal(srcRev.get(x.key)! < srcRev.get(y.key)!, dstRev.get(x.key)! < dstRev.get(y.key)!, `${x.key} / ${y.key}`);
}

const refused = (code: MigrateErrorCode, pattern: RegExp, written = 0) => (e: unknown) =>
  e instanceof MigrateError && e.code === code && e.written === written && pattern.test(e.message);

test('migrateStore() copies memory → SQLite: every key, bytes identical, revision order kept, source untouched', async () => {
  const source = new MemoryStore();
  const target = sqlite();
  try {
    await writeHistory(source);
    const before = { rev: await source.currentRevision(), kvs: await all(source) };
    const progress: string[] = [];
    const r = await migrateStore(source, target, { pageSize: 3, onProgress: (n, total) => progress.push(`${n}/${total}`) });
    assert.equal(r.keys, 13);
    assert.equal(r.bytes, before.kvs.reduce((n, kv) => n + kv.value.byteLength, 0));
    assert.equal(r.sourceRevision, before.rev);
    assert.deepEqual([r.firstTargetRevision, r.lastTargetRevision], [1, 13], 'a fresh target numbers the keys 1…n');
    assert.deepEqual(progress, Array.from({ length: 13 }, (_, i) => `${i + 1}/13`));
    await assertCopied(source, target);
    assert.equal(await source.currentRevision(), before.rev);
    assert.deepEqual(await all(source), before.kvs);
    // The target goes on from there: new writes and a watch from the copied revision.
    const seen: string[] = [];
    await target.watch('/registry/', (ev) => seen.push(`${ev.type} ${ev.kv.key}@${ev.kv.modRevision}`), { afterRevision: r.lastTargetRevision });
    await target.create('/registry/core/configmaps/default/new', b('n'));
    assert.deepEqual(seen, ['put /registry/core/configmaps/default/new@14']);
  } finally {
    await target.close();
    await source.close();
  }
});

test('migrateStore() reads a compacted source at its current revision; a target with history before is fine', async () => {
  const source = sqlite();
  const target = new MemoryStore();
  try {
    await writeHistory(source);
    await source.compact(await source.currentRevision());
    const k = await target.create('/tmp', b('t'));
    await target.delete('/tmp', k.modRevision);
    const r = await migrateStore(source, target, { pageSize: 1 });
    assert.deepEqual([r.keys, r.firstTargetRevision, r.lastTargetRevision], [13, 3, 15]);
    await assertCopied(source, target);
  } finally {
    await target.close();
    await source.close();
  }
});

test('migrateStore() refuses a target that holds keys, before writing anything', async () => {
  const source = new MemoryStore();
  const target = new MemoryStore();
  await writeHistory(source);
  await target.create('/registry/core/namespaces/default', b('{}'));
  await assert.rejects(migrateStore(source, target), refused('TargetNotEmpty', /^the target already holds 1 key \(first: "\/registry\/core\/namespaces\/default"\)$/));
  assert.equal(await target.currentRevision(), 1);
});

test('migrateStore() refuses an empty source', async () => {
  await assert.rejects(migrateStore(new MemoryStore(), new MemoryStore()), refused('SourceEmpty', /^the source holds no key at revision 0$/));
});

test('migrateStore() fails with SourceChanged when the source\'s keys were written during the copy', async () => {
  const source = new MemoryStore();
  const target = new MemoryStore();
  await writeHistory(source);
  let wrote = false;
  const onProgress = (n: number): void => {
    if (n === 2 && !wrote) { wrote = true; void source.create('/registry/core/configmaps/default/late', b('late')); }
  };
  await assert.rejects(migrateStore(source, target, { onProgress }),
    refused('SourceChanged', /written during the copy \(1 keys changed after revision 17, e\.g\. "\/registry\/core\/configmaps\/default\/late"\): is a server still running on it\?/, 13));
});

test('migrateStore() does not mind a moved source revision when its keys are the same (etcd: another prefix\'s writes)', async () => {
  const source = new MemoryStore();
  const target = new MemoryStore();
  await writeHistory(source);
  const onProgress = (n: number): void => {
    if (n === 1) void source.create('/x', b('x')).then((kv) => source.delete('/x', kv.modRevision));
  };
  const r = await migrateStore(source, target, { onProgress });
  assert.equal(r.keys, 13);
  assert.equal(await source.currentRevision(), 19);
});

test('migrateStore() stops between writes when aborted, and on a failed write, saying how many keys it wrote', async () => {
  const source = new MemoryStore();
  await writeHistory(source);
  const ac = new AbortController();
  await assert.rejects(migrateStore(source, new MemoryStore(), { signal: ac.signal, onProgress: (n) => { if (n === 4) ac.abort(); } }),
    refused('Interrupted', /^interrupted after 4 of 13 keys$/, 4));
  class FullAfterFive extends MemoryStore {
    override async create(key: string, value: Uint8Array): Promise<KeyValue> {
      if ((await this.count('')) === 5) throw new Error('disk full');
      return super.create(key, value);
    }
  }
  await assert.rejects(migrateStore(source, new FullAfterFive()), refused('Interrupted', /^cannot write key ".*" after 5 of 13 keys: disk full$/, 5));
  await assert.rejects(migrateStore(source, new MemoryStore(), { pageSize: 0 }), RangeError);
});

describe('migrateStore() SQLite → etcd', { skip: etcdMissing() }, () => {
  let etcd: EtcdCluster | undefined;
  before(async () => { etcd = await startEtcd(1); });
  after(async () => { await etcd?.stop(); });

  test('copies every key in revision order with identical bytes; etcdctl sees them under the prefix', async () => {
    const source = sqlite();
    const target = await openStore(`${etcd!.url}/a`);
    try {
      await writeHistory(source);
      const r = await migrateStore(source, target, { pageSize: 4 });
      assert.equal(r.keys, 13);
      await assertCopied(source, target);
      const keys = etcd!.etcdctl('get', '--prefix', '/a/', '--keys-only').split('\n').filter((l) => l !== '');
      assert.equal(keys.length, 13);
      const json = JSON.parse(etcd!.etcdctl('get', '/a/registry/apps/deployments/default/web', '-w', 'json')) as { kvs: { value: string; mod_revision: number }[] };
      assert.deepEqual(Buffer.from(json.kvs[0]!.value, 'base64'), Buffer.from([0, 255, 128, 0xc3, 0x28]));
      assert.equal(json.kvs[0]!.mod_revision, (await target.get('/registry/apps/deployments/default/web'))!.modRevision);
      // Again into the same prefix: refused, nothing written.
      const rev = await target.currentRevision();
      await assert.rejects(migrateStore(source, target), refused('TargetNotEmpty', /already holds 13 keys/));
      assert.equal(await target.currentRevision(), rev);
    } finally {
      await target.close();
      await source.close();
    }
  });

  test('etcd → SQLite: writes under another prefix during the copy are not the source changing; its own are', async () => {
    const source = await openStore(`${etcd!.url}/src`);
    const neighbour = await openStore(`${etcd!.url}/neighbour`);
    try {
      await writeHistory(source);
      const target = sqlite();
      const r = await migrateStore(source, target, { onProgress: (n) => { if (n === 1) target.pending = neighbour.create('/n', b('n')); } });
      assert.ok(await source.currentRevision() > r.sourceRevision, 'the etcd revision moved during the copy');
      await assertCopied(source, target);
      await target.close();
      const again = sqlite();
      await assert.rejects(migrateStore(source, again, { onProgress: (n) => { if (n === 1) again.pending = source.create('/late', b('l')); } }), refused('SourceChanged', /"\/late"/, 13));
      await again.close();
    } finally {
      await neighbour.close();
      await source.close();
    }
  });

  test('an EtcdStore with a revisionBase is a target like any other', async () => {
    const source = new MemoryStore();
    const target = new EtcdStore({ endpoints: etcd!.endpoints, keyPrefix: '/based', revisionBase: await etcdRevision(etcd!.endpoints) });
    try {
      await writeHistory(source);
      const r = await migrateStore(source, target);
      assert.deepEqual([r.firstTargetRevision, r.lastTargetRevision], [1, 13]);
      await assertCopied(source, target);
    } finally {
      await target.close();
    }
  });
});
