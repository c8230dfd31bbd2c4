import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionName, definitions, getDefinition, reachableDefinitions, resolve } from './index.js';

test('definitionName() maps served GVKs to upstream definition names', () => {
  assert.deepEqual(
    [
      definitionName('', 'v1', 'Pod'),
      definitionName('apps', 'v1', 'StatefulSet'),
      definitionName('', 'v1', 'Event'),
      definitionName('events.k8s.io', 'v1', 'Event'),
      definitionName('autoscaling', 'v1', 'Scale'),
      definitionName('autoscaling', 'v2', 'HorizontalPodAutoscaler'),
      definitionName('apps', 'v1', 'DeploymentList'),
      definitionName('', 'v1', 'Status'),
      definitionName('apps', 'v1', 'DeleteOptions'),
      definitionName('policy', 'v1', 'Eviction'),
      definitionName('authentication.k8s.io', 'v1', 'TokenRequest'),
      definitionName('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview'),
      definitionName('apps', 'v1', 'Nope'),
    ],
    [
      'io.k8s.api.core.v1.Pod',
      'io.k8s.api.apps.v1.StatefulSet',
      'io.k8s.api.core.v1.Event',
      'io.k8s.api.events.v1.Event',
      'io.k8s.api.autoscaling.v1.Scale',
      'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
      'io.k8s.api.apps.v1.DeploymentList',
      'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
      'io.k8s.api.policy.v1.Eviction',
      'io.k8s.api.authentication.v1.TokenRequest',
      'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
      undefined,
    ],
  );
});

test('every served kind in the brief has a definition carrying its GVK', () => {
  const served: [string, string, string][] = [
    ...['Namespace', 'Node', 'Pod', 'Service', 'Endpoints', 'PersistentVolume', 'PersistentVolumeClaim', 'ConfigMap', 'Secret', 'ServiceAccount', 'Event', 'ReplicationController'].map((k): [string, string, string] => ['', 'v1', k]),
    ...['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet', 'ControllerRevision'].map((k): [string, string, string] => ['apps', 'v1', k]),
    ['batch', 'v1', 'Job'], ['batch', 'v1', 'CronJob'],
    ['autoscaling', 'v1', 'HorizontalPodAutoscaler'], ['autoscaling', 'v2', 'HorizontalPodAutoscaler'],
    ['storage.k8s.io', 'v1', 'StorageClass'], ['coordination.k8s.io', 'v1', 'Lease'], ['discovery.k8s.io', 'v1', 'EndpointSlice'],
    ...['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map((k): [string, string, string] => ['rbac.authorization.k8s.io', 'v1', k]),
  ];
  const missing = served.filter(([g, v, k]) => {
    const name = definitionName(g, v, k);
    const gvks = name === undefined ? [] : getDefinition(name)?.['x-kubernetes-group-version-kind'] ?? [];
    return !gvks.some((x) => x.group === g && x.version === v && x.kind === k);
  });
  assert.deepEqual(missing, []);
});

test('getDefinition() carries descriptions, required fields and upstream scalar types', () => {
  const container = getDefinition('io.k8s.api.core.v1.Container');
  assert.equal(container?.required?.includes('name'), true);
  assert.match(container?.description ?? '', /container/i);
  assert.match(container?.properties?.['image']?.description ?? '', /image/i);
  const limits = getDefinition('io.k8s.api.core.v1.ResourceRequirements')?.properties?.['limits'];
  assert.deepEqual(resolve(limits?.additionalProperties)?.type, 'string');
  assert.equal(limits?.additionalProperties?.$ref, '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity');
  const port = getDefinition('io.k8s.api.core.v1.ServicePort')?.properties?.['targetPort'];
  assert.deepEqual([resolve(port)?.type, resolve(port)?.format], ['string', 'int-or-string']);
  const created = getDefinition('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')?.properties?.['creationTimestamp'];
  assert.deepEqual([resolve(created)?.type, resolve(created)?.format], ['string', 'date-time']);
  assert.deepEqual(getDefinition('io.k8s.api.core.v1.Secret')?.properties?.['data']?.additionalProperties, { type: 'string', format: 'byte' });
});

test('reachableDefinitions() follows refs transitively and every ref resolves', () => {
  const names = reachableDefinitions(['io.k8s.api.apps.v1.StatefulSet']);
  assert.equal(names.has('io.k8s.api.core.v1.Container'), true);
  assert.equal(names.has('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), true);
  assert.equal(names.has('io.k8s.api.batch.v1.Job'), false);
  const dangling = [...reachableDefinitions(Object.keys(definitions))].filter((n) => getDefinition(n) === undefined);
  assert.deepEqual(dangling, []);
});
