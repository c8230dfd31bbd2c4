// e2e: a busybox image built from Debian's busybox-static, pushed to Debian's docker-registry on
// 127.0.0.1, pulled with `skiff images pull` into a node's image store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { skiffBin } from '../support/skiff-process.js';
import { registryAvailable, startRegistry } from '../support/local-registry.js';
import { busyboxLayer } from '../support/test-images.js';

const skip = !registryAvailable() ? 'docker-registry (Debian package) is not installed' : !existsSync('/bin/busybox') ? 'busybox-static (Debian package) is not installed' : false;

const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => new Promise((resolve) => {
  execFile(process.execPath, [skiffBin, ...args], (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
});

test('skiff images pull fetches a busybox image from a local docker-registry', { skip }, async () => {
  const registry = await startRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'skiff-pull-e2e-'));
  try {
    const layer = await busyboxLayer();
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [`sha256:${createHash('sha256').update(layer).digest('hex')}`] } }));
    const digest = await registry.push('test/busybox', '1.35', { config, layers: [layer] });
    const pulled = await run(['images', 'pull', '--data-dir', dir, `${registry.host}/test/busybox:1.35`]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(pulled.stdout, `pulled ${registry.host}/test/busybox:1.35 (${digest})\n`);
    const list = await run(['images', 'list', '--data-dir', dir]);
    assert.match(list.stdout, new RegExp(`${registry.host.replaceAll('.', '\\.')}/test/busybox:1\\.35\\s+sha256:[a-f0-9]{12}\\s+2\\.\\dMiB`));
    assert.ok(existsSync(join(dir, 'images', 'blobs', 'sha256', createHash('sha256').update(layer).digest('hex'))));
    const missing = await run(['images', 'pull', '--data-dir', dir, `${registry.host}/test/busybox:nope`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not found: http:\/\/127\.0\.0\.1:\d+\/v2\/test\/busybox\/manifests\/nope/);
  } finally {
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
