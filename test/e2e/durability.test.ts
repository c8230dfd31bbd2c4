// e2e: a server killed with SIGKILL in the middle of 1,000 concurrent creates restarts with every
// acknowledged create present and the store intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:https';
import { postJson } from '../support/https-get.js';
import { startSkiff } from '../support/skiff-process.js';


test('skiff server keeps every acknowledged create across SIGKILL', async () => {
  const first = await startSkiff({ keepDataDir: true });
  const dataDir = first.dataDir;
  try {
    const tls = join(dataDir, 'tls');
    const agent = new Agent({ keepAlive: true, maxSockets: 100, ca: readFileSync(join(tls, 'ca.crt')), cert: readFileSync(join(tls, 'admin.crt')), key: readFileSync(join(tls, 'admin.key')) });
    const url = new URL(first.url);
    const acked: string[] = [];
    let killed = false;
    const all = Array.from({ length: 1000 }, (_, i) => `cm-${i}`);
    await Promise.all(all.map(async (name, i) => {
      const code = await postJson(agent, url, '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } });
      if (code === 201) acked.push(name);
      if (acked.length === 300 && !killed) { killed = true; first.child.kill('SIGKILL'); }
    }));
    agent.destroy();
    await first.stop('SIGKILL');
    assert.ok(killed, 'the server was killed mid-way');
    assert.ok(acked.length >= 300 && acked.length < 1000, `some but not all creates were acknowledged (${acked.length})`);
    const second = await startSkiff({ dataDir });
    try {
      const names = new Set((await second.k('get', 'configmaps', '-n', 'default', '-o', 'jsonpath={.items[*].metadata.name}')).split(' '));
      const missing = acked.filter((n) => !names.has(n));
      assert.deepEqual(missing, [], 'every acknowledged create survived');
      // The store is usable after the crash: writes continue with higher resourceVersions.
      await second.k('create', 'configmap', 'after-crash', '--from-literal=a=b');
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
