// The image garbage collector over a real store in a temporary directory, the fake runtime and a fake clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeEventRecorder } from '../../client/fake/event-recorder.js';
import { FakeClock, silentLogger } from '../../util/index.js';
import type { ContainerConfig } from '../runtime/container-runtime.js';
import { FakeRuntime } from '../runtime/fake/fake-runtime.js';
import { ImageGcError, ImageGcManager, imageGcPeriodMs, type ImageGcManagerOptions } from './gc-manager.js';
import type { DiskStats } from './gc-plan.js';
import { ImageStore } from './store.js';
import { ImageUnpacker } from './unpack.js';

const minute = 60_000;
/** Every unpacked root takes this much (what the injected du answers). */
const rootBytes = 1000;
/** A 10000-byte filesystem: 1500 available is 85 % used (free 500 to reach 80 %), none available means free 2000. */
const capacityBytes = 10_000;

interface Harness {
  store: ImageStore;
  unpacker: ImageUnpacker;
  runtime: FakeRuntime;
  clock: FakeClock;
  recorder: FakeEventRecorder;
  disk: DiskStats;
  pulling: boolean;
  gc: ImageGcManager;
  /** Stores an image with a layer blob per name (contents = the name) and an unpacked root; returns its digest. */
  addImage(references: string[], layers: string[]): Promise<string>;
  /** Starts a container on the image; resolves with its id. */
  run(digest: string): Promise<string>;
  /** The stored images' references, sorted. */
  references(): string[];
}

async function withGc(fn: (h: Harness) => Promise<void>, options: Partial<ImageGcManagerOptions> = {}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-image-gc-'));
  const clock = new FakeClock();
  const store = new ImageStore(dir);
  const unpacker = new ImageUnpacker(store);
  const runtime = new FakeRuntime({ clock });
  const recorder = new FakeEventRecorder();
  let seq = 0;
  const h: Harness = {
    store, unpacker, runtime, clock, recorder, disk: { capacityBytes, availableBytes: capacityBytes }, pulling: false,
    gc: new ImageGcManager({
      store, unpacker, runtime, rootBytes: async () => rootBytes, imageFs: () => h.disk, pulling: () => h.pulling,
      nodeName: 'node-a', recorder, clock, logger: silentLogger, ...options,
    }),
    async addImage(references, layers) {
      const descriptors = [];
      for (const l of layers) descriptors.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...await store.putBuffer(Buffer.from(l)) });
      const config = await store.putBuffer(Buffer.from(JSON.stringify({ os: 'linux', references })));
      const manifest = await store.putBuffer(Buffer.from(JSON.stringify({ schemaVersion: 2, config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: descriptors })));
      for (const r of references) store.tag(r, manifest.digest);
      const root = unpacker.rootOf(manifest.digest);
      mkdirSync(join(root, 'bin'), { recursive: true });
      writeFileSync(join(root, 'bin', 'sh'), 'x');
      return manifest.digest;
    },
    async run(digest) {
      const podUid = `pod-${++seq}`;
      const sandbox = await runtime.createSandbox(podUid);
      const config: ContainerConfig = {
        podUid, name: 'c', attempt: 0, imageRoot: unpacker.rootOf(digest), args: ['/bin/sh'], env: [], workingDir: '/', user: { uid: 0, gid: 0, additionalGids: [] },
        hostname: podUid, readOnlyRoot: false, privileged: false, noNewPrivileges: false, capabilities: [], resources: { cpuShares: 2, cpuPeriod: 100_000 }, mounts: [],
        tty: false, stdin: false, stdinOnce: false, logPath: join(dir, 'logs', podUid, '0.log'),
      };
      return (await runtime.startContainer(sandbox, config)).id;
    },
    references: () => store.images().flatMap((i) => i.references).sort(),
  };
  try {
    await fn(h);
  } finally {
    await h.gc[Symbol.asyncDispose]();
    for (const c of await runtime.listContainers()) await runtime.removeContainer(c.id);
    rmSync(dir, { recursive: true, force: true });
  }
}

test('garbageCollect() over the high threshold deletes unused images least recently used first: references, unshared blobs, roots', () => withGc(async (h) => {
  const a = await h.addImage(['example.com/a:1', 'example.com/a:latest'], ['base', 'a-only']);
  const b = await h.addImage(['example.com/b:1'], ['b-only']);
  const c = await h.addImage(['example.com/c:1'], ['base', 'c-only']);
  const onA = await h.run(a);
  await h.run(c);
  await h.gc.garbageCollect(); // under the threshold: only notes a and c as used now
  assert.equal(h.references().length, 4);
  await h.runtime.removeContainer(onA);
  h.clock.advance(3 * minute);

  h.disk = { capacityBytes, availableBytes: 1500 }; // 500 bytes to free: b, never used, goes first
  await h.gc.garbageCollect();
  assert.deepEqual(h.references(), ['example.com/a:1', 'example.com/a:latest', 'example.com/c:1']);
  assert.equal(existsSync(h.unpacker.rootOf(b)), false);
  assert.equal(h.store.hasBlob(b), false);
  assert.deepEqual(h.recorder.events, []);

  h.disk = { capacityBytes, availableBytes: 0 }; // 2000 to free: a goes (every reference), c is in use
  await assert.rejects(h.gc.garbageCollect(), (e: unknown) => e instanceof ImageGcError && /Attempted to free 2000 bytes, but only found 1\d{3} bytes eligible to free\.$/.test(e.message));
  assert.deepEqual(h.references(), ['example.com/c:1']);
  assert.equal(existsSync(h.unpacker.rootOf(a)), false);
  assert.equal(existsSync(h.unpacker.rootOf(c)), true);
  const blob = async (text: string): Promise<boolean> => h.store.hasBlob((await h.store.putBuffer(Buffer.from(text))).digest);
  assert.deepEqual([h.store.hasBlob(a), h.store.hasBlob(c), await blob('base'), await blob('c-only')], [false, true, true, true]);
  assert.equal(h.recorder.records.length, 1);
  assert.deepEqual(h.recorder.records[0]?.obj, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', uid: 'node-a' } });
  assert.match(h.recorder.events[0] ?? '', /^Warning FreeDiskSpaceFailed Failed to garbage collect required amount of images\. Attempted to free 2000 bytes, but only found 1\d{3} bytes eligible to free\.$/);
}));

test('removeImage() deletes every reference to the manifest and the blobs no other image needs', () => withGc(async (h) => {
  const a = await h.addImage(['example.com/a:1'], ['shared', 'a-only']);
  await h.addImage(['example.com/b:1'], ['shared']);
  const digestOf = async (text: string): Promise<string> => (await h.store.putBuffer(Buffer.from(text))).digest;
  const [shared, aOnly] = [await digestOf('shared'), await digestOf('a-only')];
  assert.deepEqual(h.store.removeImage(a), ['example.com/a:1']);
  assert.deepEqual([h.store.hasBlob(shared), h.store.hasBlob(aOnly)], [true, false]);
  assert.deepEqual(h.references(), ['example.com/b:1']);
}));

test('start() keeps young and pinned images; a failure is FreeDiskSpaceFailed, the second in a row also ImageGCFailed', async () => {
  let pinned = new Set<string>();
  await withGc(async (h) => {
    const a = await h.addImage(['example.com/pinned:1'], ['a']);
    await h.addImage(['example.com/young:1'], ['b']);
    pinned = new Set([a]);
    h.disk = { capacityBytes, availableBytes: 0 };
    h.gc.start();
    await h.gc.idle();
    assert.deepEqual(h.recorder.events.map((e) => e.split(' ').slice(0, 2).join(' ')), ['Warning FreeDiskSpaceFailed']);
    assert.equal(h.references().length, 2, 'first seen now: younger than the minimum age');

    h.clock.advance(imageGcPeriodMs);
    await h.gc.idle();
    assert.deepEqual(h.references(), ['example.com/pinned:1']);
    const failed = 'Failed to garbage collect required amount of images. Attempted to free 2000 bytes, but only found ';
    assert.equal(h.recorder.events.length, 3);
    assert.ok(h.recorder.events[1]?.startsWith(`Warning FreeDiskSpaceFailed ${failed}`));
    assert.ok(h.recorder.events[2]?.startsWith(`Warning ImageGCFailed ${failed}`), h.recorder.events[2]);

    h.disk = { capacityBytes, availableBytes: capacityBytes };
    h.clock.advance(imageGcPeriodMs);
    await h.gc.idle();
    h.disk = { capacityBytes, availableBytes: 0 };
    h.clock.advance(imageGcPeriodMs);
    await h.gc.idle();
    assert.equal(h.recorder.events.length, 4, 'a success in between: the next failure is a first one again');
  }, { pinned: () => pinned });
});

test('start() does nothing periodically with the high threshold at 100', () => withGc(async (h) => {
  await h.addImage(['example.com/a:1'], ['a']);
  h.disk = { capacityBytes, availableBytes: 0 };
  h.gc.start();
  h.clock.advance(3 * imageGcPeriodMs);
  await h.gc.idle();
  assert.deepEqual([h.references(), h.recorder.events], [['example.com/a:1'], []]);
}, { policy: { highThresholdPercent: 100 } }));

test('deleteUnusedImages() deletes every unused image past the minimum age, whatever the disk; not one markUsed() handed out, nor while a pull runs', () => withGc(async (h) => {
  const a = await h.addImage(['example.com/a:1'], ['a']);
  await h.addImage(['example.com/b:1'], ['b']);
  const c = await h.addImage(['example.com/c:1'], ['c']);
  await h.run(c);
  assert.equal(await h.gc.deleteUnusedImages(), 0, 'every image was first seen now');
  h.clock.advance(2 * minute);
  h.pulling = true;
  assert.equal(await h.gc.deleteUnusedImages(), 0);
  assert.equal(h.references().length, 3);
  h.pulling = false;
  h.gc.markUsed(a);
  const freed = await h.gc.deleteUnusedImages();
  assert.deepEqual(h.references(), ['example.com/a:1', 'example.com/c:1'], 'a was just handed to a container, c runs');
  assert.ok(freed > rootBytes, `freed ${freed}`);
  h.clock.advance(2 * minute);
  await h.gc.deleteUnusedImages();
  assert.deepEqual(h.references(), ['example.com/c:1'], 'the minimum age after the hand-out, a is unused');
  assert.deepEqual(h.recorder.events, []);
}));

test('garbageCollect() reports a filesystem of capacity 0 as InvalidDiskCapacity', () => withGc(async (h) => {
  h.disk = { capacityBytes: 0, availableBytes: 0 };
  await assert.rejects(h.gc.garbageCollect(), /invalid capacity 0 on image filesystem/);
  assert.deepEqual(h.recorder.events, ['Warning InvalidDiskCapacity invalid capacity 0 on image filesystem']);
}));

test('ImageGcManager() refuses thresholds out of range or low above high, as upstream', () => {
  const base = { store: {} as ImageStore, unpacker: {} as ImageUnpacker, runtime: new FakeRuntime({ clock: new FakeClock() }), rootBytes: async () => 0, nodeName: 'n', recorder: new FakeEventRecorder(), clock: new FakeClock(), logger: silentLogger };
  assert.throws(() => new ImageGcManager({ ...base, policy: { highThresholdPercent: 101 } }), /invalid HighThresholdPercent 101, must be in range \[0-100\]/);
  assert.throws(() => new ImageGcManager({ ...base, policy: { lowThresholdPercent: 90 } }), /LowThresholdPercent 90 can not be higher than HighThresholdPercent 85/);
});

test('garbageCollect() with a maximum age deletes images unused that long, whatever the disk', () => withGc(async (h) => {
  const a = await h.addImage(['example.com/a:1'], ['a']);
  await h.addImage(['example.com/b:1'], ['b']);
  await h.run(a);
  h.clock.advance(10 * minute);
  await h.gc.garbageCollect();
  assert.equal(h.references().length, 2, 'the kubelet has not run for the maximum age yet');
  h.clock.advance(1);
  await h.gc.garbageCollect();
  assert.deepEqual([h.references(), h.recorder.events], [['example.com/a:1'], []]);
}, { policy: { maxAgeMs: 10 * minute } }));

test('garbageCollect() removes unpacked roots no stored image has and no container uses, and roots left half-removed', () => withGc(async (h) => {
  const old = await h.addImage(['example.com/app:latest'], ['v1']);
  const running = await h.addImage(['example.com/other:1'], ['o']);
  await h.run(running);
  const moved = await h.addImage(['example.com/app:latest'], ['v2']); // the reference moves to a new manifest: the old root is left
  const base = join(h.store.dir, 'rootfs');
  mkdirSync(`${h.unpacker.rootOf(old)}.removing-1-abcd`, { recursive: true });
  mkdirSync(`${h.unpacker.rootOf(old)}.tmp-${process.pid}-1`, { recursive: true }); // an unpack of this process, under way
  mkdirSync(`${h.unpacker.rootOf(old)}.tmp-1-1`, { recursive: true }); // an earlier process's
  await h.gc.garbageCollect();
  const hex = (d: string): string => d.slice('sha256:'.length);
  assert.deepEqual(readdirSync(base).sort(), [hex(running), hex(moved), `${hex(old)}.tmp-${process.pid}-1`].sort());
  await h.runtime.removeContainer((await h.runtime.listContainers())[0]?.id ?? '');
  h.store.removeImage(running); // as if a removal stopped before its root went
  await h.gc.garbageCollect();
  assert.deepEqual(readdirSync(base).sort(), [hex(moved), `${hex(old)}.tmp-${process.pid}-1`].sort());
}));
