import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podLimits, podRequests, type Quantities } from './pod-resources.js';

const show = (q: Quantities): Record<string, string> => Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v.toString()]));
const c = (name: string, requests: Record<string, string>, limits: Record<string, string> = {}, restartPolicy?: string) => ({
  name, resources: { requests, limits }, ...(restartPolicy ? { restartPolicy } : {}),
});

test('podRequests() sums containers and takes the largest init container', () => {
  const spec = { containers: [c('a', { cpu: '200m', memory: '64Mi' }), c('b', { cpu: '300m' })], initContainers: [c('i', { cpu: '1', memory: '32Mi' })] };
  assert.deepEqual(show(podRequests(spec)), { cpu: '1', memory: '64Mi' });
});

test('podRequests() adds sidecars to the containers and to every later init container', () => {
  const spec = {
    containers: [c('a', { cpu: '500m' })],
    initContainers: [c('s', { cpu: '200m' }, {}, 'Always'), c('i', { cpu: '600m' })],
  };
  // containers + sidecar = 700m; the init container runs beside the sidecar: 800m.
  assert.deepEqual(show(podRequests(spec)), { cpu: '800m' });
});

test('podRequests() adds overhead unless excluded; podLimits() adds it only to limited resources', () => {
  const spec = { containers: [c('a', { cpu: '1' }, { cpu: '2' })], overhead: { cpu: '250m', memory: '10Mi' } };
  assert.deepEqual(show(podRequests(spec)), { cpu: '1250m', memory: '10Mi' });
  assert.deepEqual(show(podRequests(spec, { excludeOverhead: true })), { cpu: '1' });
  assert.deepEqual(show(podLimits(spec)), { cpu: '2250m' });
});
