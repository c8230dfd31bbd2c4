import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podPhase, podStatus, qosClass, type ContainerRecord, type PodRecord } from './status.js';

const t0 = '2026-12-03T10:00:00Z';
const running = (name: string, ready = true): ContainerRecord => ({ name, image: 'busybox', imageID: '', restartCount: 0, phase: { kind: 'running', startedAt: t0, containerID: `runc://${name}`, ready, started: true } });
const exited = (name: string, exitCode: number): ContainerRecord => ({ name, image: 'busybox', imageID: '', restartCount: 0, phase: { kind: 'terminated', terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', startedAt: t0, finishedAt: t0, containerID: `runc://${name}` } } });
const waiting = (name: string, reason = 'ContainerCreating'): ContainerRecord => ({ name, image: 'busybox', imageID: '', restartCount: 0, phase: { kind: 'waiting', reason } });
const record = (containers: ContainerRecord[], init: ContainerRecord[] = []): PodRecord => ({ sandboxReady: true, hostIP: '192.0.2.2', podIP: '10.42.0.2', startTime: t0, init, containers });
const pod = (restartPolicy?: string): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'a' }, { name: 'b' }], ...(restartPolicy ? { restartPolicy } : {}) } });

test('podPhase() is upstream\'s getPhase', () => {
  assert.equal(podPhase(pod(), record([waiting('a'), running('b')])), 'Pending');
  assert.equal(podPhase(pod(), record([running('a'), exited('b', 1)])), 'Running');
  assert.equal(podPhase(pod('Never'), record([exited('a', 0), exited('b', 0)])), 'Succeeded');
  assert.equal(podPhase(pod('Never'), record([exited('a', 0), exited('b', 2)])), 'Failed');
  assert.equal(podPhase(pod('OnFailure'), record([exited('a', 0), exited('b', 2)])), 'Running');
  assert.equal(podPhase(pod('Always'), record([exited('a', 0), exited('b', 0)])), 'Running');
  assert.equal(podPhase(pod('Never'), record([waiting('a', 'PodInitializing'), waiting('b', 'PodInitializing')], [exited('init', 1)])), 'Failed');
  assert.equal(podPhase(pod('Always'), record([waiting('a', 'PodInitializing'), waiting('b', 'PodInitializing')], [exited('init', 1)])), 'Pending');
});

test('podStatus() reports Ready only when every container is, with upstream reasons', () => {
  const st = podStatus(pod(), record([running('a'), running('b', false)]), t0);
  const byType = Object.fromEntries((st.conditions ?? []).map((c) => [c.type, c]));
  assert.equal(st.phase, 'Running');
  assert.equal(byType['Ready']?.status, 'False');
  assert.equal(byType['Ready']?.reason, 'ContainersNotReady');
  assert.equal(byType['Ready']?.message, 'containers with unready status: [b]');
  assert.equal(byType['Initialized']?.status, 'True');
  assert.equal(byType['PodReadyToStartContainers']?.status, 'True');
  assert.equal(st.podIP, '10.42.0.2');
  assert.deepEqual(st.containerStatuses?.map((c) => [c.name, c.ready]), [['a', true], ['b', false]]);
});

test('qosClass() follows requests and limits', () => {
  const withResources = (r: object): Pod => ({ spec: { containers: [{ name: 'a', resources: r }] } });
  assert.equal(qosClass(withResources({})), 'BestEffort');
  assert.equal(qosClass(withResources({ requests: { cpu: '100m' } })), 'Burstable');
  assert.equal(qosClass(withResources({ limits: { cpu: '1', memory: '1Gi' } })), 'Guaranteed');
});
