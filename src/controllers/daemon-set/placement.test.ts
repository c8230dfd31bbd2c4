// Node eligibility (upstream NodeShouldRunDaemonPod): selectors, affinity, node name, taints against the
// template's and the DaemonSet's default tolerations, unschedulable nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.js';
import { placementCheck } from './placement.js';
import { daemonSet, node, type DsShape } from './testing.js';

interface Row { name: string; ds: DsShape; node: Node; want: 'run' | 'stay' | 'none' }

const inZone = (values: string[]): DsShape['affinity'] => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values }] }] } } });

const rows: Row[] = [
  { name: 'a plain node runs the pod', ds: {}, node: node('n1'), want: 'run' },
  { name: 'nodeSelector matching the labels', ds: { nodeSelector: { disk: 'ssd' } }, node: node('n1', { labels: { disk: 'ssd' } }), want: 'run' },
  { name: 'nodeSelector not matching: no pod, and an existing one goes', ds: { nodeSelector: { disk: 'ssd' } }, node: node('n1', { labels: { disk: 'hdd' } }), want: 'none' },
  { name: 'required node affinity matching', ds: { affinity: inZone(['a', 'b']) }, node: node('n1', { labels: { zone: 'b' } }), want: 'run' },
  { name: 'required node affinity not matching', ds: { affinity: inZone(['a']) }, node: node('n1', { labels: { zone: 'b' } }), want: 'none' },
  { name: 'affinity by metadata.name field', ds: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }] } } } }, node: node('n1'), want: 'none' },
  { name: 'template nodeName naming another node', ds: { nodeName: 'n2' }, node: node('n1'), want: 'none' },
  { name: 'template nodeName naming this node', ds: { nodeName: 'n1' }, node: node('n1'), want: 'run' },
  { name: 'untolerated NoSchedule taint: no new pod, an existing one stays', ds: {}, node: node('n1', { taints: ['dedicated=db:NoSchedule'] }), want: 'stay' },
  { name: 'untolerated NoExecute taint: no pod at all', ds: {}, node: node('n1', { taints: ['dedicated=db:NoExecute'] }), want: 'none' },
  { name: 'PreferNoSchedule never blocks', ds: {}, node: node('n1', { taints: ['dedicated=db:PreferNoSchedule'] }), want: 'run' },
  { name: 'a template toleration lets the pod onto a NoExecute node', ds: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] }, node: node('n1', { taints: ['dedicated=db:NoExecute'] }), want: 'run' },
  { name: 'a toleration of another value does not', ds: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web' }] }, node: node('n1', { taints: ['dedicated=db:NoSchedule'] }), want: 'stay' },
  { name: 'default tolerations: not-ready and unreachable NoExecute', ds: {}, node: node('n1', { taints: ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule'] }), want: 'stay' },
  { name: 'default tolerations: pressure and unschedulable NoSchedule taints', ds: {}, node: node('n1', { unschedulable: true, taints: ['node.kubernetes.io/unschedulable:NoSchedule', 'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule'] }), want: 'run' },
  { name: 'an unschedulable node (cordoned) still runs daemon pods', ds: {}, node: node('n1', { unschedulable: true }), want: 'run' },
  { name: 'network-unavailable is tolerated only with hostNetwork (without: stays)', ds: {}, node: node('n1', { taints: ['node.kubernetes.io/network-unavailable:NoSchedule'] }), want: 'stay' },
  { name: 'network-unavailable with hostNetwork', ds: { hostNetwork: true }, node: node('n1', { taints: ['node.kubernetes.io/network-unavailable:NoSchedule'] }), want: 'run' },
  { name: 'selector fits but a NoExecute taint does not', ds: { nodeSelector: { disk: 'ssd' } }, node: node('n1', { labels: { disk: 'ssd' }, taints: ['gpu:NoExecute'] }), want: 'none' },
];

for (const r of rows) {
  test(`placementCheck() ${r.name}`, () => {
    const p = placementCheck(daemonSet(r.ds))(r.node);
    const got = p.shouldRun ? 'run' : p.shouldContinueRunning ? 'stay' : 'none';
    assert.equal(got, r.want);
    // shouldRun implies shouldContinueRunning (the manage step relies on it).
    assert.ok(!p.shouldRun || p.shouldContinueRunning);
  });
}
