import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandError } from './exec.js';
import { SpawnHelper } from './spawn-helper.js';

test('SpawnHelper runs commands to completion with input, output and CommandErrors', async () => {
  using helper = new SpawnHelper();
  assert.equal(await helper.run('sh', ['-c', 'cat; echo done'], { input: 'in\n' }), 'in\ndone\n');
  await assert.rejects(helper.run('sh', ['-c', 'echo bad >&2; exit 3']), (e: unknown) => e instanceof CommandError && e.code === 3 && e.message === 'sh -c echo bad >&2; exit 3: bad');
  await assert.rejects(helper.run('/no/such/binary', []), (e: unknown) => e instanceof CommandError && /ENOENT/.test(e.message));
});

test('SpawnHelper launches long-lived processes with streamed stdio, stdin and signals', async () => {
  using helper = new SpawnHelper();
  const p = helper.launch('sh', ['-c', 'read line; echo "got $line"; echo err >&2; exit 4'], { stdin: true });
  let out = '';
  let err = '';
  p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  p.stdin!.end('hello\n');
  assert.equal(await p.exited, 4);
  assert.deepEqual([out, err], ['got hello\n', 'err\n']);
  const sleeper = helper.launch('sleep', ['30'], { stdin: false });
  sleeper.kill('SIGKILL');
  assert.equal(await sleeper.exited, 137);
});
