// Tables for the pure pieces of the CronJob plan: finished Jobs, history order, names, event time format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { byJobStartTime, finishedCondition, jobName, rfc1123z } from './plan.js';

const job = (name: string, startTime?: string, conditions: { type: string; status: string }[] = []): Job => ({
  metadata: { name }, status: { ...(startTime ? { startTime } : {}), conditions },
});

test('finishedCondition() is the first True Complete or Failed condition', () => {
  assert.equal(finishedCondition(job('a')), undefined);
  assert.equal(finishedCondition(job('a', undefined, [{ type: 'Suspended', status: 'True' }, { type: 'Complete', status: 'False' }])), undefined);
  assert.equal(finishedCondition(job('a', undefined, [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }])), 'Failed');
  assert.equal(finishedCondition(job('a', undefined, [{ type: 'Complete', status: 'True' }, { type: 'Failed', status: 'True' }])), 'Complete');
});

test('byJobStartTime() orders by start time, never-started last, names breaking ties', () => {
  const jobs = [job('d'), job('c', '2024-01-01T00:02:00Z'), job('b', '2024-01-01T00:01:00Z'), job('a', '2024-01-01T00:02:00Z'), job('e')];
  assert.deepEqual(jobs.sort(byJobStartTime).map((j) => j.metadata?.name), ['b', 'a', 'c', 'd', 'e']);
});

test('jobName() is the CronJob name and the scheduled time in Unix minutes', () => {
  const cj = { metadata: { name: 'hello' } };
  assert.equal(jobName(cj, Date.parse('2024-01-01T00:05:00Z')), 'hello-28401125');
  assert.equal(jobName(cj, Date.parse('2024-01-01T00:05:59Z')), 'hello-28401125');
});

test('rfc1123z() formats as Go\'s time.RFC1123Z in UTC', () => {
  assert.equal(rfc1123z(Date.parse('2024-03-05T07:08:09Z')), 'Tue, 05 Mar 2024 07:08:09 +0000');
});
