import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planContent, planSnapshot, type Step } from './plan.js';
import { claim, content, finalizers as f, now, snap, snapshotClass, volume, worldOf, type Objects } from './testing.js';

interface Case { name: string; objects: Objects; sync: { snapshot: string } | { content: string }; want: Step }

const none: Step = { actions: [], events: [] };
const base: Objects = { claims: [claim('data')], volumes: [volume('pv-data')], classes: [snapshotClass('local-path')] };
const readyStatus = { snapshotHandle: 'node-1:/storage/snapshots/snapcontent-uid-snap', readyToUse: true, restoreSize: 1073741824, creationTime: Date.parse(now) * 1e6 };
const dynamicContent = content('snapcontent-uid-snap', { finalizers: ['snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection'] });
const annotatedBy = (c: ReturnType<typeof content>) => ({ ...c, metadata: { ...c.metadata, annotations: { 'snapshot.storage.kubernetes.io/volumesnapshot-being-deleted': 'yes' } } });

const cases: Case[] = [
  {
    name: 'protects a new snapshot as a restore source first',
    objects: { ...base, snapshots: [snap('snap')] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateSnapshot', snapshot: snap('snap', { finalizers: [f.asSource] }) }], events: [] },
  },
  {
    name: 'writes the driver\'s default class into a snapshot naming none',
    objects: { ...base, snapshots: [snap('snap', { finalizers: [f.asSource] })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateSnapshot', snapshot: snap('snap', { finalizers: [f.asSource], cls: 'local-path' }) }], events: [] },
  },
  {
    name: 'protects the source claim while the snapshot is taken',
    objects: { ...base, snapshots: [snap('snap', { finalizers: [f.asSource], cls: 'local-path' })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateClaim', claim: claim('data', { finalizers: [f.pvc] }) }], events: [] },
  },
  {
    name: 'creates snapcontent-<uid> for a dynamic snapshot, with upstream\'s event',
    objects: { ...base, claims: [claim('data', { finalizers: [f.pvc] })], snapshots: [snap('snap', { finalizers: [f.asSource], cls: 'local-path' })] }, sync: { snapshot: 'snap' },
    want: {
      actions: [{
        kind: 'createContent',
        content: {
          apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotContent', metadata: { name: 'snapcontent-uid-snap' },
          spec: {
            volumeSnapshotRef: { kind: 'VolumeSnapshot', apiVersion: 'snapshot.storage.k8s.io/v1', namespace: 'ns', name: 'snap', uid: 'uid-snap', resourceVersion: '7' },
            deletionPolicy: 'Delete', driver: 'skiff.io/local-path', volumeSnapshotClassName: 'local-path', source: { volumeHandle: 'pv-data' }, sourceVolumeMode: 'Filesystem',
          },
        },
      }],
      events: [{ on: 'snapshot', type: 'Normal', reason: 'CreatingSnapshot', message: 'Waiting for a snapshot ns/snap to be created by the CSI driver.' }],
    },
  },
  {
    name: 'adds the bound protection once bound to a Delete content',
    objects: { ...base, contents: [dynamicContent], snapshots: [snap('snap', { finalizers: [f.asSource], cls: 'local-path' })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateSnapshot', snapshot: snap('snap', { finalizers: f.both, cls: 'local-path' }) }], events: [] },
  },
  {
    name: 'records the binding while the snapshotter works',
    objects: { ...base, contents: [dynamicContent], snapshots: [snap('snap', { finalizers: f.both, cls: 'local-path' })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateSnapshotStatus', snapshot: snap('snap', { finalizers: f.both, cls: 'local-path', status: { boundVolumeSnapshotContentName: 'snapcontent-uid-snap', readyToUse: false } }) }], events: [] },
  },
  {
    name: 'mirrors a ready content: restoreSize as a quantity, creationTime as RFC 3339, and announces it',
    objects: { ...base, contents: [{ ...dynamicContent, status: readyStatus }], snapshots: [snap('snap', { finalizers: f.both, cls: 'local-path', status: { boundVolumeSnapshotContentName: 'snapcontent-uid-snap', readyToUse: false } })] },
    sync: { snapshot: 'snap' },
    want: {
      actions: [{ kind: 'updateSnapshotStatus', snapshot: snap('snap', { finalizers: f.both, cls: 'local-path', status: { boundVolumeSnapshotContentName: 'snapcontent-uid-snap', readyToUse: true, creationTime: now, restoreSize: '1Gi' } }) }],
      events: [
        { on: 'snapshot', type: 'Normal', reason: 'SnapshotCreated', message: 'Snapshot ns/snap was successfully created by the CSI driver.' },
        { on: 'snapshot', type: 'Normal', reason: 'SnapshotReady', message: 'Snapshot ns/snap is ready to use.' },
      ],
    },
  },
  {
    name: 'releases the source claim once its snapshot is ready',
    objects: {
      ...base, claims: [claim('data', { finalizers: [f.pvc] })], contents: [{ ...dynamicContent, status: readyStatus }],
      snapshots: [snap('snap', { finalizers: f.both, cls: 'local-path', status: { boundVolumeSnapshotContentName: 'snapcontent-uid-snap', readyToUse: true, creationTime: now, restoreSize: '1Gi' } })],
    },
    sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateClaim', claim: claim('data') }], events: [] },
  },
  {
    name: 'reports a missing source claim on the snapshot',
    objects: { ...base, claims: [], snapshots: [snap('snap', { finalizers: [f.asSource], cls: 'local-path' })] }, sync: { snapshot: 'snap' },
    want: {
      actions: [{ kind: 'updateSnapshotStatus', snapshot: snap('snap', { finalizers: [f.asSource], cls: 'local-path', status: { readyToUse: false, error: { time: now, message: 'Failed to create snapshot content with error failed to get input parameters to create snapshot snap: "failed to retrieve PVC data from the lister: \\"persistentvolumeclaim \\\\\\"data\\\\\\" not found\\""' } } }) }],
      events: [{ on: 'snapshot', type: 'Warning', reason: 'SnapshotContentCreationFailed', message: 'Failed to create snapshot content with error failed to get input parameters to create snapshot snap: "failed to retrieve PVC data from the lister: \\"persistentvolumeclaim \\\\\\"data\\\\\\" not found\\""' }],
    },
  },
  {
    name: 'does not repeat an error already reported',
    objects: { ...base, claims: [claim('data', { bound: false })], snapshots: [snap('snap', { finalizers: [f.asSource], cls: 'local-path', status: { readyToUse: false, error: { time: now, message: 'Failed to create snapshot content with error failed to get input parameters to create snapshot snap: "the PVC data is not yet bound to a PV, will not attempt to take a snapshot"' } } })] },
    sync: { snapshot: 'snap' }, want: none,
  },
  {
    name: 'refuses to pick between two default classes of the driver',
    objects: { ...base, classes: [snapshotClass('a'), snapshotClass('b')], snapshots: [snap('snap', { finalizers: [f.asSource] })] }, sync: { snapshot: 'snap' },
    want: {
      actions: [{ kind: 'updateSnapshotStatus', snapshot: snap('snap', { finalizers: [f.asSource], status: { readyToUse: false, error: { time: now, message: 'Failed to create snapshot content with error 2 default snapshot classes were found' } } }) }],
      events: [{ on: 'snapshot', type: 'Warning', reason: 'SnapshotContentCreationFailed', message: 'Failed to create snapshot content with error 2 default snapshot classes were found' }],
    },
  },
  {
    name: 'reports a pre-provisioned snapshot whose content is missing',
    objects: { snapshots: [snap('snap', { finalizers: [f.asSource], content: 'pre' })] }, sync: { snapshot: 'snap' },
    want: {
      actions: [{ kind: 'updateSnapshotStatus', snapshot: snap('snap', { finalizers: [f.asSource], content: 'pre', status: { readyToUse: false, error: { time: now, message: 'VolumeSnapshotContent is missing' } } }) }],
      events: [{ on: 'snapshot', type: 'Warning', reason: 'SnapshotContentMissing', message: 'VolumeSnapshotContent is missing' }],
    },
  },
  {
    name: 'refuses a pre-provisioned content that names another snapshot',
    objects: { contents: [content('pre', { snapshot: 'other', uid: null, handle: 'n:/x' })], snapshots: [snap('snap', { finalizers: [f.asSource], content: 'pre' })] }, sync: { snapshot: 'snap' },
    want: {
      actions: [{ kind: 'updateSnapshotStatus', snapshot: snap('snap', { finalizers: [f.asSource], content: 'pre', status: { readyToUse: false, error: { time: now, message: 'VolumeSnapshotContent is not bound to the VolumeSnapshot correctly' } } }) }],
      events: [{ on: 'snapshot', type: 'Warning', reason: 'SnapshotContentMisbound', message: 'VolumeSnapshotContent is not bound to the VolumeSnapshot correctly' }],
    },
  },
  {
    name: 'binds a pre-provisioned content by writing the snapshot\'s uid into its reference',
    objects: { contents: [content('pre', { uid: null, handle: 'n:/x', policy: 'Retain' })], snapshots: [snap('snap', { finalizers: [f.asSource], content: 'pre' })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateContent', content: content('pre', { handle: 'n:/x', policy: 'Retain' }) }], events: [] },
  },
  {
    name: 'marks a Delete content for the snapshotter when its snapshot is deleted',
    objects: { contents: [dynamicContent], snapshots: [snap('snap', { finalizers: f.both, deleting: true })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateContent', content: annotatedBy(dynamicContent) }], events: [] },
  },
  {
    name: 'then deletes it',
    objects: { contents: [annotatedBy(dynamicContent)], snapshots: [snap('snap', { finalizers: f.both, deleting: true })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'deleteContent', name: 'snapcontent-uid-snap', uid: 'uid-snapcontent-uid-snap' }], events: [] },
  },
  {
    name: 'then lets the snapshot go while the content is being deleted',
    objects: { contents: [{ ...annotatedBy(dynamicContent), metadata: { ...annotatedBy(dynamicContent).metadata, deletionTimestamp: now } }], snapshots: [snap('snap', { finalizers: f.both, deleting: true })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateSnapshot', snapshot: snap('snap', { deleting: true }) }], events: [] },
  },
  {
    name: 'keeps a Retain content and lets the snapshot go',
    objects: { contents: [content('snapcontent-uid-snap', { policy: 'Retain' })], snapshots: [snap('snap', { finalizers: [f.asSource], deleting: true })] }, sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateSnapshot', snapshot: snap('snap', { deleting: true }) }], events: [] },
  },
  {
    name: 'keeps the source protection of a deleted snapshot while a claim is restored from it',
    objects: { claims: [claim('restore', { bound: false, source: 'snap' })], contents: [{ ...dynamicContent, metadata: { ...dynamicContent.metadata, deletionTimestamp: now } }], snapshots: [snap('snap', { finalizers: f.both, deleting: true })] },
    sync: { snapshot: 'snap' },
    want: { actions: [{ kind: 'updateSnapshot', snapshot: snap('snap', { finalizers: [f.asSource], deleting: true }) }], events: [] },
  },
  {
    name: 'waits, once only the source protection is left, for the restore to finish',
    objects: { claims: [claim('restore', { bound: false, source: 'snap' })], snapshots: [snap('snap', { finalizers: [f.asSource], deleting: true })] }, sync: { snapshot: 'snap' },
    want: none,
  },
  {
    name: 'content: marks a Delete content whose snapshot is gone',
    objects: { contents: [dynamicContent] }, sync: { content: 'snapcontent-uid-snap' },
    want: { actions: [{ kind: 'updateContent', content: annotatedBy(dynamicContent) }], events: [] },
  },
  {
    name: 'content: then deletes it',
    objects: { contents: [annotatedBy(dynamicContent)] }, sync: { content: 'snapcontent-uid-snap' },
    want: { actions: [{ kind: 'deleteContent', name: 'snapcontent-uid-snap', uid: 'uid-snapcontent-uid-snap' }], events: [] },
  },
  {
    name: 'content: keeps a Retain content whose snapshot is gone',
    objects: { contents: [content('c', { policy: 'Retain' })] }, sync: { content: 'c' }, want: none,
  },
  {
    name: 'content: marks a Retain content being deleted so the snapshotter lets it go (keeping the data)',
    objects: { contents: [content('c', { policy: 'Retain', deleting: true })] }, sync: { content: 'c' },
    want: { actions: [{ kind: 'updateContent', content: content('c', { policy: 'Retain', deleting: true, annotated: true }) }], events: [] },
  },
  {
    name: 'content: leaves a content bound to a live snapshot alone',
    objects: { contents: [dynamicContent], snapshots: [snap('snap', { finalizers: f.both })] }, sync: { content: 'snapcontent-uid-snap' }, want: none,
  },
  {
    name: 'content: leaves an unbound pre-provisioned content for its snapshot to bind',
    objects: { contents: [content('pre', { uid: null, handle: 'n:/x' })] }, sync: { content: 'pre' }, want: none,
  },
];

for (const c of cases) {
  test(`plan${'snapshot' in c.sync ? 'Snapshot' : 'Content'}() ${c.name}`, () => {
    const w = worldOf(c.objects);
    const got = 'snapshot' in c.sync ? planSnapshot(w, w.snapshot('ns', c.sync.snapshot)!) : planContent(w, w.content(c.sync.content)!);
    assert.deepEqual(got, c.want);
  });
}

/** Invariant: replaying the planned writes converges — the dynamic flow reaches a ready snapshot in a few steps. */
test('planSnapshot() converges: from a new snapshot to a bound, ready one in a bounded number of steps', () => {
  const o: Required<Objects> = { ...base, claims: [claim('data')], snapshots: [snap('snap')], contents: [], volumes: base.volumes!, classes: base.classes! };
  for (let i = 0; i < 12; i++) {
    const w = worldOf(o);
    const step = planSnapshot(w, o.snapshots[0]!);
    if (step.actions.length === 0) break;
    for (const a of step.actions) {
      switch (a.kind) {
        case 'updateSnapshot': case 'updateSnapshotStatus': o.snapshots = [a.snapshot]; break;
        case 'updateClaim': o.claims = [a.claim]; break;
        case 'createContent': o.contents = [{ ...a.content, metadata: { ...a.content.metadata, uid: 'c' }, status: readyStatus }]; break;
        default: assert.fail(`unexpected ${a.kind}`);
      }
    }
  }
  assert.equal(planSnapshot(worldOf(o), o.snapshots[0]!).actions.length, 0);
  assert.equal(o.snapshots[0]!.status?.readyToUse, true);
  assert.deepEqual(o.snapshots[0]!.metadata.finalizers, f.both);
  assert.equal(o.claims[0]!.metadata?.finalizers, undefined, 'the source claim is released');
});
