import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLogRotation, planRotatedLogs, rotatedLogName, type RotatedLogPlan } from './log-rotation.js';

test('rotatedLogName() appends the local time as Go\'s 20060102-150405, as kubelet names rotated logs', () => {
  assert.equal(rotatedLogName('/var/log/pods/ns_web_uid/web/0.log', new Date(2026, 0, 2, 3, 4, 5, 999)), '/var/log/pods/ns_web_uid/web/0.log.20260102-030405');
  assert.equal(rotatedLogName('0.log', new Date(2026, 11, 31, 23, 59, 59)), '0.log.20261231-235959');
});

interface PlanCase { name: string; names: string[]; maxFiles: number; want: RotatedLogPlan }

const cases: PlanCase[] = [
  {
    name: 'leaves the newest rotated file uncompressed and compresses the others',
    names: ['0.log', '0.log.20260101-000002', '0.log.20260101-000001'],
    maxFiles: 5,
    want: { remove: [], compress: ['0.log.20260101-000001'] },
  },
  {
    name: 'removes the oldest so that maxFiles remain with the current file',
    names: ['0.log', '0.log.20260101-000001.gz', '0.log.20260101-000002.gz', '0.log.20260101-000003', '0.log.20260101-000004'],
    maxFiles: 3,
    want: { remove: ['0.log.20260101-000001.gz', '0.log.20260101-000002.gz'], compress: ['0.log.20260101-000003'] },
  },
  {
    name: 'with maxFiles 2 keeps the newest rotated file only, uncompressed',
    names: ['0.log', '0.log.20260101-000001.gz', '0.log.20260101-000002'],
    maxFiles: 2,
    want: { remove: ['0.log.20260101-000001.gz'], compress: [] },
  },
  {
    name: 'drops what an interrupted compression left: its temporary file, or the original next to a finished .gz',
    names: ['0.log', '0.log.20260101-000001', '0.log.20260101-000001.gz', '0.log.20260101-000002.tmp', '0.log.20260101-000002', '0.log.20260101-000003'],
    maxFiles: 5,
    want: { remove: ['0.log.20260101-000001', '0.log.20260101-000002.tmp'], compress: ['0.log.20260101-000002'] },
  },
  {
    name: 'leaves other containers\' runs and unrelated files alone',
    names: ['0.log', '1.log', '10.log.20260101-000001', '1.log.20260101-000001', '0.log.old', '0.log.20260101-000001', 'notes.txt'],
    maxFiles: 2,
    want: { remove: [], compress: [] },
  },
  {
    name: 'sorts by the time in the name, whatever the listing order',
    names: ['0.log.20260101-000003', '0.log.20251231-235959.gz', '0.log.20260101-000001.gz'],
    maxFiles: 3,
    want: { remove: ['0.log.20251231-235959.gz'], compress: [] },
  },
];

for (const c of cases) test(`planRotatedLogs() ${c.name}`, () => assert.deepEqual(planRotatedLogs('0.log', c.names, c.maxFiles), c.want));

test('checkLogRotation() takes a positive size and at least 2 files, as kubelet\'s configuration validation', () => {
  checkLogRotation({ maxBytes: 10 * 1024 * 1024, maxFiles: 5 });
  checkLogRotation({ maxBytes: 1, maxFiles: 2 });
  assert.throws(() => checkLogRotation({ maxBytes: 0, maxFiles: 5 }), /"maxBytes" must be a positive integer, not 0/);
  assert.throws(() => checkLogRotation({ maxBytes: 1.5, maxFiles: 5 }), RangeError);
  assert.throws(() => checkLogRotation({ maxBytes: 100, maxFiles: 1 }), /"maxFiles" must be an integer greater than 1, not 1/);
});
