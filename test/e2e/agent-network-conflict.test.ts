// e2e: two `skiff server`s with embedded agents on one machine (different data dirs). The second may not share
// the first one's bridge, pod CIDR and cluster DNS address: it refuses at start, naming the conflict and the flag.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, skiffBin, startSkiff, uniqueClusterCidr, type SkiffProcess } from '../support/skiff-process.js';

const runc = ((): boolean => { try { execFileSync('runc', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
const skip = process.getuid?.() !== 0 ? 'needs root (the agent makes a bridge and serves DNS on its gateway)' : !runc ? 'runc is not installed' : !kubectlAvailable() ? 'kubectl is not on PATH' : false;
if (skip) process.stdout.write(`# skipping the pod network conflict e2e: ${skip}\n`);

/** Runs `skiff server` until it exits (or 30 s pass): its exit code and output. */
function runServer(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [skiffBin, 'server', '--https-listen-port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => p.kill('SIGTERM'), 30_000);
    p.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

describe('a second server on the same machine', { skip }, () => {
  const cidr = uniqueClusterCidr();
  let first: SkiffProcess;
  const secondDir = mkdtempSync(join(tmpdir(), 'skiff-second-'));
  before(async () => { first = await startSkiff({ agent: true, args: ['--cluster-cidr', cidr] }); });
  after(async () => {
    await first?.stop();
    rmSync(secondDir, { recursive: true, force: true });
  });

  test('refuses to start on the pod CIDR of the running one, naming the conflict and --cluster-cidr; the first keeps running', async () => {
    const podCidr = cidr.replace(/\/22$/, '/24');
    const gateway = cidr.replace(/\.0\/22$/, '.1');
    const r = await runServer(['--data-dir', secondDir, '--write-kubeconfig', join(secondDir, 'kubeconfig.yaml'), '--cluster-cidr', cidr]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    assert.match(r.stderr, new RegExp(`^Error: Cannot start the agent: pod CIDR ${escape(podCidr)} \\(bridge skiff[0-9a-f]{6}, cluster DNS ${escape(gateway)}:53\\) is in use by another Skiff on this machine \\(pid \\d+, data dir ${escape(first.dataDir)}\\); start this server with another --cluster-cidr \\(such as \\d+\\.\\d+\\.0\\.0/16\\), or with --disable-agent\\n$`));
    // Refused before anything started: no API server, no kubeconfig, no store.
    assert.doesNotMatch(r.stdout, /listening on/);
    assert.equal(existsSync(join(secondDir, 'kubeconfig.yaml')), false);
    assert.deepEqual(readdirSync(secondDir), []);
    // The first server's node and its DNS are unharmed.
    assert.match(await first.k('get', 'nodes'), /\sReady\s/);
    assert.match(first.child.exitCode === null ? 'running' : 'exited', /running/);
  });

  test('starts with another --cluster-cidr, next to the first', async () => {
    const second = await startSkiff({ agent: true });
    try {
      assert.match(await second.k('get', 'nodes'), /\sReady\s/);
      assert.match(await first.k('get', 'nodes'), /\sReady\s/);
    } finally {
      await second.stop();
    }
  });
});
