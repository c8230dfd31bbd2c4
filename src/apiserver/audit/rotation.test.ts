import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backupName, backupsToRemove, backupTime } from './rotation.js';

test('backupName() inserts the UTC time before the extension, as lumberjack names rotated files', () => {
  assert.equal(backupName('/var/log/audit.log', new Date('2025-03-04T05:06:07.089Z')), '/var/log/audit-2025-03-04T05-06-07.089.log');
  assert.equal(backupName('/var/log/audit', new Date('2025-03-04T05:06:07.089Z')), '/var/log/audit-2025-03-04T05-06-07.089');
  assert.deepEqual(backupTime('audit.log', 'audit-2025-03-04T05-06-07.089.log'), new Date('2025-03-04T05:06:07.089Z'));
  assert.equal(backupTime('audit.log', 'audit.log'), undefined);
  assert.equal(backupTime('audit.log', 'other-2025-03-04T05-06-07.089.log'), undefined);
});

test('backupsToRemove() keeps the newest maxBackups and drops those older than maxAgeDays', () => {
  const files = ['audit.log', 'audit-2025-03-01T00-00-00.000.log', 'audit-2025-03-03T00-00-00.000.log', 'audit-2025-03-02T00-00-00.000.log', 'unrelated.txt'];
  const now = new Date('2025-03-04T00:00:00Z');
  assert.deepEqual(backupsToRemove('audit.log', files, now, { maxBackups: 2, maxAgeDays: 0 }), ['audit-2025-03-01T00-00-00.000.log']);
  assert.deepEqual(backupsToRemove('audit.log', files, now, { maxBackups: 0, maxAgeDays: 2 }), ['audit-2025-03-01T00-00-00.000.log']);
  assert.deepEqual(backupsToRemove('audit.log', files, now, { maxBackups: 1, maxAgeDays: 1 }), ['audit-2025-03-02T00-00-00.000.log', 'audit-2025-03-01T00-00-00.000.log']);
  assert.deepEqual(backupsToRemove('audit.log', files, now, { maxBackups: 0, maxAgeDays: 0 }), []);
});
