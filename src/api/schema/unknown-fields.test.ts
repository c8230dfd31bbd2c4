import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pruneUnknownFields, unknownFields } from './index.js';

// test/e2e/fixtures/nginx-sts.yaml, as JSON.
const seedStatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'nginx' }, annotations: { 'example.com/any': 'x' } },
  spec: {
    serviceName: 'nginx',
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        containers: [{
          name: 'nginx',
          image: 'nginx:9',
          ports: [{ name: 'web', containerPort: 80 }],
          volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' } },
        }],
      },
    },
    volumeClaimTemplates: [{
      metadata: { name: 'www' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-storage', resources: { requests: { storage: '1Gi' } } },
    }],
  },
};

test('unknownFields() finds nothing in a valid StatefulSet', () => {
  assert.deepEqual(unknownFields(seedStatefulSet, 'apps', 'v1', 'StatefulSet'), []);
});

test('unknownFields() reports paths as strict decoding does', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { anything: 'ok' }, bogusMeta: 1 },
    spec: { foo: 1, containers: [{ name: 'c', image: 'i' }, { name: 'd', image: 'i', bogus: true, ports: [{ containerPort: 1, x: 2 }] }] },
    status: {},
  };
  assert.deepEqual(unknownFields(pod, '', 'v1', 'Pod'), ['metadata.bogusMeta', 'spec.foo', 'spec.containers[1].bogus', 'spec.containers[1].ports[0].x']);
  assert.equal((pod.spec as Record<string, unknown>)['foo'], 1);
});

test('unknownFields() accepts any key in maps and anything in opaque fields', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any.key': 'v' }, binaryData: { b: 'AA==' } };
  assert.deepEqual(unknownFields(cm, '', 'v1', 'ConfigMap'), []);
  const rev = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r' }, revision: 1, data: { spec: { whatever: { deep: [1] } } } };
  assert.deepEqual(unknownFields(rev, 'apps', 'v1', 'ControllerRevision'), []);
  const managed = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', managedFields: [{ manager: 'm', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:x': {} } } }] } };
  assert.deepEqual(unknownFields(managed, '', 'v1', 'Secret'), []);
  assert.deepEqual(unknownFields({ spec: { x: 1 } }, 'example.com', 'v1', 'Widget'), []);
});

test('pruneUnknownFields() removes the unknown fields and returns their paths', () => {
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 'web', junk: 1 }], extra: true } };
  assert.deepEqual(pruneUnknownFields(svc, '', 'v1', 'Service'), ['spec.ports[0].junk', 'spec.extra']);
  assert.deepEqual(svc.spec, { ports: [{ port: 80, targetPort: 'web' }] });
});
