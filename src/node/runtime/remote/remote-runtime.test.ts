import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../util/index.js';
import { RuntimeError } from '../container-runtime.js';
import { CommandError } from '../exec.js';
import { fakeProgram, FakeRuntime } from '../fake/fake-runtime.js';
import { runtimeConformance } from '../runtime.case.test.js';
import { busyboxImage, runcSkipReason, shellProgram } from '../runc/runc-harness.case.test.js';
import { RemoteRuntime } from './remote-runtime.js';
import { serveRuntime } from './runtime-server.js';
import { ensureRuntimeProcess, runtimePidPath } from './runtime-process.js';
import { decodeJson, encodeJson, errorFromWire, errorToWire } from './wire.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('wire: Dates and Buffers come back as themselves; errors keep their kind', () => {
  const value = { at: new Date('2026-12-07T05:00:00.123Z'), data: Buffer.from('hi'), nested: [{ at: new Date(0) }], plain: { $date: 1 } };
  assert.deepEqual(decodeJson(encodeJson(value)), value);
  const command = errorFromWire(errorToWire(new CommandError('runc kill x', 1, 'container not running')));
  assert.ok(command instanceof CommandError);
  assert.deepEqual([command.command, command.code, command.stderr, command.message], ['runc kill x', 1, 'container not running', 'runc kill x: container not running']);
  const runtime = errorFromWire(errorToWire(new RuntimeError('lost')));
  assert.ok(runtime instanceof RuntimeError);
  assert.equal(runtime.message, 'lost');
});

// The fake runtime served in this process: the socket, the calls and the relayed streams without root.
runtimeConformance('remote (fake)', async () => {
  const clock = new FakeClock();
  const dir = await mkdtemp(join(tmpdir(), 'skiff-remote-fake-'));
  const served = await serveRuntime(new FakeRuntime({ clock }), join(dir, 'runtime.sock'));
  const runtime = await RemoteRuntime.connect(join(dir, 'runtime.sock'));
  return {
    runtime, imageRoot: '/nonexistent', dir, program: (p) => fakeProgram(p),
    // Calls in flight reach the fake before its clock moves, and their answers come back after.
    elapse: async (ms) => { await sleep(20); clock.advance(ms); await sleep(20); },
    close: async () => {
      await runtime[Symbol.asyncDispose]();
      await served[Symbol.asyncDispose]();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

test('a call to a runtime that went away rejects with RuntimeUnavailable, and so does connecting', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-remote-gone-'));
  try {
    const served = await serveRuntime(new FakeRuntime({ clock: new FakeClock() }), join(dir, 'runtime.sock'));
    const runtime = await RemoteRuntime.connect(join(dir, 'runtime.sock'));
    assert.equal(runtime.name, 'fake');
    assert.equal(runtime.cgroupPathOf('abc'), '/fake/abc');
    await served[Symbol.asyncDispose]();
    await assert.rejects(runtime.listContainers(), { name: 'RuntimeUnavailable' });
    await assert.rejects(RemoteRuntime.connect(join(dir, 'runtime.sock')), { name: 'RuntimeUnavailable' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const skip = runcSkipReason();

/** The real runtime process (runc) this test starts; close() stops its containers and the process. */
async function runtimeProcess(): Promise<{ dir: string; image: string; connect(): Promise<RemoteRuntime>; runtime: RemoteRuntime; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-remote-runc-'));
  const image = await busyboxImage(join(dir, 'image'));
  const root = join(dir, 'agent');
  await mkdir(root, { recursive: true });
  const { runtime: first, started } = await ensureRuntimeProcess(root);
  assert.equal(started, true);
  const handle = {
    dir: root, image, runtime: first,
    connect: async () => (await ensureRuntimeProcess(root)).runtime,
    close: async () => {
      const runtime = handle.runtime;
      for (const c of await runtime.listContainers()) await runtime.removeContainer(c.id);
      for (const s of await runtime.listSandboxes()) await runtime.removeSandbox(s.podUid);
      await runtime.shutdown();
      for (let i = 0; i < 100 && existsSync(runtimePidPath(root)); i++) await sleep(20);
      await runtime[Symbol.asyncDispose]();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

runtimeConformance('remote (runc runtime process)', async () => {
  const p = await runtimeProcess();
  return { runtime: p.runtime, imageRoot: p.image, dir: p.dir, program: shellProgram, elapse: sleep, close: p.close };
}, skip !== undefined ? { skip } : {});

test('the runtime process outlives its client: another connection finds the container running, waits for it, execs and attaches', { ...(skip !== undefined ? { skip } : {}), timeout: 60_000 }, async () => {
  const p = await runtimeProcess();
  try {
    const first = p.runtime;
    const sandbox = await first.createSandbox('pod-1');
    const started = await first.startContainer(sandbox, {
      podUid: 'pod-1', name: 'web', attempt: 3, imageRoot: p.image, args: ['/bin/sh', '-c', "trap 'exit 143' TERM; exec 3<&0; cat <&3 & wait"], env: ['PATH=/bin'], workingDir: '/',
      user: { uid: 0, gid: 0, additionalGids: [] }, hostname: 'pod-1', readOnlyRoot: false, privileged: false, noNewPrivileges: false,
      capabilities: ['CAP_KILL'], resources: { cpuShares: 2, cpuPeriod: 100_000 }, mounts: [], tty: false, stdin: true, stdinOnce: false, logPath: join(p.dir, 'logs', 'web', '3.log'),
    });
    // The agent goes away (its connection closes); a new one connects to the same process.
    const second = await p.connect();
    p.runtime = second;
    await first[Symbol.asyncDispose]();
    const listed = await second.listContainers();
    assert.deepEqual(listed.map((c) => [c.id, c.podUid, c.name, c.attempt, c.state.kind, c.startedAt.getTime()]), [[started.id, 'pod-1', 'web', 3, 'running', started.startedAt.getTime()]]);
    assert.deepEqual((await second.listSandboxes()).map((s) => s.podUid), ['pod-1']);
    const exec = second.exec(started.id, ['/bin/echo', 'from exec'], { tty: false, stdin: false });
    let out = '';
    exec.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    let execErr = '';
    exec.stderr.on('data', (d: Buffer) => { execErr += d.toString(); });
    assert.deepEqual([await exec.exited, execErr], [0, '']);
    assert.equal(out, 'from exec\n');
    const streams = await second.attach(started.id);
    assert.ok(streams?.stdin);
    let attached = '';
    streams.stdout.on('data', (d: Buffer) => { attached += d.toString(); });
    streams.stdin.write('hello\n');
    for (let i = 0; i < 200 && !attached.includes('hello'); i++) await sleep(10);
    assert.equal(attached, 'hello\n');
    const waited = second.waitContainer(started.id);
    await second.stopContainer(started.id, { gracePeriodMs: 5000 });
    assert.equal((await waited).exitCode, 143);
  } finally {
    await p.close();
  }
});
