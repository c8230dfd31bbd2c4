// Unit tests for the always-empty apiextensions.k8s.io/v1 customresourcedefinitions resource.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../errors.js';
import type { ProviderRequest, ProviderVerb } from '../../provider/index.js';
import { customResourceDefinitionsProvider } from './custom-resource-definitions.js';

const request = (verb: ProviderVerb, name = ''): ProviderRequest => ({
  verb, resource: 'customresourcedefinitions', namespace: '', name, query: new URLSearchParams(), user: { name: 'u', groups: [] }, signal: new AbortController().signal,
});

test('customResourceDefinitionsProvider() lists no CRDs and finds none, read-only at upstream\'s priority', async () => {
  const p = customResourceDefinitionsProvider();
  assert.deepEqual([p.group, p.version, p.priority], ['apiextensions.k8s.io', 'v1', { groupPriorityMinimum: 16700, versionPriority: 15 }]);
  assert.deepEqual(p.resources.map((r) => [r.name, r.kind, r.namespaced, r.verbs]), [['customresourcedefinitions', 'CustomResourceDefinition', false, ['get', 'list']]]);
  assert.deepEqual(await p.handle(request('list')), { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinitionList', metadata: {}, items: [] });
  await assert.rejects(p.handle(request('get', 'widgets.example.com')), (e: unknown) =>
    e instanceof ApiError && e.code === 404 && e.message === 'customresourcedefinitions.apiextensions.k8s.io "widgets.example.com" not found');
});
