import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupResource, type KubeObject } from '../../api/index.js';
import { checkNodeTokenRequest, nodeRestriction } from './node-restriction.js';
import type { RequestContext } from '../registry/context.js';

const n1: RequestContext = { user: { name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] }, dryRun: false, fieldManager: 'kubelet', fieldValidation: 'Ignore', warnings: [] };
const admin: RequestContext = { ...n1, user: { name: 'alice', groups: ['system:authenticated'] } };
const pods = lookupResource('', 'v1', 'pods')!;
const nodes = lookupResource('', 'v1', 'nodes')!;
const leases = lookupResource('coordination.k8s.io', 'v1', 'leases')!;
const claims = lookupResource('', 'v1', 'persistentvolumeclaims')!;

const pod = (node: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd', ...extra }, spec: { nodeName: node } });
const node = (name: string, labels: Record<string, string> = {}, taints: unknown[] = []): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } });

type Op = 'CREATE' | 'UPDATE' | 'DELETE';
const admit = (op: Op, desc: typeof pods, obj: KubeObject, old?: KubeObject, subresource = '', ctx = n1): string => {
  try {
    void nodeRestriction.admit(op, desc, obj, old, { ctx, subresource });
    return 'ok';
  } catch (e: unknown) {
    return (e as Error).message;
  }
};

const cases: [string, () => string, string][] = [
  ['a plain pod', () => admit('CREATE', pods, pod('n1')), 'pods "p" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods'],
  ['a mirror pod for itself', () => admit('CREATE', pods, pod('n1', { annotations: { 'kubernetes.io/config.mirror': 'h' } })), 'ok'],
  ['a mirror pod for another node', () => admit('CREATE', pods, pod('n2', { annotations: { 'kubernetes.io/config.mirror': 'h' } })), 'pods "p" is forbidden: node "n1" can only create pods with spec.nodeName set to itself'],
  ['status of its pod', () => admit('UPDATE', pods, pod('n1'), pod('n1'), 'status'), 'ok'],
  ["status of another node's pod", () => admit('UPDATE', pods, pod('n2'), pod('n2'), 'status'), 'pods "p" is forbidden: node "n1" can only update pods with spec.nodeName set to itself'],
  ['the spec of its pod', () => admit('UPDATE', pods, pod('n1'), pod('n1')), 'pods "p" is forbidden: node "n1" can only update pod status'],
  ['delete its pod', () => admit('DELETE', pods, pod('n1'), pod('n1')), 'ok'],
  ["delete another node's pod", () => admit('DELETE', pods, pod('n2'), pod('n2')), 'pods "p" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself'],
  ['register itself', () => admit('CREATE', nodes, node('n1', { 'kubernetes.io/hostname': 'n1', 'skiff.io/x': 'y' })), 'ok'],
  ['register another node', () => admit('CREATE', nodes, node('n2')), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"'],
  ['a restricted label', () => admit('UPDATE', nodes, node('n1', { 'node-restriction.kubernetes.io/pci': 'true', 'node-role.kubernetes.io/control-plane': '' }), node('n1')), 'nodes "n1" is forbidden: node "n1" is not allowed to modify the following labels: node-restriction.kubernetes.io/pci, node-role.kubernetes.io/control-plane'],
  ['an unchanged restricted label', () => admit('UPDATE', nodes, node('n1', { 'node-role.kubernetes.io/x': '' }), node('n1', { 'node-role.kubernetes.io/x': '' })), 'ok'],
  ['its taints', () => admit('UPDATE', nodes, node('n1', {}, [{ key: 'k', effect: 'NoSchedule' }]), node('n1')), 'nodes "n1" is forbidden: node "n1" is not allowed to modify taints'],
  ['its own lease', () => admit('CREATE', leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n1', namespace: 'kube-node-lease' } }), 'ok'],
  ["another node's lease", () => admit('CREATE', leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n2', namespace: 'kube-node-lease' } }), 'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node'],
  ['claim capacity after a resize', () => admit('UPDATE', claims, { metadata: { name: 'c' }, spec: {}, status: { capacity: { storage: '2Gi' } } }, { metadata: { name: 'c' }, spec: {}, status: {} }, 'status'), 'ok'],
  ['claim phase', () => admit('UPDATE', claims, { metadata: { name: 'c' }, spec: {}, status: { phase: 'Lost' } }, { metadata: { name: 'c' }, spec: {}, status: { phase: 'Bound' } }, 'status'), 'persistentvolumeclaims "c" is forbidden: node "n1" is not allowed to update fields other than status.capacity, status.conditions, status.allocatedResources and status.allocatedResourceStatuses'],
  ['anyone else', () => admit('CREATE', nodes, node('n2'), undefined, '', admin), 'ok'],
];
for (const [name, run, want] of cases) test(`NodeRestriction: ${name}`, () => assert.equal(run(), want));

test('NodeRestriction: a node asks tokens only bound to its own pods', () => {
  const msg = (bound: Parameters<typeof checkNodeTokenRequest>[1]): string => { try { checkNodeTokenRequest(n1.user, bound); return 'ok'; } catch (e: unknown) { return (e as Error).message; } };
  assert.equal(msg({ kind: 'Pod', nodeName: 'n1' }), 'ok');
  assert.match(msg(undefined), /node requested token not bound to a pod$/);
  assert.match(msg({ kind: 'Secret' }), /node requested token not bound to a pod$/);
  assert.match(msg({ kind: 'Pod', nodeName: 'n2' }), /node requested token bound to a pod scheduled on a different node$/);
  checkNodeTokenRequest(admin.user, undefined);
});
