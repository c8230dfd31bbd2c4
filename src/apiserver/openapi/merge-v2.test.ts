// Unit tests for merging extension servers' swagger 2.0 documents into the served one (kube-aggregator's rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeOpenApiV2, type RemoteOpenApiV2 } from './merge-v2.js';

const ref = (n: string): { $ref: string } => ({ $ref: `#/definitions/${n}` });
const gvk = (kind: string): { group: string; version: string; kind: string } => ({ group: 'metrics.k8s.io', version: 'v1beta1', kind });
const base = {
  swagger: '2.0',
  paths: { '/api/v1/pods': { get: { responses: { 200: { schema: ref('io.k8s.api.core.v1.PodList') } } } } },
  definitions: {
    'io.k8s.api.core.v1.PodList': { type: 'object', properties: { metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta') } },
    'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta': { type: 'object', properties: { continue: { type: 'string' } } },
    'io.k8s.apimachinery.pkg.apis.meta.v1.Status': { type: 'object', properties: { code: { type: 'integer' } }, 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }] },
  },
};
const remote = (spec: unknown): RemoteOpenApiV2 => ({ name: 'v1beta1.metrics.k8s.io', group: 'metrics.k8s.io', version: 'v1beta1', spec, hash: 'h' });

test('mergeOpenApiV2() adds only the remote group-version\'s paths and the definitions they reach', () => {
  const spec = {
    paths: {
      '/apis/metrics.k8s.io/v1beta1/pods': { get: { responses: { 200: { schema: ref('io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetricsList') } } } },
      '/api/v1/pods': { get: { responses: { 200: { schema: ref('io.k8s.api.core.v1.Other') } } } },
      '/apis/other.io/v1/things': { get: {} },
      '/version/': { get: {} },
    },
    definitions: {
      'io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetricsList': { type: 'object', properties: { items: { type: 'array', items: ref('io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics') } } },
      'io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics': { type: 'object', 'x-kubernetes-group-version-kind': [gvk('PodMetrics')] },
      'io.k8s.api.core.v1.Other': { type: 'string' },
    },
  };
  const merged = mergeOpenApiV2(base, [remote(spec)]);
  assert.deepEqual(Object.keys(merged['paths'] as object), ['/api/v1/pods', '/apis/metrics.k8s.io/v1beta1/pods']);
  assert.deepEqual((merged['paths'] as Record<string, unknown>)['/api/v1/pods'], base.paths['/api/v1/pods']);
  assert.deepEqual(Object.keys(merged['definitions'] as object), [
    'io.k8s.api.core.v1.PodList', 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
    'io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics', 'io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetricsList',
  ]);
  assert.equal(merged['swagger'], '2.0');
  assert.deepEqual(Object.keys(base.paths), ['/api/v1/pods'], 'the base is not mutated');
});

test('mergeOpenApiV2() renames a definition that differs from ours and rewrites the remote\'s refs to it', () => {
  const listMeta = { type: 'object', properties: { continue: { type: 'string' }, extra: { type: 'string' } } };
  const spec = {
    paths: { '/apis/metrics.k8s.io/v1beta1/nodes': { get: { responses: { 200: { schema: ref('io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetricsList') } } } } },
    definitions: {
      'io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetricsList': { type: 'object', properties: { metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta') } },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta': listMeta,
      'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta_v2': { type: 'object' },
    },
  };
  const merged = mergeOpenApiV2(base, [remote(spec)]);
  const defs = merged['definitions'] as Record<string, unknown>;
  assert.deepEqual(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta'], base.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta']);
  assert.deepEqual(defs['io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta_v3'], listMeta);
  assert.deepEqual(defs['io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetricsList'], { type: 'object', properties: { metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta_v3') } });
  assert.equal('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta_v2' in defs, false, 'unreferenced remote definitions are left out');
});

test('mergeOpenApiV2() shares a definition equal modulo GVKs and unions the GVK lists', () => {
  const status = { ...base.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.Status'], 'x-kubernetes-group-version-kind': [gvk('Status'), { group: '', version: 'v1', kind: 'Status' }] };
  const spec = {
    paths: { '/apis/metrics.k8s.io/v1beta1/pods/{name}': { delete: { responses: { 200: { schema: ref('io.k8s.apimachinery.pkg.apis.meta.v1.Status') } } } } },
    definitions: { 'io.k8s.apimachinery.pkg.apis.meta.v1.Status': status },
  };
  const defs = mergeOpenApiV2(base, [remote(spec)])['definitions'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Status']?.['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'Status' }, gvk('Status')]);
});

test('mergeOpenApiV2() returns the base itself without remotes and ignores a document without paths', () => {
  assert.equal(mergeOpenApiV2(base, []), base);
  assert.deepEqual(mergeOpenApiV2(base, [remote('not a document'), remote({ definitions: {} })]), base);
});
