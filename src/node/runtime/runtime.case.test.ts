// The ContainerRuntime conformance suite: every runtime runs these same cases (fake always, runc as root).
// This file only exports runtimeConformance(); running it directly registers no tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ContainerConfig, ContainerRuntime, Sandbox } from './container-runtime.js';
import { parseLogLine } from './cri-log.js';
import type { FakeBehaviour } from './fake/fake-runtime.js';

/** What a test process does (the fake's own behaviours, less its start failure); each runtime turns it into args. */
export type Program = Omit<FakeBehaviour, 'startError'>;

export interface RuntimeHarness {
  runtime: ContainerRuntime;
  /** An unpacked image the runtime's processes run in. */
  imageRoot: string;
  /** A scratch directory (logs). */
  dir: string;
  program(p: Program): string[];
  /** Lets ms of the runtime's time pass (a fake clock advances; a real runtime waits). */
  elapse(ms: number): Promise<void>;
  close(): Promise<void>;
}

let seq = 0;

/** Registers the conformance tests for one runtime. `open` returns a fresh harness; `skip` gives the reason not to run. */
export function runtimeConformance(name: string, open: () => Promise<RuntimeHarness>, options: { skip?: string } = {}): void {
  const t = (what: string, fn: (h: RuntimeHarness) => Promise<void>): void => {
    test(`${name}: ${what}`, { ...(options.skip !== undefined ? { skip: options.skip } : {}), timeout: 60_000 }, async () => {
      const h = await open();
      try { await fn(h); } finally { await h.close(); }
    });
  };
  const config = (h: RuntimeHarness, program: Program, extra: Partial<ContainerConfig> = {}): ContainerConfig => {
    const n = ++seq;
    return {
      podUid: `pod-${n}`, name: `c${n}`, attempt: 0, imageRoot: h.imageRoot, args: h.program(program), env: ['PATH=/bin'], workingDir: '/',
      user: { uid: 0, gid: 0, additionalGids: [] }, hostname: `pod-${n}`, readOnlyRoot: false, privileged: false, noNewPrivileges: false,
      capabilities: ['CAP_KILL', 'CAP_SETUID', 'CAP_SETGID'], resources: { cpuShares: 2, cpuPeriod: 100_000 }, mounts: [],
      tty: false, stdin: false, stdinOnce: false, logPath: join(h.dir, 'logs', `c${n}`, '0.log'), ...extra,
    };
  };
  const withSandbox = async (h: RuntimeHarness, fn: (sandbox: Sandbox) => Promise<void>): Promise<void> => {
    const sandbox = await h.runtime.createSandbox(`pod-sandbox-${++seq}`);
    try { await fn(sandbox); } finally {
      for (const c of await h.runtime.listContainers()) await h.runtime.removeContainer(c.id);
      await h.runtime.removeSandbox(sandbox.podUid);
    }
  };
  const logOf = async (path: string): Promise<string[]> =>
    (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => { const r = parseLogLine(l); return r ? `${r.stream} ${r.partial ? 'P' : 'F'} ${r.text}` : `unparsable: ${l}`; });

  t('createSandbox() is idempotent, listSandboxes() shows it, removeSandbox() twice is fine', async (h) => {
    const a = await h.runtime.createSandbox('pod-a');
    assert.deepEqual(await h.runtime.createSandbox('pod-a'), a);
    assert.notEqual(a.namespaces.network, a.namespaces.uts);
    assert.deepEqual((await h.runtime.listSandboxes()).map((s) => s.podUid), ['pod-a']);
    await h.runtime.removeSandbox('pod-a');
    await h.runtime.removeSandbox('pod-a');
    assert.deepEqual(await h.runtime.listSandboxes(), []);
  });

  t('startContainer() runs it; its exit code and times are recorded; listContainers() shows it until removed', async (h) => withSandbox(h, async (sandbox) => {
    const c = config(h, { runsMs: 300, exitCode: 3 }, { attempt: 2 });
    const started = await h.runtime.startContainer(sandbox, c);
    assert.deepEqual([started.podUid, started.name, started.attempt, started.logPath, started.imageRoot, started.state], [c.podUid, c.name, 2, c.logPath, c.imageRoot, { kind: 'running' }]);
    assert.deepEqual((await h.runtime.listContainers()).map((x) => [x.id, x.state.kind]), [[started.id, 'running']]);
    const waited = h.runtime.waitContainer(started.id);
    await h.elapse(300);
    const exit = await waited;
    assert.equal(exit.exitCode, 3);
    assert.equal(exit.oomKilled, false);
    assert.ok(exit.finishedAt.getTime() - started.startedAt.getTime() >= 250, `ran ${exit.finishedAt.getTime() - started.startedAt.getTime()} ms`);
    assert.deepEqual((await h.runtime.containerStatus(started.id))?.state, { kind: 'exited', exit });
    assert.deepEqual(await h.runtime.waitContainer(started.id), exit, 'waiting again answers at once');
    await h.runtime.removeContainer(started.id);
    assert.deepEqual(await h.runtime.listContainers(), []);
    assert.equal(await h.runtime.containerStatus(started.id), undefined);
    await h.runtime.removeContainer(started.id);
    await assert.rejects(h.runtime.waitContainer(started.id));
  }));

  t('the container\'s stdout and stderr go to its log in CRI format', async (h) => withSandbox(h, async (sandbox) => {
    const c = config(h, { stdout: ['hello', 'world'], stderr: ['oops'], runsMs: 0 });
    const started = await h.runtime.startContainer(sandbox, c);
    const waited = h.runtime.waitContainer(started.id);
    await h.elapse(0);
    await waited;
    const lines = await logOf(c.logPath);
    assert.deepEqual(lines.filter((l) => l.startsWith('stdout')), ['stdout F hello', 'stdout F world']);
    assert.deepEqual(lines.filter((l) => l.startsWith('stderr')), ['stderr F oops']);
  }));

  t('with config.logRotation the log is rotated to <log>.<timestamp> as it grows, and no line is lost', async (h) => withSandbox(h, async (sandbox) => {
    // About 6 records fit in 300 bytes: 3 or more files however the lines spread over seconds, fewer than maxFiles.
    const written = Array.from({ length: 20 }, (_, i) => `line-${String(i).padStart(2, '0')}`);
    const c = config(h, { stdout: written, runsMs: 0 }, { logRotation: { maxBytes: 300, maxFiles: 5 } });
    const started = await h.runtime.startContainer(sandbox, c);
    const waited = h.runtime.waitContainer(started.id);
    await h.elapse(0);
    await waited;
    const names = (await readdir(dirname(c.logPath))).sort();
    const rotated = names.filter((n) => n !== '0.log');
    assert.ok(rotated.length > 0 && rotated.every((n) => /^0\.log\.\d{8}-\d{6}(\.gz)?$/.test(n)), names.join(' '));
    assert.ok(rotated.slice(0, -1).every((n) => n.endsWith('.gz')) && !rotated.at(-1)?.endsWith('.gz'), `all but the newest rotated file compressed: ${names.join(' ')}`);
    const texts: string[] = [];
    for (const n of [...rotated, '0.log']) {
      const raw = await readFile(join(dirname(c.logPath), n));
      texts.push(...(n.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8').split('\n').filter(Boolean).map((l) => parseLogLine(l)?.text ?? `unparsable: ${l}`));
    }
    assert.deepEqual(texts, written);
  }));

  t('stopContainer() ends a container that honours SIGTERM with 143 without waiting for the grace period', async (h) => withSandbox(h, async (sandbox) => {
    const started = await h.runtime.startContainer(sandbox, config(h, {}));
    const before = Date.now();
    await h.runtime.stopContainer(started.id, { gracePeriodMs: 30_000 });
    assert.ok(Date.now() - before < 10_000);
    assert.equal((await h.runtime.waitContainer(started.id)).exitCode, 143);
    await h.runtime.stopContainer(started.id, { gracePeriodMs: 30_000 });
  }));

  t('stopContainer() kills a container that ignores SIGTERM once the grace period is over (137)', async (h) => withSandbox(h, async (sandbox) => {
    const started = await h.runtime.startContainer(sandbox, config(h, { ignoresTerm: true }));
    let stopped = false;
    const stopping = h.runtime.stopContainer(started.id, { gracePeriodMs: 1500 }).then(() => { stopped = true; });
    await h.elapse(500);
    assert.equal(stopped, false, 'still in its grace period');
    assert.equal((await h.runtime.containerStatus(started.id))?.state.kind, 'running');
    await h.elapse(1000);
    await stopping;
    assert.equal((await h.runtime.waitContainer(started.id)).exitCode, 137);
  }));

  t('stopContainer() with no grace period kills at once; stopping an unknown container is fine', async (h) => withSandbox(h, async (sandbox) => {
    const started = await h.runtime.startContainer(sandbox, config(h, { ignoresTerm: true }));
    await h.runtime.stopContainer(started.id, { gracePeriodMs: 0 });
    assert.equal((await h.runtime.waitContainer(started.id)).exitCode, 137);
    await h.runtime.stopContainer('no-such-container', { gracePeriodMs: 0 });
  }));

  t('exec() runs a process in the running container with its output and exit code; a stopped one refuses', async (h) => withSandbox(h, async (sandbox) => {
    const started = await h.runtime.startContainer(sandbox, config(h, {}));
    const p = h.runtime.exec(started.id, h.program({ stdout: ['from exec'], exitCode: 4, runsMs: 0 }), { tty: false, stdin: false });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    p.stderr.resume();
    assert.equal(await p.exited, 4);
    assert.equal(out, 'from exec\n');
    await h.runtime.stopContainer(started.id, { gracePeriodMs: 0 });
    const late = h.runtime.exec(started.id, h.program({ exitCode: 0, runsMs: 0 }), { tty: false, stdin: false });
    late.stdout.resume();
    late.stderr.resume();
    assert.notEqual(await late.exited, 0);
  }));

  t('attach() gives a running container\'s stdin and output; none once it has exited', async (h) => withSandbox(h, async (sandbox) => {
    const c = config(h, { echoStdin: true, exitCode: 0 }, { stdin: true });
    const started = await h.runtime.startContainer(sandbox, c);
    const streams = await h.runtime.attach(started.id);
    assert.ok(streams?.stdin, 'stdin is open');
    let out = '';
    streams.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const waited = h.runtime.waitContainer(started.id);
    streams.stdin.end('typed\n');
    await h.elapse(0);
    assert.equal((await waited).exitCode, 0);
    assert.equal(out, 'typed\n');
    assert.deepEqual((await logOf(c.logPath)).filter((l) => l.startsWith('stdout')), ['stdout F typed']);
    assert.equal(await h.runtime.attach(started.id), undefined);
  }));

  t('a stdinOnce container keeps what it wrote before the first attach for that attach only', async (h) => withSandbox(h, async (sandbox) => {
    const c = config(h, { stdout: ['early'] }, { stdin: true, stdinOnce: true });
    const started = await h.runtime.startContainer(sandbox, c);
    for (let i = 0; i < 200 && !(await readFile(c.logPath, 'utf8').catch(() => '')).includes('early'); i++) await new Promise((r) => setTimeout(r, 25));
    const streams = await h.runtime.attach(started.id);
    assert.deepEqual(streams?.takeEarlyOutput().map((o) => `${o.stream} ${o.data.toString('utf8')}`), ['stdout early\n']);
    assert.deepEqual(streams.takeEarlyOutput(), []);
  }));

  t('removeContainer() stops a running container first; list shows what runs for each pod', async (h) => withSandbox(h, async (sandbox) => {
    const a = await h.runtime.startContainer(sandbox, config(h, {}, { podUid: sandbox.podUid, name: 'web', attempt: 1 }));
    const b = await h.runtime.startContainer(sandbox, config(h, { runsMs: 0 }, { podUid: sandbox.podUid, name: 'init/setup' }));
    const waited = h.runtime.waitContainer(b.id);
    await h.elapse(0);
    await waited;
    const listed = (await h.runtime.listContainers()).map((c) => `${c.podUid} ${c.name} ${c.attempt} ${c.state.kind}`).sort();
    assert.deepEqual(listed, [`${sandbox.podUid} init/setup 0 exited`, `${sandbox.podUid} web 1 running`]);
    await h.runtime.removeContainer(a.id);
    assert.equal((await h.runtime.waitContainer(b.id)).exitCode, 0);
    assert.deepEqual((await h.runtime.listContainers()).map((c) => c.id), [b.id]);
  }));
}
