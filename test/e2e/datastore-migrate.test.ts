// e2e: `skiff datastore migrate` from a stopped server's SQLite file into a fresh etcd; a server on that etcd
// (same data dir) serves the same objects through kubectl, in the same resourceVersion order, and goes on: a
// watch from a list's resourceVersion, new writes. Also the refusals: a server still running on the source,
// a target that is not empty, a missing source, the same datastore twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/eventually.js';
import { kubectlAvailable, skiffBin, startSkiff, type RunResult, type SkiffProcess } from '../support/skiff-process.js';
import { etcdMissing, startEtcd, type EtcdCluster } from '../../src/storage/etcd/etcd-test-member.js';

const skip = etcdMissing() ?? (kubectlAvailable() ? undefined : 'kubectl is not installed');
let etcd: EtcdCluster | undefined;
before(async () => { if (!skip) etcd = await startEtcd(1); });
after(async () => { await etcd?.stop(); });

function skiff(...args: string[]): Promise<RunResult> {
  return new Promise((res) => {
    execFile(process.execPath, [skiffBin, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      res({ code: error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
};

interface Item { kind: string; metadata: { namespace?: string; name: string; resourceVersion: string } }
const kinds = 'namespaces,configmaps,secrets,deployments,replicasets,customresourcedefinitions,widgets.example.com';
const id = (o: Item): string => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Every object of the kinds above, by identity (resourceVersion apart), and the identities in resourceVersion order. */
async function snapshot(s: SkiffProcess): Promise<{ objects: Map<string, Item>; order: string[] }> {
  const items = (JSON.parse(await s.k('get', kinds, '-A', '-o', 'json')) as { items: Item[] }).items;
  const objects = new Map(items.map((o) => [id(o), { ...o, metadata: { ...o.metadata, resourceVersion: '' } }]));
  const order = [...items].sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)).map(id);
  return { objects, order };
}

test('skiff datastore migrate: SQLite → etcd keeps every object and the resourceVersion order; the new server goes on', { skip, timeout: 300_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-migrate-e2e-'));
  const db = join(dataDir, 'state.db');
  const from = `sqlite://${db}`;
  let server = await startSkiff({ dataDir, args: ['--datastore', from] });
  try {
    await server.k('create', 'namespace', 'mig');
    await server.k('create', 'configmap', 'one', '-n', 'default', '--from-literal=a=1');
    await server.k('create', 'configmap', 'two', '-n', 'mig', '--from-literal=b=2');
    await server.k('create', 'secret', 'generic', 'pw', '-n', 'mig', '--from-literal=password=s3cret');
    await server.create(JSON.stringify(widgetCrd));
    await server.k('wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=20s');
    await server.create(JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'mig' }, spec: { size: 3 } }));
    await server.k('create', 'deployment', 'web', '-n', 'mig', '--image=nginx', '--replicas=2');
    await server.k('create', 'configmap', 'three', '-n', 'mig', '--from-literal=c=3');
    // An update: "one" is now newer than everything above, though it was created first.
    await server.k('label', 'configmap', 'one', '-n', 'default', 'touched=yes');
    await eventually(async () => {
      const rs = JSON.parse(await server.k('get', 'replicasets', '-n', 'mig', '-o', 'json')) as { items: { status?: { replicas?: number } }[] };
      assert.equal(rs.items[0]?.status?.replicas, 2);
    }, { timeoutMs: 30_000, message: 'the Deployment\'s ReplicaSet has its two pods' });

    // Refused while the server runs on the source.
    const busy = await skiff('datastore', 'migrate', '--from', from, '--to', etcd!.url);
    assert.equal(busy.code, 1, busy.stderr);
    assert.match(busy.stderr, /^Error: Cannot open datastore "sqlite:\/\/.*state\.db": Cannot hold ".*state\.db" exclusively: another process has it open \(a server running on it\?\) \(the source, --from\)\n$/);

    const before = await snapshot(server);
    await server.stop();
    const digest = (): string => createHash('sha256').update(readFileSync(db)).digest('hex');
    const sourceDigest = digest();

    // Refusals that write nothing anywhere.
    const missing = await skiff('datastore', 'migrate', '--from', `sqlite://${join(dataDir, 'nope.db')}`, '--to', etcd!.url);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^Error: Cannot open datastore ".*nope\.db": no such file ".*nope\.db" \(the source, --from\)\n$/);
    const same = await skiff('datastore', 'migrate', '--from', from, '--to', `sqlite://${dataDir}/../${dataDir.split('/').at(-1)}/state.db`);
    assert.equal(same.code, 1);
    assert.match(same.stderr, /^Error: --from and --to are the same datastore "sqlite:\/\/.*state\.db": migrate into another, empty one\n$/);
    assert.equal(etcd!.etcdctl('get', '', '--prefix', '--keys-only').trim(), '');

    const migrated = await skiff('datastore', 'migrate', '--from', from, '--to', etcd!.url);
    assert.equal(migrated.code, 0, migrated.stderr);
    const summary = /^Copied (\d+) keys \(([\d.]+ (?:B|KiB|MiB)) of values\) from sqlite:\/\/.*state\.db at revision (\d+) to etcd:\/\/\S+ \(revisions (\d+)–(\d+)\) in ([\d.]+)s\n/.exec(migrated.stdout);
    assert.ok(summary, migrated.stdout);
    t.diagnostic(`copy: ${summary[1]} keys, ${summary[2]}, ${summary[6]}s (source revision ${summary[3]}, target revisions ${summary[4]}–${summary[5]})`);
    assert.equal(Number(summary[5]) - Number(summary[4]) + 1, Number(summary[1]), 'one target revision per key');
    assert.equal(digest(), sourceDigest, 'the source file is unchanged');
    const etcdKeys = etcd!.etcdctl('get', '', '--prefix', '--keys-only').split('\n').filter((l) => l !== '');
    assert.equal(etcdKeys.length, Number(summary[1]));
    assert.ok(etcdKeys.includes('/registry/example.com/widgets/mig/w1'), etcdKeys.join('\n'));

    const again = await skiff('datastore', 'migrate', '--from', from, '--to', etcd!.url);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`^Error: cannot migrate into etcd://\\S+: the target already holds ${summary[1]} keys \\(first: "/registry/.*"\\)\\. Migrate into an empty datastore`));

    server = await startSkiff({ dataDir, args: ['--datastore', etcd!.url] });
    const afterMigration = await snapshot(server);
    assert.deepEqual([...afterMigration.objects.keys()].sort(), [...before.objects.keys()].sort());
    for (const [key, o] of before.objects) assert.deepEqual(afterMigration.objects.get(key), o, key);
    assert.deepEqual(afterMigration.order, before.order, 'objects listed by resourceVersion come in the same order');
    assert.equal((await server.k('get', 'secret', 'pw', '-n', 'mig', '-o', 'jsonpath={.data.password}')).trim(), Buffer.from('s3cret').toString('base64'));
    assert.equal((await server.k('get', 'widget', 'w1', '-n', 'mig', '-o', 'jsonpath={.spec.size}')).trim(), '3');

    // A watch from a list's resourceVersion sees what comes after it, and only that.
    const list = JSON.parse(await server.k('get', '--raw', '/api/v1/namespaces/mig/configmaps')) as { metadata: { resourceVersion: string } };
    const watch = server.kubectl(['get', '--raw', `/api/v1/namespaces/mig/configmaps?watch=1&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=4`]);
    await server.k('create', 'configmap', 'four', '-n', 'mig', '--from-literal=d=4');
    const watched = await watch;
    assert.equal(watched.code, 0, watched.stderr);
    const events = watched.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { type: string; object: Item });
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED four']);
    assert.ok(Number(events[0]!.object.metadata.resourceVersion) > Number(list.metadata.resourceVersion));

    // New writes: an update, a custom resource patch, a delete; resourceVersions go on above the copied ones.
    const maxCopied = Math.max(...(JSON.parse(await server.k('get', kinds, '-A', '-o', 'json')) as { items: Item[] }).items
      .filter((o) => before.objects.has(id(o))).map((o) => Number(o.metadata.resourceVersion)));
    await server.k('label', 'configmap', 'two', '-n', 'mig', 'after=migration');
    await server.k('patch', 'widget', 'w1', '-n', 'mig', '--type=merge', '-p', '{"spec":{"size":4}}');
    await server.k('delete', 'configmap', 'three', '-n', 'mig');
    const two = Number((await server.k('get', 'configmap', 'two', '-n', 'mig', '-o', 'jsonpath={.metadata.resourceVersion}')).trim());
    const w1 = JSON.parse(await server.k('get', 'widget', 'w1', '-n', 'mig', '-o', 'json')) as { spec: { size: number }; metadata: { resourceVersion: string } };
    assert.ok(two > maxCopied && Number(w1.metadata.resourceVersion) > two, `${maxCopied} < ${two} < ${w1.metadata.resourceVersion}`);
    assert.equal(w1.spec.size, 4);
    assert.equal((await server.kubectl(['get', 'configmap', 'three', '-n', 'mig'])).code, 1);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
