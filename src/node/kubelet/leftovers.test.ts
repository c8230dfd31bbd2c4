import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../util/index.js';
import { fakeProgram, FakeRuntime } from '../runtime/fake/fake-runtime.js';
import { removeLeftovers, removeOrphans } from './leftovers.js';

test('removeLeftovers() stops and removes every container and sandbox, unmounts what pod directories hold, removes them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-leftovers-'));
  try {
    const runtime = new FakeRuntime({ clock: new FakeClock() });
    const sandbox = await runtime.createSandbox('a');
    const base = { podUid: 'a', attempt: 0, imageRoot: '/', env: [], workingDir: '/', user: { uid: 0, gid: 0, additionalGids: [] }, hostname: 'a', readOnlyRoot: false, privileged: false, noNewPrivileges: false, capabilities: [], resources: { cpuShares: 2, cpuPeriod: 100_000 }, mounts: [], tty: false, stdin: false, stdinOnce: false };
    await runtime.startContainer(sandbox, { ...base, name: 'web', args: fakeProgram({ ignoresTerm: true }), logPath: join(dir, 'logs', 'web', '0.log') });
    const podsDir = join(dir, 'pods');
    await mkdir(join(podsDir, 'a', 'ns'), { recursive: true });
    await writeFile(join(podsDir, 'a', 'ns', 'net'), '');
    await mkdir(join(podsDir, 'b', 'volumes', 'kubernetes.io~empty-dir', 'cache'), { recursive: true });
    const ran: string[] = [];
    await removeLeftovers(runtime, { podsDir, run: async (file, args) => { ran.push(`${file} ${args.join(' ')}`); return ''; } });
    assert.deepEqual([await runtime.listContainers(), await runtime.listSandboxes(), await readdir(podsDir)], [[], [], []]);
    assert.deepEqual(ran, [`umount ${join(podsDir, 'a', 'ns', 'net')}`, `umount ${join(podsDir, 'b', 'volumes', 'kubernetes.io~empty-dir', 'cache')}`]);
    assert.deepEqual(runtime.calls.filter((c) => !c.startsWith('createSandbox') && !c.startsWith('startContainer')), ['stopContainer fake000001 grace=0', 'removeContainer fake000001', 'removeSandbox a']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('removeOrphans() keeps what belongs to the pods kept, and removes the rest with its pod network', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-orphans-'));
  try {
    const runtime = new FakeRuntime({ clock: new FakeClock() });
    const base = { attempt: 0, imageRoot: '/', env: [], workingDir: '/', user: { uid: 0, gid: 0, additionalGids: [] }, hostname: 'a', readOnlyRoot: false, privileged: false, noNewPrivileges: false, capabilities: [], resources: { cpuShares: 2, cpuPeriod: 100_000 }, mounts: [], tty: false, stdin: false, stdinOnce: false };
    const podsDir = join(dir, 'pods');
    for (const uid of ['kept', 'gone']) {
      const sandbox = await runtime.createSandbox(uid);
      await runtime.startContainer(sandbox, { ...base, podUid: uid, name: 'web', args: fakeProgram({}), logPath: join(dir, 'logs', uid, '0.log') });
      await mkdir(join(podsDir, uid), { recursive: true });
    }
    await mkdir(join(podsDir, 'stale'), { recursive: true });
    const detached: string[] = [];
    const removed = await removeOrphans(runtime, { podsDir, run: async () => '', detach: async (uid) => { detached.push(uid); } }, (uid) => uid === 'kept');
    assert.deepEqual(removed, ['gone', 'stale']);
    assert.deepEqual(detached, ['gone']);
    assert.deepEqual((await runtime.listContainers()).map((c) => [c.podUid, c.state.kind]), [['kept', 'running']]);
    assert.deepEqual((await runtime.listSandboxes()).map((s) => s.podUid), ['kept']);
    assert.deepEqual(await readdir(podsDir), ['kept']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
