// The TTL rule: finished jobs with a TTL expire from their terminal condition's transition time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { msUntilExpiry } from './expiry.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const job = (o: { ttl?: number; finishedAgoS?: number; type?: string; deleting?: boolean }): Job => ({
  metadata: { name: 'j', ...(o.deleting ? { deletionTimestamp: '2026-12-01T10:00:00Z' } : {}) },
  spec: { template: {}, ...(o.ttl !== undefined ? { ttlSecondsAfterFinished: o.ttl } : {}) },
  status: o.finishedAgoS === undefined ? {} : { conditions: [{ type: o.type ?? 'Complete', status: 'True', lastTransitionTime: new Date(NOW - o.finishedAgoS * 1000).toISOString() }] },
});

const rows: { name: string; job: Job; want: number | undefined }[] = [
  { name: 'no TTL: never', job: job({ finishedAgoS: 100 }), want: undefined },
  { name: 'not finished: not yet', job: job({ ttl: 10 }), want: undefined },
  { name: 'Complete 4 s ago with TTL 10: in 6 s', job: job({ ttl: 10, finishedAgoS: 4 }), want: 6000 },
  { name: 'Failed 30 s ago with TTL 10: overdue', job: job({ ttl: 10, finishedAgoS: 30, type: 'Failed' }), want: -20_000 },
  { name: 'TTL 0: at once', job: job({ ttl: 0, finishedAgoS: 0 }), want: 0 },
  { name: 'SuccessCriteriaMet is not finished', job: job({ ttl: 0, finishedAgoS: 5, type: 'SuccessCriteriaMet' }), want: undefined },
  { name: 'being deleted: nothing to do', job: job({ ttl: 0, finishedAgoS: 5, deleting: true }), want: undefined },
];
for (const r of rows) test(`msUntilExpiry() ${r.name}`, () => assert.equal(msUntilExpiry(r.job, NOW), r.want));
