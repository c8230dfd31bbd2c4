import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultImageGcPolicy, freeDiskSpaceFailedMessage, imageFsUsage, imagesToFree, oldImages, type ImageFacts, type ImageGcPolicy } from './gc-plan.js';

const minute = 60_000;
const now = 100 * minute;

/** An image whose blobs are `<name>-manifest` (10 bytes) plus the layers given (name, size); first seen an hour ago. */
const image = (id: string, o: { layers?: [string, number][]; root?: number; first?: number; used?: number; inUse?: boolean; pinned?: boolean } = {}): ImageFacts => ({
  id, blobs: [{ digest: `${id}-manifest`, size: 10 }, ...(o.layers ?? []).map(([digest, size]) => ({ digest, size }))],
  rootBytes: o.root ?? 0, firstDetectedMs: o.first ?? now - 60 * minute, lastUsedMs: o.used ?? 0, inUse: o.inUse ?? false, pinned: o.pinned ?? false,
});

interface FreeCase {
  name: string;
  images: ImageFacts[];
  bytesToFree: number;
  policy?: Partial<ImageGcPolicy>;
  want: { deletions: [string, number][]; bytesFreed: number };
}

const freeCases: FreeCase[] = [
  {
    name: 'deletes least recently used first, ties by first detection, until enough is freed',
    images: [
      image('recent', { layers: [['l-recent', 1000]], used: now - 5 * minute }),
      image('never-late', { layers: [['l-late', 1000]], first: now - 10 * minute }),
      image('never-early', { layers: [['l-early', 1000]], first: now - 50 * minute }),
    ],
    bytesToFree: 1500,
    want: { deletions: [['never-early', 1010], ['never-late', 1010]], bytesFreed: 2020 },
  },
  {
    name: 'keeps images containers use and pinned images, whatever their age',
    images: [image('used', { layers: [['a', 500]], inUse: true }), image('pinned', { layers: [['b', 500]], pinned: true }), image('free', { layers: [['c', 500]], used: now - 30 * minute })],
    bytesToFree: 10_000,
    want: { deletions: [['free', 510]], bytesFreed: 510 },
  },
  {
    name: 'keeps images first seen less than the minimum age ago (they may have just been pulled)',
    images: [image('fresh', { layers: [['a', 500]], first: now - 1 * minute }), image('old', { layers: [['b', 500]], first: now - 2 * minute })],
    bytesToFree: 10_000,
    want: { deletions: [['old', 510]], bytesFreed: 510 },
  },
  {
    name: 'a minimum age of 0 lets a just-seen image go',
    images: [image('fresh', { layers: [['a', 500]], first: now })],
    bytesToFree: 1,
    policy: { minAgeMs: 0 },
    want: { deletions: [['fresh', 510]], bytesFreed: 510 },
  },
  {
    name: 'a layer another image keeps is not freed; it is with the last image needing it',
    images: [
      image('user', { layers: [['base', 5000], ['app', 100]], inUse: true }),
      image('old-a', { layers: [['shared', 3000], ['a', 100]], used: now - 30 * minute }),
      image('old-b', { layers: [['shared', 3000], ['b', 100]], used: now - 20 * minute }),
      image('old-c', { layers: [['base', 5000], ['c', 100]], used: now - 10 * minute }),
    ],
    bytesToFree: Infinity,
    want: { deletions: [['old-a', 110], ['old-b', 3110], ['old-c', 110]], bytesFreed: 3330 },
  },
  {
    name: 'the unpacked root counts as freed with the image',
    images: [image('unpacked', { layers: [['a', 1000]], root: 4000 })],
    bytesToFree: 4500,
    want: { deletions: [['unpacked', 5010]], bytesFreed: 5010 },
  },
  {
    name: 'a layer listed twice in one image is counted once',
    images: [image('twice', { layers: [['a', 1000], ['a', 1000]] })],
    bytesToFree: 1,
    want: { deletions: [['twice', 1010]], bytesFreed: 1010 },
  },
  {
    name: 'frees what it can when not enough is eligible (the caller reports the shortfall)',
    images: [image('only', { layers: [['a', 100]] }), image('busy', { layers: [['b', 100_000]], inUse: true })],
    bytesToFree: 50_000,
    want: { deletions: [['only', 110]], bytesFreed: 110 },
  },
  {
    name: 'nothing to free, nothing deleted',
    images: [image('a', { layers: [['a', 100]] })],
    bytesToFree: 0,
    want: { deletions: [], bytesFreed: 0 },
  },
];

for (const c of freeCases) {
  test(`imagesToFree() ${c.name}`, () => {
    const plan = imagesToFree(c.images, { policy: { ...defaultImageGcPolicy, ...c.policy }, nowMs: now, bytesToFree: c.bytesToFree });
    assert.deepEqual({ deletions: plan.deletions.map((d) => [d.id, d.bytesFreed]), bytesFreed: plan.bytesFreed }, c.want);
  });
}

const usageCases: { name: string; capacity: number; available: number; policy?: Partial<ImageGcPolicy>; want: ReturnType<typeof imageFsUsage> }[] = [
  { name: 'under the high threshold: nothing to free', capacity: 1000, available: 160, want: { kind: 'measured', usagePercent: 84, bytesToFree: 0 } },
  { name: 'at the high threshold: down to the low one', capacity: 1000, available: 150, want: { kind: 'measured', usagePercent: 85, bytesToFree: 50 } },
  { name: 'whole percent as upstream (84.9 % used is 85)', capacity: 1000, available: 151, want: { kind: 'measured', usagePercent: 85, bytesToFree: 49 } },
  { name: 'a full disk', capacity: 1000, available: 0, want: { kind: 'measured', usagePercent: 100, bytesToFree: 200 } },
  { name: 'available above capacity counts as capacity', capacity: 1000, available: 5000, want: { kind: 'measured', usagePercent: 0, bytesToFree: 0 } },
  { name: 'custom thresholds', capacity: 1000, available: 400, policy: { highThresholdPercent: 60, lowThresholdPercent: 40 }, want: { kind: 'measured', usagePercent: 60, bytesToFree: 200 } },
  { name: 'a high threshold of 100 acts only on a full disk', capacity: 1000, available: 1, policy: { highThresholdPercent: 100 }, want: { kind: 'measured', usagePercent: 100, bytesToFree: 199 } },
  { name: 'capacity 0 is invalid', capacity: 0, available: 0, want: { kind: 'invalidCapacity' } },
];

for (const c of usageCases) {
  test(`imageFsUsage() ${c.name}`, () => {
    assert.deepEqual(imageFsUsage({ capacityBytes: c.capacity, availableBytes: c.available }, { ...defaultImageGcPolicy, ...c.policy }), c.want);
  });
}

test('oldImages() takes unused images not used for longer than the maximum age, once the kubelet ran that long', () => {
  const images = [
    image('stale', { used: now - 90 * minute }),
    image('never', { first: now - 5 * minute }),
    image('recent', { used: now - 10 * minute }),
    image('stale-but-used', { used: now - 90 * minute, inUse: true }),
    image('stale-but-pinned', { used: now - 90 * minute, pinned: true }),
  ];
  const policy = { ...defaultImageGcPolicy, maxAgeMs: 60 * minute };
  assert.deepEqual(oldImages(images, { policy, nowMs: now, beganGcMs: 0 }).map((i) => i.id), ['never', 'stale']);
  assert.deepEqual(oldImages(images, { policy, nowMs: now, beganGcMs: now - 60 * minute }), [], 'the kubelet has not run for the maximum age');
  assert.deepEqual(oldImages(images, { policy: defaultImageGcPolicy, nowMs: now, beganGcMs: 0 }), [], 'a maximum age of 0 is off');
});

test('freeDiskSpaceFailedMessage() has upstream\'s wording', () => {
  assert.equal(freeDiskSpaceFailedMessage(52428800, 1024), 'Failed to garbage collect required amount of images. Attempted to free 52428800 bytes, but only found 1024 bytes eligible to free.');
});
