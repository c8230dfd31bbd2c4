// ClusterRole aggregation: the union of the matching roles' rules in name order, each once, never itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregatedRules } from './aggregation.js';
import { bootstrapClusterRoles } from './bootstrap-policy.js';

test('aggregatedRules() builds admin ⊇ edit ⊇ view from the bootstrap roles', () => {
  let roles = bootstrapClusterRoles();
  // Two rounds: view feeds edit, edit feeds admin (the controller converges the same way).
  for (let i = 0; i < 3; i++) roles = roles.map((r) => ({ ...r, rules: aggregatedRules(r, roles) ?? r.rules ?? [] }));
  const rules = (n: string) => roles.find((r) => r.metadata?.name === n)!.rules!;
  const has = (n: string, verb: string, resource: string) => rules(n).some((r) => r.verbs.includes(verb) && (r.resources ?? []).includes(resource));
  assert.ok(has('view', 'list', 'pods') && !has('view', 'get', 'secrets') && !has('view', 'create', 'pods'));
  assert.ok(has('edit', 'list', 'pods') && has('edit', 'get', 'secrets') && has('edit', 'create', 'deployments') && !has('edit', 'create', 'rolebindings'));
  assert.ok(has('admin', 'list', 'pods') && has('admin', 'create', 'deployments') && has('admin', 'create', 'rolebindings'));
  assert.equal(aggregatedRules(roles.find((r) => r.metadata?.name === 'cluster-admin')!, roles), undefined);
  assert.equal(new Set(rules('admin').map((r) => JSON.stringify(r))).size, rules('admin').length, 'each rule once');
});
