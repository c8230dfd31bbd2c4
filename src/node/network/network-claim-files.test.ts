import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimPodNetwork, readNetworkClaims } from './network-claim-files.js';

const self = fileURLToPath(new URL('./network-claim-files.js', import.meta.url));

/** A separate process claiming range for dataDir in claimsDir (it keeps the claim: its pid stays alive for 2 s). */
function claimInProcess(claimsDir: string, range: string, bridge: string, dataDir: string): Promise<string> {
  const script = `import(${JSON.stringify(self)}).then(async (m) => {
    try { await m.claimPodNetwork({ podCidr: ${JSON.stringify(range)}, bridge: ${JSON.stringify(bridge)}, dataDir: ${JSON.stringify(dataDir)} }, { hint: 'hint', dir: ${JSON.stringify(claimsDir)} }); console.log('claimed'); setTimeout(() => {}, 2000); }
    catch (e) { console.log(e.name); }
  });`;
  return new Promise((resolve) => execFile(process.execPath, ['--input-type=module', '-e', script], (_e, stdout) => resolve(stdout.trim())));
}

test('claimPodNetwork(): of two agents claiming overlapping ranges at the same instant, exactly one gets it', async () => {
  for (let round = 0; round < 5; round++) {
    const dir = await mkdtemp(join(tmpdir(), 'skiff-claims-'));
    try {
      const results = await Promise.all([
        claimInProcess(dir, '10.242.0.0/24', 'skiffaaaaaa', '/data/a'),
        claimInProcess(dir, '10.242.0.0/24', 'skiffbbbbbb', '/data/b'),
      ]);
      assert.deepEqual(results.sort(), ['PodNetworkConflict', 'claimed'], `round ${round}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});

test('claimPodNetwork() records the claim for the pid given (the runtime process), and the same data dir may claim again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-claims-'));
  try {
    await claimPodNetwork({ podCidr: '10.243.0.0/24', bridge: 'skiffcccccc', dataDir: '/data/c', pid: process.pid }, { hint: 'h', dir });
    await claimPodNetwork({ podCidr: '10.243.0.0/24', bridge: 'skiffcccccc', dataDir: '/data/c', pid: process.pid }, { hint: 'h', dir });
    await assert.rejects(claimPodNetwork({ podCidr: '10.243.0.0/16', bridge: 'skiffdddddd', dataDir: '/data/d' }, { hint: 'use another', dir }), /in use by another Skiff on this machine .*; use another/);
    assert.deepEqual(readNetworkClaims(dir).map((c) => [c.bridge, c.pid]), [['skiffcccccc', process.pid]]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
