import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { decideEviction } from './decide.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
const pod = (tolerations: Toleration[] = []): Pod => ({ metadata: { name: 'p' }, spec: { containers: [], tolerations } });

test('decideEviction(): no toleration evicts now; tolerationSeconds waits from timeAdded; forever keeps', () => {
  assert.deepEqual(decideEviction(pod(), [unreachable], T0), { kind: 'evict' });
  assert.deepEqual(decideEviction(pod(), [{ ...unreachable, effect: 'NoSchedule' }], T0), { kind: 'keep' });
  const timed = pod([{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]);
  assert.deepEqual(decideEviction(timed, [unreachable], T0 + 100_000), { kind: 'wait', ms: 200_000 });
  assert.deepEqual(decideEviction(timed, [unreachable], T0 + 300_000), { kind: 'evict' });
  assert.deepEqual(decideEviction(pod([{ operator: 'Exists' }]), [unreachable], T0 + 1e9), { kind: 'keep' });
  // Several taints: any untolerated one evicts at once.
  assert.deepEqual(decideEviction(timed, [unreachable, { key: 'other', effect: 'NoExecute' }], T0), { kind: 'evict' });
});
