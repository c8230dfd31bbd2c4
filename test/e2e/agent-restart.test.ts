// e2e (issue 19): pods outlive their agent. A StatefulSet whose container writes a counter to its volume keeps
// running while `skiff server` is stopped with SIGTERM and killed with SIGKILL; the restarted server adopts it —
// the same container ID, RESTARTS unchanged, the same pod IP, the writer never stopped — and `kubectl logs` and
// `exec` work on the adopted container. `skiff killall` then leaves nothing: no container, no runtime process, no
// bridge, no service rules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killall, startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { startRegistry, type LocalRegistry } from '../support/local-registry.js';
import { registryNodeSkip } from '../support/registry-node.js';
import { pushTestImages, type TestImages } from '../support/test-images.js';
import { eventually } from '../support/eventually.js';

const skip = registryNodeSkip('agent restart e2e');
const node = 'skiff-restart-node';

describe('pods outlive their agent', { skip }, () => {
  let s: SkiffProcess;
  let registry: LocalRegistry;
  let images: TestImages;
  const dataDir = mkdtempSync(join(tmpdir(), 'skiff-restart-e2e-'));
  const agentDir = join(dataDir, 'agent');
  before(async () => {
    registry = await startRegistry();
    images = await pushTestImages(registry);
    s = await startSkiff({ agent: true, dataDir, args: ['--node-name', node] });
  });
  after(async () => {
    await s?.stop();
    await killall(dataDir);
    await registry?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const pod = async (): Promise<{ id: string; restarts: number; ip: string; ready: boolean }> => {
    const p = JSON.parse(await s.k('get', 'pod', 'writer-0', '-o', 'json')) as { status: { podIP: string; containerStatuses: { containerID: string; restartCount: number; ready: boolean }[] } };
    const c = p.status.containerStatuses[0]!;
    return { id: c.containerID, restarts: c.restartCount, ip: p.status.podIP, ready: c.ready };
  };
  /** The writer's lines "<n> <unix seconds>": consecutive numbers from 1 (one process), and when each was written. */
  const counted = async (): Promise<{ n: number; at: number }[]> =>
    (await s.k('exec', 'writer-0', '--', 'cat', '/data/count')).trim().split('\n').map((l) => { const [n, at] = l.split(' ').map(Number); return { n: n!, at: at! }; });
  const assertNeverStopped = (lines: { n: number; at: number }[], downFrom: number, downTo: number): void => {
    lines.forEach((l, i) => assert.equal(l.n, i + 1, `line ${i + 1} of the counter is ${l.n}: the writer started over`));
    const during = lines.filter((l) => l.at > downFrom && l.at < downTo);
    assert.ok(during.length >= Math.floor((downTo - downFrom) * 2), `the writer wrote ${during.length} lines in the ${downTo - downFrom} s the server was down`);
    for (let i = 1; i < lines.length; i++) assert.ok(lines[i]!.at - lines[i - 1]!.at <= 2, `a gap of ${lines[i]!.at - lines[i - 1]!.at} s in the writer's lines`);
  };

  test('a StatefulSet runs on through a SIGTERM and a SIGKILL of the server: same container, RESTARTS 0, the writer never stopped; logs and exec work', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'writer' }, spec: { clusterIP: 'None', selector: { app: 'writer' }, ports: [{ port: 80 }] } };
    const sts = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'writer' },
      spec: {
        serviceName: 'writer', replicas: 1, selector: { matchLabels: { app: 'writer' } },
        template: {
          metadata: { labels: { app: 'writer' } },
          spec: {
            terminationGracePeriodSeconds: 1,
            containers: [{
              name: 'writer', image: images.busybox, volumeMounts: [{ name: 'data', mountPath: '/data' }],
              command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "$i $(date +%s)" >> /data/count; echo "tick $i"; sleep 0.25; done'],
              readinessProbe: { exec: { command: ['test', '-s', '/data/count'] }, periodSeconds: 1 },
            }],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    };
    await s.create(yamlStream([svc, sts]));
    await eventually(async () => assert.match(await s.k('get', 'sts', 'writer'), /writer\s+1\/1\s/), { timeoutMs: 60_000 });
    const before = await pod();
    assert.equal(before.restarts, 0);
    assert.ok(before.ready);

    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const downFrom = Math.floor(Date.now() / 1000);
      await s.stop(signal, { keepPods: true });
      // Down: the container runs on in the runtime process.
      const runtimePid = Number(readFileSync(join(agentDir, 'runtime.pid'), 'utf8'));
      assert.ok(existsSync(`/proc/${runtimePid}`), 'the runtime process runs on');
      await new Promise((r) => setTimeout(r, 3000));
      s = await startSkiff({ agent: true, dataDir, args: ['--node-name', node] });
      const downTo = Math.floor(Date.now() / 1000);
      await eventually(async () => assert.match(await s.k('get', 'pod', 'writer-0', '--no-headers'), /^writer-0\s+1\/1\s+Running\s+0\s/), { timeoutMs: 60_000 });
      const after = await pod();
      assert.deepEqual(after, before, `after ${signal}: the same container, restart count, address and readiness`);
      assert.equal(Number(readFileSync(join(agentDir, 'runtime.pid'), 'utf8')), runtimePid, 'the same runtime process');
      assertNeverStopped(await counted(), downFrom, downTo);
      // kubectl logs of the adopted container has what it wrote while no agent ran.
      const logs = (await s.k('logs', 'writer-0')).trim().split('\n');
      assert.ok(logs.length >= (await counted()).length - 8, `${logs.length} log lines`);
      assert.match(logs.at(-1)!, /^tick \d+$/);
      assert.equal(await s.k('exec', 'writer-0', '--', 'hostname'), 'writer-0\n');
      const events = await s.k('get', 'events', '--field-selector', 'involvedObject.name=writer-0,reason=Started', '-o', 'name');
      assert.equal(events.trim().split('\n').length, 1, 'the container was started once');
    }
  });

  test('skiff killall stops everything the node ran and removes its network', async () => {
    const bridge = (JSON.parse(readFileSync(join(agentDir, 'network.json'), 'utf8')) as { bridge: string }).bridge;
    const runtimePid = Number(readFileSync(join(agentDir, 'runtime.pid'), 'utf8'));
    await s.stop('SIGTERM', { keepPods: true });
    const r = await killall(dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /stopped 1 container\(s\) and the runtime process/);
    assert.match(r.stdout, new RegExp(`removed the pod network \\(bridge ${bridge}`));
    assert.equal(existsSync(`/proc/${runtimePid}`), false, 'the runtime process is gone');
    const runc = execFileSync('runc', ['--root', join(agentDir, 'runc'), 'list', '--format', 'json'], { encoding: 'utf8' }).trim();
    assert.ok(runc === 'null' || runc === '[]' || runc === '', `runc still lists ${runc}`);
    for (const d of ['pods', 'sandboxes', 'containers']) assert.deepEqual(existsSync(join(agentDir, d)) ? readdirSync(join(agentDir, d)) : [], [], d);
    assert.equal(existsSync(`/sys/class/net/${bridge}`), false, `bridge ${bridge} is gone`);
    assert.doesNotMatch(execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' }), new RegExp(`skiff-proxy-${bridge}\\b`));
    assert.equal(existsSync(`/run/skiff/networks/${bridge}.json`), false, 'the network claim is released');
    // A second killall finds nothing to do.
    assert.equal((await killall(dataDir)).stdout, '');
    // The cluster starts again from its datastore: the set's pod comes back on its claim, with its data.
    s = await startSkiff({ agent: true, dataDir, args: ['--node-name', node] });
    await eventually(async () => assert.match(await s.k('get', 'sts', 'writer'), /writer\s+1\/1\s/), { timeoutMs: 90_000 });
    assert.ok((await s.k('exec', 'writer-0', '--', 'cat', '/data/count')).trim().split('\n').length > 10, 'the data survived');
  });
});
