import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import { parseResourceList } from '../../api/index.js';
import { nextQuotaStatus, quotaNeedsSync, updateFreesQuota } from './status.js';

const quota = (hard: Record<string, string>, status?: { hard?: Record<string, string>; used?: Record<string, string> }, scopes?: string[]): ResourceQuota => ({
  metadata: { name: 'q', namespace: 'ns' }, spec: { hard, ...(scopes ? { scopes } : {}) }, ...(status ? { status } : {}),
});

type Row = { name: string; quota: ResourceQuota; measured: Record<string, string>; want: ResourceQuota['status'] | undefined };
const rows: Row[] = [
  { name: 'a new quota gets hard and used', quota: quota({ pods: '10', cpu: '2' }), measured: { pods: '3', cpu: '500m' }, want: { hard: { pods: '10', cpu: '2' }, used: { pods: '3', cpu: '500m' } } },
  { name: 'an unchanged status is not written', quota: quota({ pods: '10' }, { hard: { pods: '10' }, used: { pods: '3' } }), measured: { pods: '3' }, want: undefined },
  { name: 'quantities compare by value', quota: quota({ memory: '1Gi' }, { hard: { memory: '1024Mi' }, used: { memory: '512Mi' } }), measured: { memory: '0.5Gi' }, want: undefined },
  { name: 'a freed pod lowers used', quota: quota({ pods: '10' }, { hard: { pods: '10' }, used: { pods: '3' } }), measured: { pods: '2' }, want: { hard: { pods: '10' }, used: { pods: '2' } } },
  {
    name: 'a changed spec.hard is mirrored and used follows the hard names',
    quota: quota({ pods: '5', secrets: '3' }, { hard: { pods: '10', configmaps: '4' }, used: { pods: '3', configmaps: '1' } }),
    measured: { pods: '3', secrets: '2' },
    want: { hard: { pods: '5', secrets: '3' }, used: { pods: '3', secrets: '2' } },
  },
  { name: 'a value not measured now keeps its last observation', quota: quota({ pods: '10', 'count/deployments.apps': '2' }, { hard: { pods: '10', 'count/deployments.apps': '2' }, used: { pods: '1', 'count/deployments.apps': '1' } }), measured: { pods: '2' }, want: { hard: { pods: '10', 'count/deployments.apps': '2' }, used: { pods: '2', 'count/deployments.apps': '1' } } },
];
for (const r of rows) test(`nextQuotaStatus() ${r.name}`, () => assert.deepEqual(nextQuotaStatus(r.quota, parseResourceList(r.measured)), r.want));

test('quotaNeedsSync() for new quotas, spec changes and statuses lagging their spec, not for admission charges', () => {
  const synced = quota({ pods: '10' }, { hard: { pods: '10' }, used: { pods: '1' } });
  assert.equal(quotaNeedsSync(synced, undefined), true);
  assert.equal(quotaNeedsSync(quota({ pods: '10' }, { hard: { pods: '10' }, used: { pods: '2' } }), synced), false, 'a charge by admission');
  assert.equal(quotaNeedsSync(quota({ pods: '20' }, { hard: { pods: '10' }, used: { pods: '1' } }), synced), true);
  assert.equal(quotaNeedsSync(quota({ pods: '10' }, { hard: { pods: '10' }, used: { pods: '1' } }, ['BestEffort']), synced), true);
  assert.equal(quotaNeedsSync(quota({ pods: '10', secrets: '1' }, { hard: { pods: '10', secrets: '1' }, used: { pods: '1' } }), quota({ pods: '10', secrets: '1' })), true, 'a used value is missing');
  assert.equal(quotaNeedsSync(quota({ pods: '10', foo: '1' }, { hard: { pods: '10', foo: '1' }, used: { pods: '1' } }), quota({ pods: '10', foo: '1' })), false, 'nothing measures foo');
});

test('updateFreesQuota() follows upstream replenishment rules', () => {
  const pod = (phase: string) => ({ metadata: { name: 'p' }, status: { phase } });
  assert.equal(updateFreesQuota('', 'pods', pod('Succeeded'), pod('Running'), 0), true);
  assert.equal(updateFreesQuota('', 'pods', pod('Running'), pod('Pending'), 0), false);
  const svc = (type: string) => ({ metadata: { name: 's' }, spec: { type } });
  assert.equal(updateFreesQuota('', 'services', svc('ClusterIP'), svc('NodePort'), 0), true);
  assert.equal(updateFreesQuota('', 'services', svc('ClusterIP'), svc('ExternalName'), 0), false);
  const pvc = (size: string) => ({ metadata: { name: 'c' }, status: { allocatedResources: { storage: size } } });
  assert.equal(updateFreesQuota('', 'persistentvolumeclaims', pvc('2Gi'), pvc('1Gi'), 0), true);
  assert.equal(updateFreesQuota('', 'configmaps', { metadata: {} }, { metadata: {} }, 0), false);
});
