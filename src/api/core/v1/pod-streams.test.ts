import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogQuery } from './pod-streams.js';

const now = new Date('2026-12-03T10:00:00Z');

test('parseLogQuery() reads kubectl logs\' options', () => {
  const q = new URLSearchParams('container=web&follow=true&previous=false&timestamps=true&tailLines=10&limitBytes=100&sinceSeconds=60');
  assert.deepEqual(parseLogQuery('p', q, now), { container: 'web', follow: true, previous: false, timestamps: true, tailLines: 10, limitBytes: 100, sinceTime: new Date('2026-12-03T09:59:00Z') });
  assert.deepEqual(parseLogQuery('p', new URLSearchParams(''), now), { follow: false, previous: false, timestamps: false });
  assert.deepEqual(parseLogQuery('p', new URLSearchParams('sinceTime=2026-12-03T08:00:00Z'), now).sinceTime, new Date('2026-12-03T08:00:00Z'));
});

test('parseLogQuery() answers bad options as upstream does', () => {
  assert.throws(() => parseLogQuery('p', new URLSearchParams('tailLines=x'), now), (e: Error & { code?: number }) => e.code === 400 && /tailLines: Invalid value: "x"/.test(e.message));
  assert.throws(() => parseLogQuery('p', new URLSearchParams('tailLines=-1'), now), (e: Error & { code?: number }) => e.code === 422 && /PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0/.test(e.message));
  assert.throws(() => parseLogQuery('p', new URLSearchParams('limitBytes=0'), now), /limitBytes: Invalid value: 0: must be greater than 0/);
  assert.throws(() => parseLogQuery('p', new URLSearchParams('sinceSeconds=5&sinceTime=2026-12-03T08:00:00Z'), now), /at most one of `sinceTime` or `sinceSeconds` may be specified/);
});
