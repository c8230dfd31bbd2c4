import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import { decideNodeHealth } from './decide.js';

const node = (ready: string, unreachable = false): Node => ({
  metadata: { name: 'node-1' },
  spec: unreachable ? { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } : {},
  status: { conditions: [{ type: 'Ready', status: ready, lastHeartbeatTime: '2026-11-22T09:59:00Z' }] },
});
const at = { nowMs: 100_000, gracePeriodMs: 40_000, now: '2026-11-22T10:00:00Z' };

test('decideNodeHealth() marks a node whose lease expired Unknown and unreachable, once', () => {
  const d = decideNodeHealth(node('True'), { ...at, renewMs: 50_000 });
  assert.equal(d.kind, 'markUnknown');
  if (d.kind !== 'markUnknown') return;
  assert.deepEqual(d.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`), ['Ready=Unknown/NodeStatusUnknown', 'MemoryPressure=Unknown/NodeStatusUnknown', 'DiskPressure=Unknown/NodeStatusUnknown', 'PIDPressure=Unknown/NodeStatusUnknown']);
  assert.equal(d.conditions[0]!.message, 'Kubelet stopped posting node status.');
  assert.deepEqual(d.taints.map((t) => `${t.key}:${t.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  assert.deepEqual(decideNodeHealth(node('Unknown', true), { ...at, renewMs: 50_000 }), { kind: 'none' });
});

test('decideNodeHealth() leaves a fresh node alone and clears the taints when it is Ready again', () => {
  assert.deepEqual(decideNodeHealth(node('True'), { ...at, renewMs: 90_000 }), { kind: 'none' });
  assert.deepEqual(decideNodeHealth(node('True', true), { ...at, renewMs: 90_000 }), { kind: 'setTaints', taints: [] });
});

test('decideNodeHealth() gives a node its kubelet reports Ready=False the not-ready taints, once', () => {
  const d = decideNodeHealth(node('False'), { ...at, renewMs: 90_000 });
  assert.deepEqual(d.kind === 'setTaints' ? d.taints.map((t) => `${t.key}:${t.effect}`) : d, ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
  const tainted = { ...node('False'), spec: { taints: d.kind === 'setTaints' ? d.taints : [] } };
  assert.deepEqual(decideNodeHealth(tainted, { ...at, renewMs: 90_000 }), { kind: 'none' });
  assert.deepEqual(decideNodeHealth({ ...tainted, status: node('True').status! }, { ...at, renewMs: 90_000 }), { kind: 'setTaints', taints: [] });
});

test('decideNodeHealth() taints a node NoSchedule while a pressure condition holds (TaintNodesByCondition)', () => {
  const pressured: Node = { ...node('True'), status: { conditions: [...node('True').status!.conditions!, { type: 'DiskPressure', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] } };
  assert.deepEqual(decideNodeHealth(pressured, { ...at, renewMs: 90_000 }), { kind: 'setTaints', taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }] });
  const tainted = { ...pressured, spec: { taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }] } };
  assert.deepEqual(decideNodeHealth(tainted, { ...at, renewMs: 90_000 }), { kind: 'none' });
  assert.deepEqual(decideNodeHealth({ ...tainted, status: node('True').status! }, { ...at, renewMs: 90_000 }), { kind: 'setTaints', taints: [] });
});
