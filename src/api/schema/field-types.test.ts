import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldTypeError } from './field-types.js';

test('fieldTypeError() accepts well-typed objects, nulls, quantities as numbers and int-or-strings', () => {
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels: { a: 'b' } }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } }, template: { spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: 1, memory: '1Gi' } } }] } } }, status: null };
  assert.equal(fieldTypeError(dep, 'apps', 'v1', 'Deployment'), undefined);
  assert.equal(fieldTypeError({ unknownField: [1] }, 'apps', 'v1', 'Deployment'), undefined);
  assert.equal(fieldTypeError({ anything: 1 }, 'nope', 'v1', 'Nope'), undefined);
  // int64 past 2^53: a nanosecond timestamp.
  assert.equal(fieldTypeError({ status: { creationTime: 1796648059762000000, restoreSize: 67108864 } }, 'snapshot.storage.k8s.io', 'v1', 'VolumeSnapshotContent'), undefined);
  assert.equal(fieldTypeError({ status: { creationTime: 1.5 } }, 'snapshot.storage.k8s.io', 'v1', 'VolumeSnapshotContent'),
    'json: cannot unmarshal number 1.5 into Go struct field VolumeSnapshotContent.status.creationTime of type int64');
});

test('fieldTypeError() words a mismatch as upstream\'s decoder does', () => {
  const cases: [unknown, string, string, string, string][] = [
    [{ spec: { replicas: 'many' } }, 'apps', 'v1', 'Deployment', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [{ spec: { replicas: 1.5 } }, 'apps', 'v1', 'Deployment', 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [{ status: [1, 2] }, 'apps', 'v1', 'Deployment', 'json: cannot unmarshal array into Go struct field Deployment.status of type v1.DeploymentStatus'],
    [{ data: { a: { b: 1 } } }, '', 'v1', 'ConfigMap', 'json: cannot unmarshal object into Go struct field ConfigMap.data.a of type string'],
    [{ data: [1] }, '', 'v1', 'ConfigMap', 'json: cannot unmarshal array into Go struct field ConfigMap.data of type map[string]string'],
    [{ metadata: { labels: { a: true } } }, '', 'v1', 'ConfigMap', 'json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels.a of type string'],
    [{ spec: { containers: [{ name: 5 }] } }, '', 'v1', 'Pod', 'json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string'],
    [[], '', 'v1', 'Pod', 'json: cannot unmarshal array into Go value of type v1.Pod'],
  ];
  for (const [obj, g, v, k, want] of cases) assert.equal(fieldTypeError(obj, g, v, k), want);
});
