import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogLine, renderLogs } from './cri-log.js';

const file = [
  '2026-12-03T10:00:00.000000001Z stdout F one',
  '2026-12-03T10:00:01.000000000Z stderr P par',
  '2026-12-03T10:00:01.500000000Z stderr F tial',
  '2026-12-03T10:00:02.000000000Z stdout F three',
  '',
].join('\n');

test('parseLogLine() reads the CRI format', () => {
  assert.deepEqual(parseLogLine('2026-12-03T10:00:00Z stdout F hello world'), { time: '2026-12-03T10:00:00Z', stream: 'stdout', partial: false, text: 'hello world' });
  assert.equal(parseLogLine('garbage'), undefined);
});

test('renderLogs() joins partial lines and applies tail, timestamps, since and limitBytes', () => {
  assert.equal(renderLogs(file, {}), 'one\npartial\nthree\n');
  assert.equal(renderLogs(file, { tailLines: 1 }), 'three\n');
  assert.equal(renderLogs(file, { tailLines: 1, timestamps: true }), '2026-12-03T10:00:02.000000000Z three\n');
  assert.equal(renderLogs(file, { sinceTime: new Date('2026-12-03T10:00:01Z') }), 'partial\nthree\n');
  assert.equal(renderLogs(file, { limitBytes: 6 }), 'one\npa');
});
