import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customResourcePrinter } from './custom-resource-printer.js';

const now = new Date('2026-12-07T00:10:00Z');
const obj = { metadata: { name: 'my-crontab', creationTimestamp: '2026-12-07T00:05:00Z' }, spec: { cronSpec: '* * * * */5', image: 'my-cron-image', replicas: 2, paused: false, ratio: 0.5, tags: ['a'] } };

test('custom resource Table: Name and the declared columns, each value as its type', () => {
  const p = customResourcePrinter([
    { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Paused', type: 'boolean', jsonPath: '.spec.paused' },
    { name: 'Ratio', type: 'number', jsonPath: '.spec.ratio', priority: 1 },
    { name: 'Tags', type: 'string', jsonPath: '.spec.tags' },
    { name: 'Wrong', type: 'integer', jsonPath: '.spec.image' },
    { name: 'Missing', type: 'string', jsonPath: '.status.x' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ]);
  assert.deepEqual(p.columns.map((c) => [c.name, c.type, c.priority]), [['Name', 'string', 0], ['Spec', 'string', 0], ['Replicas', 'integer', 0], ['Paused', 'boolean', 0], ['Ratio', 'number', 1], ['Tags', 'string', 0], ['Wrong', 'integer', 0], ['Missing', 'string', 0], ['Age', 'date', 0]]);
  assert.deepEqual(p.cells(obj, now), ['my-crontab', '* * * * */5', 2, false, 0.5, '["a"]', null, null, '5m']);
});

test('custom resource Table: Age when the version declares no columns', () => {
  const p = customResourcePrinter([]);
  assert.deepEqual(p.columns.map((c) => c.name), ['Name', 'Age']);
  assert.deepEqual(p.cells(obj, now), ['my-crontab', '5m']);
});
