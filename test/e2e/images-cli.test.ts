// e2e: `skiff images import` and `skiff images list` on a node data directory, as a user runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skiffBin } from '../support/skiff-process.js';
import { dockerSaveArchive, tarArchive } from '../support/test-images.js';

const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => new Promise((resolve) => {
  execFile(process.execPath, [skiffBin, ...args], (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
});

/** An image of one file, /bin/tool, as `docker save` writes it. */
async function dockerSave(tag: string): Promise<Buffer> {
  const layer = await tarArchive([{ name: 'bin/tool', mode: 0o755, content: '#!/bin/sh\necho tool\n' }]);
  return dockerSaveArchive(tag, [layer], { config: { Cmd: ['/bin/tool'] } });
}

test('skiff images import stores a docker save archive; list shows it; a bad file fails with exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-images-cli-'));
  try {
    writeFileSync(join(dir, 'tool.tar'), await dockerSave('127.0.0.1:5000/test/tool:1.0'));
    writeFileSync(join(dir, 'junk.tar'), 'not a tar');
    const imported = await run(['images', 'import', '--data-dir', join(dir, 'node'), join(dir, 'tool.tar')]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /^imported 127\.0\.0\.1:5000\/test\/tool:1\.0 \(sha256:[a-f0-9]{64}\)\n$/);
    const list = await run(['images', 'list', '--data-dir', join(dir, 'node')]);
    assert.match(list.stdout, /^IMAGE\s+DIGEST\s+SIZE\n127\.0\.0\.1:5000\/test\/tool:1\.0\s+sha256:[a-f0-9]{12}\s+\d+\.\dMiB\n$/);
    const bad = await run(['images', 'import', '--data-dir', join(dir, 'node'), join(dir, 'junk.tar')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: .*junk\.tar: /);
    const usage = await run(['images', 'import']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /import needs at least one archive file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
