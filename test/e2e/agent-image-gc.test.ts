// e2e (issue 19): image garbage collection on a real node. A server with --image-gc-high-threshold 1 (any real
// disk is over it) and --image-gc-low-threshold 0 runs two pods; one is deleted; the server restarts (collection
// runs at agent start) with the other pod running on. With the default --minimum-image-ttl-duration nothing goes
// (a restarted agent sees its images anew); with 0s the unused image goes from the store (references, the blobs
// only it needed, its unpacked root), the running pod's stays, the Node gets upstream's FreeDiskSpaceFailed
// warning (0 % cannot be reached), and a new pod of the collected image pulls it again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killall, skiffBin, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { startRegistry, type LocalRegistry } from '../support/local-registry.js';
import { registryNodeSkip } from '../support/registry-node.js';
import { pushTestImages, type TestImages } from '../support/test-images.js';
import { eventually } from '../support/eventually.js';

const skip = registryNodeSkip('image garbage collection e2e');
const node = 'skiff-image-gc-node';
const thresholds = ['--node-name', node, '--image-gc-high-threshold', '1', '--image-gc-low-threshold', '0'];
const gcArgs = [...thresholds, '--minimum-image-ttl-duration', '0s'];
const freeSpaceFailed = /^Failed to garbage collect required amount of images\. Attempted to free (\d+) bytes, but only found (\d+) bytes eligible to free\.$/;

/** `skiff images list --data-dir dir`: the references in the node's store. */
const storedReferences = (dataDir: string): Promise<string[]> => new Promise((resolve, reject) => {
  execFile(process.execPath, [skiffBin, 'images', 'list', '--data-dir', dataDir], (error, stdout, stderr) => {
    if (error) reject(new Error(`skiff images list failed: ${stderr}`, { cause: error }));
    else resolve(stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0]!));
  });
});

describe('image garbage collection', { skip }, () => {
  let s: SkiffProcess;
  let registry: LocalRegistry;
  let images: TestImages;
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-image-gc-e2e-'));
  const storeDir = join(dataDir, 'images');
  before(async () => {
    registry = await startRegistry();
    images = await pushTestImages(registry);
    s = await startSkiff({ agent: true, dataDir, args: gcArgs });
  });
  after(async () => {
    await s?.stop();
    await killall(dataDir);
    await registry?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const pod = (name: string, image: string): string => JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image, command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'] }] },
  });
  /** The container's ID and the manifest digest of its image (imageID is `<repository>@<digest>`). */
  const running = async (name: string): Promise<{ containerID: string; digest: string; restarts: number }> => {
    const p = JSON.parse(await s.k('get', 'pod', name, '-o', 'json')) as { status: { containerStatuses: { containerID: string; imageID: string; restartCount: number }[] } };
    const c = p.status.containerStatuses[0]!;
    return { containerID: c.containerID, digest: c.imageID.split('@')[1]!, restarts: c.restartCount };
  };
  /**
   * The Node's FreeDiskSpaceFailed warnings (usage cannot come down to 0 %), upstream's message naming the bytes
   * eligible: how many rounds found each amount.
   */
  const freeSpaceFailures = async (): Promise<Map<number, number>> => {
    const events = JSON.parse(await s.k('get', 'events', '-A', '--field-selector', `involvedObject.kind=Node,involvedObject.name=${node},reason=FreeDiskSpaceFailed`, '-o', 'json')) as { items: { type: string; message: string; count?: number }[] };
    const rounds = new Map<number, number>();
    for (const e of events.items) {
      assert.equal(e.type, 'Warning');
      const m = freeSpaceFailed.exec(e.message);
      assert.ok(m, `message ${e.message}`);
      assert.ok(Number(m[1]) > Number(m[2]), e.message);
      rounds.set(Number(m[2]), (rounds.get(Number(m[2])) ?? 0) + (e.count ?? 1));
    }
    return rounds;
  };
  const blob = (digest: string): string => join(storeDir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''));
  const root = (digest: string): string => join(storeDir, 'rootfs', digest.replace(/^sha256:/, ''));
  /** The manifest's blobs: config and layers. */
  const blobsOf = (manifestDigest: string): { config: string; layers: string[] } => {
    const m = JSON.parse(readFileSync(blob(manifestDigest), 'utf8')) as { config: { digest: string }; layers: { digest: string }[] };
    return { config: m.config.digest, layers: m.layers.map((l) => l.digest) };
  };

  test('at agent start an unused image older than --minimum-image-ttl-duration goes (references, its own blobs, its root); the running pod\'s stays; it is pulled again', async () => {
    await s.create(pod('keep', images.nginx));
    await s.create(pod('gone', images.busybox));
    await s.k('wait', '--for=condition=Ready', 'pod/keep', 'pod/gone', '--timeout=60s');
    const keep = await running('keep');
    const gone = await running('gone');
    assert.deepEqual((await storedReferences(dataDir)).sort(), [images.busybox, images.nginx].sort());
    const goneBlobs = blobsOf(gone.digest);
    const keepBlobs = blobsOf(keep.digest);
    // The test images share their busybox layer: it must stay for nginx.
    const shared = goneBlobs.layers.filter((l) => keepBlobs.layers.includes(l));
    assert.equal(shared.length, 1, 'busybox and nginx share one layer');
    for (const d of [gone.digest, goneBlobs.config, keep.digest, keepBlobs.config, ...keepBlobs.layers]) assert.ok(existsSync(blob(d)), `blob ${d} is stored`);
    assert.ok(existsSync(root(gone.digest)) && existsSync(root(keep.digest)), 'both images are unpacked');
    const goneOwnBytes = [gone.digest, goneBlobs.config].reduce((n, d) => n + statSync(blob(d)).size, 0);

    // The round at the first start, before any image was stored: nothing eligible.
    assert.deepEqual(await freeSpaceFailures(), new Map([[0, 1]]));

    await s.k('delete', 'pod', 'gone', '--wait=true', '--timeout=60s');
    // Collection runs every 5 minutes and at agent start: restart the server; `keep` runs on and is adopted. A
    // restarted agent sees every image anew, so with the default --minimum-image-ttl-duration (2m) nothing goes.
    await s.stop('SIGTERM', { keepPods: true });
    s = await startSkiff({ agent: true, dataDir, args: thresholds });
    await eventually(async () => assert.equal((await freeSpaceFailures()).get(0), 2), { timeoutMs: 30_000, message: 'a second round with nothing eligible' });
    assert.deepEqual((await storedReferences(dataDir)).sort(), [images.busybox, images.nginx].sort(), 'images younger than 2m are kept');
    assert.ok(existsSync(root(gone.digest)), 'the deleted pod\'s image is still unpacked');

    // With --minimum-image-ttl-duration 0s, the next start collects it.
    await s.stop('SIGTERM', { keepPods: true });
    s = await startSkiff({ agent: true, dataDir, args: gcArgs });

    await eventually(async () => assert.deepEqual(await storedReferences(dataDir), [images.nginx]), { timeoutMs: 30_000, message: 'the unused busybox image is collected' });
    await eventually(() => assert.equal(existsSync(root(gone.digest)), false, `root ${root(gone.digest)} is removed`), { timeoutMs: 10_000 });
    for (const d of [gone.digest, goneBlobs.config]) assert.equal(existsSync(blob(d)), false, `busybox's own blob ${d} is removed`);
    for (const d of [keep.digest, keepBlobs.config, ...keepBlobs.layers]) assert.ok(existsSync(blob(d)), `nginx's blob ${d} (shared or not) is kept`);
    assert.ok(existsSync(root(keep.digest)), 'the running pod\'s image stays unpacked');
    await eventually(async () => assert.match(await s.k('get', 'pod', 'keep', '--no-headers'), /^keep\s+1\/1\s+Running\s+0\s/), { timeoutMs: 30_000 });
    assert.deepEqual(await running('keep'), keep, 'the running pod was adopted, not restarted');

    // Usage cannot come down to 0 %: upstream's FreeDiskSpaceFailed warning on the Node, naming what could be freed:
    // busybox's root and its own blobs.
    await eventually(async () => {
      const rounds = await freeSpaceFailures();
      assert.equal(rounds.get(0), 2, 'the two rounds before');
      const freed = [...rounds.keys()].filter((b) => b > 0);
      assert.equal(freed.length, 1, `one round freed busybox: ${[...rounds.keys()].join(', ')}`);
      assert.ok(freed[0]! > goneOwnBytes, `${freed[0]} bytes freed: busybox's root and its own blobs (${goneOwnBytes} bytes)`);
    }, { timeoutMs: 10_000 });

    // A pod of the collected image: pulled again.
    await s.create(pod('again', images.busybox));
    await s.k('wait', '--for=condition=Ready', 'pod/again', '--timeout=60s');
    const events = await s.k('get', 'events', '--field-selector', 'involvedObject.name=again', '-o', 'jsonpath={range .items[*]}{.reason} {end}');
    for (const reason of ['Pulling', 'Pulled', 'Started']) assert.ok(events.split(' ').includes(reason), `${reason} in ${events}`);
    assert.deepEqual((await storedReferences(dataDir)).sort(), [images.busybox, images.nginx].sort());
    assert.equal((await running('again')).digest, gone.digest);
    assert.ok(existsSync(root(gone.digest)), 'unpacked again');
  });
});
