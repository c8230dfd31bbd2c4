import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { PodVolumes } from './volumes.js';

test('PodVolumes: a projected token is reused while fresh and renewed at 80% of its lifetime', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-volumes-'));
  try {
    let now = 1_000_000;
    const issued: number[] = [];
    const volumes = new PodVolumes({
      sandboxDir: dir, run: async () => '', nowMs: () => now,
      sources: {
        configMap: () => undefined, secret: () => undefined, claim: () => undefined, volume: () => undefined,
        token: async (_pod, sa, audiences, seconds) => { issued.push(seconds); return `token-${sa}-${audiences.join(',')}-${issued.length}`; },
      },
    });
    const pod: Pod = {
      metadata: { name: 'p', namespace: 'ns', uid: 'u1' },
      spec: { serviceAccountName: 'robot', containers: [], volumes: [{ name: 'api', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600, audience: 'vault' } }] } }] },
    };
    const prepared = await volumes.prepare(pod);
    const file = join(prepared.get('api')!.path, 'token');
    assert.equal(readFileSync(file, 'utf8'), 'token-robot-vault-1');
    assert.equal(volumes.nextTokenRefreshMs, now + 2_880_000);
    now += 60_000;
    assert.deepEqual(await volumes.refresh(pod), []);
    assert.deepEqual(issued, [3600]);
    now += 2_820_000;
    assert.deepEqual(await volumes.refresh(pod), ['api']);
    assert.equal(readFileSync(file, 'utf8'), 'token-robot-vault-2');
    assert.deepEqual(issued, [3600, 3600]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
