import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, printerFor } from './index.js';

const now = new Date('2024-06-01T00:00:00Z');
const ago = (s: number): string => new Date(now.getTime() - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('humanDuration() matches upstream boundaries', () => {
  const rows: [number, string][] = [[95, '95s'], [303, '5m3s'], [300, '5m'], [179 * 60, '179m'], [3 * 3600 + 31 * 60, '3h31m'], [47 * 3600, '47h'], [(3 * 24 + 4) * 3600, '3d4h'], [21 * 86400, '21d'], [400 * 86400, '400d'], [(2 * 365 + 3) * 86400, '2y3d'], [-5, '<invalid>'], [-0.5, '0s']];
  for (const [s, want] of rows) assert.equal(humanDuration(s * 1000), want, `${s}s`);
});

test('printerFor(PersistentVolume) prints seed 000 local-pv1 with upstream cells', () => {
  const pv = { metadata: { name: 'local-pv1', creationTimestamp: ago(13) }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'local-storage', volumeMode: 'Filesystem' }, status: { phase: 'Available' } };
  assert.deepEqual(printerFor('', 'PersistentVolume').cells(pv, now), ['local-pv1', '1Gi', 'RWO', 'Retain', 'Available', '', 'local-storage', '<unset>', '', '13s', 'Filesystem']);
});

test('printerFor(Pod) computes STATUS, READY and RESTARTS like upstream', () => {
  const p = printerFor('', 'Pod');
  const base = { metadata: { name: 'web-0', creationTimestamp: ago(60) }, spec: { containers: [{ name: 'c' }], nodeName: 'n1' } };
  const crash = { ...base, status: { phase: 'Running', podIPs: [{ ip: '10.42.0.5' }], containerStatuses: [{ name: 'c', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(130) } } }] } };
  assert.deepEqual(p.cells(crash, now), ['web-0', '0/1', 'CrashLoopBackOff', '3 (2m10s ago)', '60s', '10.42.0.5', 'n1', '<none>', '<none>']);
  const running = { ...base, status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] } };
  assert.deepEqual(p.cells(running, now).slice(0, 4), ['web-0', '1/1', 'Running', '0']);
  const init = { metadata: base.metadata, spec: { ...base.spec, initContainers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Pending', initContainerStatuses: [{ name: 'a', state: { waiting: { reason: 'PodInitializing' } } }, { name: 'b', state: { waiting: {} } }] } };
  assert.equal(p.cells(init, now)[2], 'Init:0/2');
  const deleting = { ...running, metadata: { ...base.metadata, deletionTimestamp: ago(1) } };
  assert.equal(p.cells(deleting, now)[2], 'Terminating');
});

test('printerFor(Service/StorageClass/Endpoints) formats headless IPs, node ports, default classes and truncation', () => {
  const svc = { metadata: { name: 'nginx', creationTimestamp: ago(48) }, spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'nginx' } } };
  assert.deepEqual(printerFor('', 'Service').cells(svc, now), ['nginx', 'ClusterIP', 'None', '<none>', '80/TCP', '48s', 'app=nginx']);
  const np = { metadata: { name: 'np' }, spec: { type: 'NodePort', clusterIP: '10.43.0.9', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } };
  assert.equal(printerFor('', 'Service').cells(np, now)[4], '80:30080/TCP');
  const sc = { metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'skiff.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true };
  assert.deepEqual(printerFor('storage.k8s.io', 'StorageClass').cells(sc, now).slice(0, 5), ['local-path (default)', 'skiff.io/local-path', 'Delete', 'WaitForFirstConsumer', true]);
  const ep = { metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '1.1.1.1' }, { ip: '2.2.2.2' }, { ip: '3.3.3.3' }, { ip: '4.4.4.4' }], ports: [{ port: 80 }] }] };
  assert.equal(printerFor('', 'Endpoints').cells(ep, now)[1], '1.1.1.1:80,2.2.2.2:80,3.3.3.3:80 + 1 more...');
  assert.deepEqual(printerFor('apps', 'ControllerRevision').cells({ metadata: { name: 'web-abc', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', controller: true }] }, revision: 2 }, now).slice(0, 3), ['web-abc', 'statefulset.apps/web', 2]);
});
