// EtcdStore runs the shared Store conformance suite against a real etcd started here (one member,
// and three members on loopback). Every store gets its own key prefix and revisionBase (the etcd
// revision when it opened), so one etcd serves all cases; reopen keeps both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Store } from '../store.js';
import { storeConformance } from '../store.case.test.js';
import { EtcdStore, etcdRevision } from './etcd-store.js';
import { etcdMissing, startEtcd, type EtcdCluster } from './etcd-test-member.js';
import { EtcdClient } from './etcd-client.js';
import { openWatch } from './etcd-watch.js';

const skip = etcdMissing();

function suite(name: string, size: number): void {
  describe(name, { skip }, () => {
    let etcd: EtcdCluster | undefined;
    before(async () => { etcd = await startEtcd(size); });
    after(async () => { await etcd?.stop(); });
    const opened = new WeakMap<Store, { keyPrefix: string; revisionBase: number }>();
    let n = 0;
    const openWith = (o: { keyPrefix: string; revisionBase: number }) => {
      const st = new EtcdStore({ endpoints: etcd!.endpoints, ...o });
      opened.set(st, o);
      return st;
    };
    storeConformance(name, async () => openWith({ keyPrefix: `/t${n++}`, revisionBase: await etcdRevision(etcd!.endpoints) }), async (closed) => {
      const o = opened.get(closed);
      assert.ok(o, 'reopen() is given a store this file opened');
      return openWith(o);
    });
  });
}

suite('EtcdStore', 1);

describe('EtcdStore layout', { skip }, () => {
  let etcd: EtcdCluster | undefined;
  before(async () => { etcd = await startEtcd(1); });
  after(async () => { await etcd?.stop(); });

  test('keys are the Store keys under the prefix; resourceVersion is the etcd mod_revision', async () => {
    const st = new EtcdStore({ endpoints: etcd!.endpoints });
    try {
      const kv = await st.create('/registry/core/configmaps/default/a', Buffer.from('{"a":1}'));
      assert.equal(etcd!.etcdctl('get', '--prefix', '/registry', '--keys-only').trim(), '/registry/core/configmaps/default/a');
      const json = JSON.parse(etcd!.etcdctl('get', '/registry/core/configmaps/default/a', '-w', 'json')) as { kvs: { mod_revision: number }[] };
      assert.equal(json.kvs[0]!.mod_revision, kv.modRevision);
    } finally {
      await st.close();
    }
  });

  test('an unreachable etcd answers Unavailable', async () => {
    const st = new EtcdStore({ endpoints: ['127.0.0.1:1'] });
    await assert.rejects(st.get('/x'), (e: unknown) => e instanceof Error && e.name === 'StorageError' && (e as { code?: string }).code === 'Unavailable');
    await st.close();
  });

  test('a second endpoint takes over when the first is down', async () => {
    const st = new EtcdStore({ endpoints: ['127.0.0.1:1', ...etcd!.endpoints], keyPrefix: '/failover' });
    try {
      await st.create('/k', Buffer.from('v'));
      assert.equal((await st.get('/k'))?.key, '/k');
    } finally {
      await st.close();
    }
  });
});

describe('EtcdStore concurrency', { skip }, () => {
  let etcd: EtcdCluster | undefined;
  before(async () => { etcd = await startEtcd(1); });
  after(async () => { await etcd?.stop(); });

  test('create() 200 at once: one revision each, no gaps; list, a live watch and a watch from 0 see all in revision order', async () => {
    const st = new EtcdStore({ endpoints: etcd!.endpoints, keyPrefix: '/conc', revisionBase: await etcdRevision(etcd!.endpoints) });
    try {
      const live: number[] = [];
      const ac = new AbortController();
      await st.watch('/c/', (ev) => live.push(ev.kv.modRevision), { afterRevision: 0, signal: ac.signal });
      const written = await Promise.all(Array.from({ length: 200 }, (_, i) => st.create(`/c/${String(i).padStart(3, '0')}`, Buffer.from(String(i)))));
      const revisions = written.map((kv) => kv.modRevision).sort((x, y) => x - y);
      assert.deepEqual(revisions, Array.from({ length: 200 }, (_, i) => i + 1));
      assert.deepEqual(live, revisions, 'every write resolved after the live watch saw it');
      const list = await st.list('/c/');
      assert.deepEqual([list.kvs.map((kv) => `${kv.key}@${kv.modRevision}`), list.revision], [written.map((kv) => `${kv.key}@${kv.modRevision}`), 200]);
      const replayed: number[] = [];
      await st.watch('/c/', (ev) => replayed.push(ev.kv.modRevision), { afterRevision: 0, signal: ac.signal });
      ac.abort();
      assert.deepEqual(replayed, revisions);
    } finally {
      await st.close();
    }
  });
});

if (process.env['SKIFF_ETCD_CLUSTER_TESTS'] !== '0') suite('EtcdStore(3 members)', 3);

describe('EtcdStore over TLS', { skip }, () => {
  let etcd: EtcdCluster | undefined;
  before(async () => { etcd = await startEtcd(1, { tls: true }); });
  after(async () => { await etcd?.stop(); });

  test('with the CA and a client certificate: writes, reads, lists and watches; without the certificate: Unavailable', async () => {
    const { caFile, certFile, keyFile } = etcd!.tls!;
    const tls = { ca: readFileSync(caFile), cert: readFileSync(certFile), key: readFileSync(keyFile) };
    const st = new EtcdStore({ endpoints: etcd!.endpoints, tls });
    try {
      const events: string[] = [];
      const ac = new AbortController();
      await st.watch('/registry/', (ev) => events.push(`${ev.type} ${ev.kv.key}`), { afterRevision: await st.currentRevision(), signal: ac.signal });
      const kv = await st.create('/registry/core/configmaps/default/tls', Buffer.from('{"a":1}'));
      assert.deepEqual(Buffer.from((await st.get(kv.key))!.value).toString(), '{"a":1}');
      assert.deepEqual((await st.list('/registry/')).kvs.map((i) => i.key), ['/registry/core/configmaps/default/tls']);
      for (let i = 0; i < 100 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      ac.abort();
      assert.deepEqual(events, ['put /registry/core/configmaps/default/tls']);
      assert.equal(etcd!.etcdctl('get', '--prefix', '/registry', '--keys-only').trim(), '/registry/core/configmaps/default/tls');
    } finally {
      await st.close();
    }
    const anonymous = new EtcdStore({ endpoints: etcd!.endpoints, tls: { ca: tls.ca } });
    await assert.rejects(anonymous.get('/registry/x'), (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'Unavailable');
    await anonymous.close();
  });
});

describe('etcd watch progress notifications', { skip }, () => {
  let etcd: EtcdCluster | undefined;
  before(async () => { etcd = await startEtcd(1, { progressNotifyMs: 300 }); });
  after(async () => { await etcd?.stop(); });

  test('a watch that asked for them learns the revision the range is delivered up to, moved by writes outside it', async () => {
    const client = new EtcdClient({ endpoints: etcd!.endpoints });
    const progress: number[] = [];
    const w = openWatch(client, { key: Buffer.from('/quiet/'), range_end: Buffer.from('/quiet0'), start_revision: 0, progress_notify: true }, {
      created: () => undefined, events: () => assert.fail('no event in the range'), progress: (rev) => progress.push(rev), ended: () => undefined,
    });
    try {
      etcd!.etcdctl('put', '/elsewhere/a', '1');
      const rev = (JSON.parse(etcd!.etcdctl('get', '/elsewhere/a', '-w', 'json')) as { header: { revision: number } }).header.revision;
      for (let i = 0; i < 50 && !progress.some((p) => p >= rev); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(progress.some((p) => p >= rev), `progress ${progress.join(',')} reaches ${rev}`);
    } finally {
      w.cancel();
      client.close();
    }
  });
});
