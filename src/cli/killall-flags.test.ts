import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKillallFlags } from './killall-flags.js';

test('parseKillallFlags() cleans the given data dir, or both default ones', () => {
  assert.deepEqual(parseKillallFlags([], 0), { dataDirs: ['/var/lib/skiff', '/var/lib/skiff-agent'], help: false });
  assert.deepEqual(parseKillallFlags(['--data-dir', '/tmp/x/../y'], 0), { dataDirs: ['/tmp/y'], help: false });
  assert.equal(parseKillallFlags(['--help']).help, true);
  assert.throws(() => parseKillallFlags(['--force']), /unknown flag: --force/);
});
