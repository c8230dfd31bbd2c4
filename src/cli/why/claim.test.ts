import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainClaim } from './claim.js';
import { event, node, pod, pv, pvc, sc, state, usingClaim } from './testing.js';

const wffc = sc('local-path', { mode: 'WaitForFirstConsumer', isDefault: true });

const cases: { name: string; claim: ReturnType<typeof pvc>; state: ReturnType<typeof state>; want: string[] }[] = [
  {
    name: 'says a Bound claim has nothing pending',
    claim: { ...pvc('data', { volumeName: 'pv-1', phase: 'Bound' }), status: { phase: 'Bound', capacity: { storage: '2Gi' } } },
    state: state({ pods: [pod('user', { ...usingClaim('data'), nodeName: 'node-1' }, { phase: 'Running' })] }),
    want: ['pvc/data is Bound to pv/pv-1 (2Gi); nothing is pending', '  Used by: pod/user (Running on node-1)'],
  },
  {
    name: 'waits for a first consumer in a WaitForFirstConsumer class',
    claim: pvc('lonely'),
    state: state({ classes: [wffc], events: [event('PersistentVolumeClaim', 'lonely', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', { type: 'Normal', source: 'persistentvolume-controller' })] }),
    want: [
      'pvc/lonely is Pending',
      '  StorageClass "local-path" (default): provisioner skiff.io/local-path, volumeBindingMode WaitForFirstConsumer',
      '  Waiting for a first consumer: no pod uses this claim; it is bound when a pod using it is scheduled',
      '  PersistentVolumes: none exist',
      '  Events:',
      '    Normal  WaitForFirstConsumer  5s  persistentvolume-controller  waiting for first consumer to be created before binding',
    ],
  },
  {
    name: 'names the consumers the scheduler has not placed yet',
    claim: pvc('www'),
    state: state({ classes: [wffc], pods: [pod('web-0', usingClaim('www'))] }),
    want: [
      'pvc/www is Pending',
      '  StorageClass "local-path" (default): provisioner skiff.io/local-path, volumeBindingMode WaitForFirstConsumer',
      '  Waiting for pod web-0 to be scheduled (see kubectl skiff why pod/web-0)',
      '  PersistentVolumes: none exist',
      '  Used by: pod/web-0 (Pending)',
    ],
  },
  {
    name: 'waits for the provisioner on the selected node',
    claim: pvc('www', { annotations: { 'volume.kubernetes.io/selected-node': 'node-1', 'volume.kubernetes.io/storage-provisioner': 'skiff.io/local-path' } }),
    state: state({ classes: [wffc], nodes: [node('node-1')], volumes: [pv('elsewhere', { cls: 'local-path', node: 'node-2' })] }),
    want: [
      'pvc/www is Pending',
      '  StorageClass "local-path" (default): provisioner skiff.io/local-path, volumeBindingMode WaitForFirstConsumer',
      '  Selected node: node-1 (the scheduler chose it; the volume is provisioned for that node)',
      '  Waiting for provisioner skiff.io/local-path to create the volume (annotation volume.kubernetes.io/storage-provisioner)',
      '  PersistentVolumes: none of 1 fits',
      '    pv/elsewhere: node affinity excludes node node-1',
    ],
  },
  {
    name: 'lists why no PersistentVolume fits a claim without a class',
    claim: pvc('static', { cls: '', size: '5Gi', modes: ['ReadWriteMany'] }),
    state: state({
      classes: [wffc],
      volumes: [pv('small', { size: '1Gi', modes: ['ReadWriteMany'] }), pv('rwo', { size: '10Gi' }), pv('manual', { cls: 'manual', size: '10Gi' }), pv('taken', { size: '10Gi', claim: 'other' }), pv('old', { size: '10Gi', phase: 'Released' })],
      events: [event('PersistentVolumeClaim', 'static', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', { type: 'Normal', count: 4, firstAgo: 60, lastAgo: 1, source: 'persistentvolume-controller' })],
    }),
    want: [
      'pvc/static is Pending',
      '  No storage class (storageClassName ""): only a PV without a class can bind it; nothing provisions one',
      '  PersistentVolumes: none of 5 fits',
      '    pv/old: phase is Released, not Available',
      '    pv/rwo: access modes [ReadWriteOnce] lack ReadWriteMany',
      '    pv/small: capacity 1Gi is less than the requested 5Gi',
      '    pv/taken: already bound to default/other',
      '    pv/manual: storageClassName "manual" does not match the claim\'s ""',
      '  Events:',
      '    Normal  FailedBinding  1s (x4 over 60s)  persistentvolume-controller  no persistent volumes available for this claim and no storage class is set',
    ],
  },
  {
    name: 'says a claim with a selector waits for a PV with those labels',
    claim: pvc('picky', { cls: 'manual', selector: { tier: 'gold' } }),
    state: state({ volumes: [pv('silver', { cls: 'manual', labels: { tier: 'silver' } }), pv('gold', { cls: 'manual', labels: { tier: 'gold' }, size: '2Gi' })] }),
    want: [
      'pvc/picky is Pending',
      '  StorageClass "manual" not found: nothing provisions a volume; only a PV with storageClassName "manual" can bind it',
      '  Selector tier=gold: a claim with a selector is never provisioned; it waits for a matching PV',
      '  PersistentVolumes: 1 of 2 fit',
      '    pv/gold: fits',
      '    pv/silver: labels do not match the claim\'s selector',
    ],
  },
  {
    name: 'explains a claim with no class in a cluster without a default class',
    claim: pvc('plain', { cls: null }),
    state: state({ classes: [sc('slow')] }),
    want: ['pvc/plain is Pending', '  No storage class and no default StorageClass: only a PV without a class can bind it; nothing provisions one', '  PersistentVolumes: none exist'],
  },
  {
    name: 'checks the volume a claim names',
    claim: pvc('pre', { cls: '', size: '5Gi', volumeName: 'tiny' }),
    state: state({ volumes: [pv('tiny', { size: '1Gi' })] }),
    want: ['pvc/pre is Pending', '  No storage class (storageClassName ""): only a PV without a class can bind it; nothing provisions one', '  Requests pv/tiny, which does not fit: requested PV is too small'],
  },
  {
    name: 'says a Lost claim lost its volume',
    claim: pvc('lost', { volumeName: 'gone', phase: 'Lost' }),
    state: state(),
    want: ['pvc/lost is Lost', '  pv/gone no longer exists: the data on it is lost; the claim never binds another volume'],
  },
  {
    name: 'waits for the provisioner of an Immediate class and reports a clone source that is missing',
    claim: { ...pvc('copy', { cls: 'fast', annotations: { 'volume.kubernetes.io/storage-provisioner': 'example.com/fast' } }), spec: { ...pvc('copy', { cls: 'fast' }).spec, dataSource: { kind: 'PersistentVolumeClaim', name: 'origin' } } },
    state: state({ classes: [sc('fast', { provisioner: 'example.com/fast' })] }),
    want: [
      'pvc/copy is Pending',
      '  StorageClass "fast": provisioner example.com/fast, volumeBindingMode Immediate',
      '  Waiting for provisioner example.com/fast to create the volume (annotation volume.kubernetes.io/storage-provisioner)',
      '  Data source pvc/origin not found: the volume cannot be cloned from it',
      '  PersistentVolumes: none exist',
    ],
  },
];

for (const c of cases) test(`explainClaim() ${c.name}`, () => assert.deepEqual(explainClaim(c.claim, c.state), c.want));

test('explainClaim() says what the credentials could not read instead of concluding from nothing', () => {
  assert.deepEqual(explainClaim(pvc('data'), state({ unreadable: ['storageclasses', 'persistentvolumes'] })), [
    'pvc/data is Pending',
    '  StorageClass "local-path": not readable with these credentials (forbidden)',
    '  PersistentVolumes: not readable with these credentials (forbidden)',
  ]);
});
