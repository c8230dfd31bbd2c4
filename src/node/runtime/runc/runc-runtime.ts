// The ContainerRuntime on runc: pod sandboxes (network, UTS and IPC namespaces kept open as bind-mounted
// namespace files, joined by every container of the pod) and containers (an OCI bundle per container whose rootfs
// is an overlay: the image's unpacked root below, a writable layer of its own above; `runc run` in the
// foreground, its output in CRI log files; a cgroup per container for limits and OOM detection).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { realClock, type Clock } from '../../../util/index.js';
import { type ContainerConfig, type ContainerExit, type ContainerRuntime, type ContainerStatus, type ContainerStreams, type ExecOptions, type Sandbox, RuntimeError } from '../container-runtime.js';
import { CriLogWriter } from '../cri-log.js';
import { EarlyOutput } from '../early-output.js';
import { localLauncher, type CommandRunner, type LaunchedProcess, type ProcessLauncher } from '../exec.js';
import { ContainerCgroup } from './cgroups.js';
import { containerSpec } from './oci-spec.js';
import { Runc } from './runc.js';
import { mountAt, readMounts } from '../../mounts.js';

const namespaceKinds = ['net', 'uts', 'ipc'] as const;

/** What the bundle keeps of its container (meta.json), so a later agent process can list it. */
interface ContainerMeta { podUid: string; name: string; attempt: number; logPath: string; imageRoot?: string; startedAt: string }

/** A container this process started: its status, exit and stdio. */
interface Tracked {
  status: ContainerStatus;
  exited: Promise<ContainerExit>;
  streams: ContainerStreams;
}

export interface RuncRuntimeOptions {
  /** Where bundles (containers/), sandboxes (sandboxes/) and runc's state (runc/) live. */
  dataDir: string;
  launcher?: ProcessLauncher;
  /** Times the grace period of stopContainer. */
  clock?: Clock;
}

export class RuncRuntime implements ContainerRuntime {
  readonly name = 'runc';
  readonly #dir: string;
  readonly #runc: Runc;
  readonly #run: CommandRunner;
  readonly #clock: Clock;
  readonly #tracked = new Map<string, Tracked>();

  constructor(options: RuncRuntimeOptions) {
    this.#dir = options.dataDir;
    const launcher = options.launcher ?? localLauncher;
    this.#run = launcher.run;
    this.#clock = options.clock ?? realClock;
    this.#runc = new Runc({ root: join(options.dataDir, 'runc'), launcher });
    mkdirSync(join(this.#dir, 'containers'), { recursive: true });
    mkdirSync(join(this.#dir, 'sandboxes'), { recursive: true });
  }

  #sandbox(podUid: string): Sandbox {
    const dir = join(this.#dir, 'sandboxes', podUid);
    return { podUid, namespaces: { network: join(dir, 'net'), uts: join(dir, 'uts'), ipc: join(dir, 'ipc') } };
  }

  async createSandbox(podUid: string): Promise<Sandbox> {
    const sandbox = this.#sandbox(podUid);
    const { network, uts, ipc } = sandbox.namespaces;
    await fs.mkdir(dirname(network), { recursive: true });
    // Found again after a restart: the namespaces are still mounted.
    if (await this.#isNamespaceMount(network)) return sandbox;
    for (const path of [network, uts, ipc]) await fs.writeFile(path, '');
    await this.#run('unshare', [`--net=${network}`, `--uts=${uts}`, `--ipc=${ipc}`, 'true']);
    return sandbox;
  }

  async #isNamespaceMount(path: string): Promise<boolean> {
    return mountAt(await readMounts(), path) !== undefined;
  }

  async removeSandbox(podUid: string): Promise<void> {
    const dir = join(this.#dir, 'sandboxes', podUid);
    if (!existsSync(dir)) return;
    for (const k of namespaceKinds) await this.#run('umount', [join(dir, k)]).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }

  async listSandboxes(): Promise<Sandbox[]> {
    const uids = await fs.readdir(join(this.#dir, 'sandboxes')).catch(() => [] as string[]);
    return uids.sort().map((uid) => this.#sandbox(uid));
  }

  async startContainer(sandbox: Sandbox, config: ContainerConfig): Promise<ContainerStatus> {
    const id = randomBytes(32).toString('hex');
    const bundle = join(this.#dir, 'containers', id);
    const rootfs = join(bundle, 'rootfs');
    for (const d of ['rootfs', 'upper', 'work']) await fs.mkdir(join(bundle, d), { recursive: true });
    const cgroup = new ContainerCgroup(this.cgroupPathOf(id));
    try {
      await this.#run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${config.imageRoot},upperdir=${join(bundle, 'upper')},workdir=${join(bundle, 'work')}`, rootfs]);
      await cgroup.create(config.resources.memoryLimitBytes);
      const spec = containerSpec(config, { rootfs, cgroupsPath: cgroup.runcPath, namespaces: sandbox.namespaces });
      await fs.writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
      await fs.mkdir(dirname(config.logPath), { recursive: true });
    } catch (e: unknown) {
      await this.removeContainer(id);
      throw e;
    }
    const log = new CriLogWriter({ path: config.logPath, rotation: config.logRotation });
    const startedAt = this.#clock.now();
    const meta: ContainerMeta = { podUid: config.podUid, name: config.name, attempt: config.attempt, logPath: config.logPath, imageRoot: config.imageRoot, startedAt: startedAt.toISOString() };
    await fs.writeFile(join(bundle, 'meta.json'), JSON.stringify(meta));
    const running = this.#runc.run(id, bundle, { stdin: config.stdin, tty: config.tty });
    const early = config.stdinOnce ? new EarlyOutput(running.stdout, running.stderr) : undefined;
    const streams = Promise.all([log.attach(running.stdout, 'stdout'), log.attach(running.stderr, 'stderr')]);
    const ended = (async (): Promise<ContainerExit> => {
      const exitCode = await running.exited;
      await streams;
      await log.close();
      return { exitCode, oomKilled: await cgroup.oomKilled(exitCode), finishedAt: this.#clock.now() };
    })();
    const tracked: Tracked = {
      status: { id, podUid: config.podUid, name: config.name, attempt: config.attempt, logPath: config.logPath, imageRoot: config.imageRoot, startedAt, state: { kind: 'running' } },
      exited: ended.then((exit) => {
        tracked.status = { ...tracked.status, state: { kind: 'exited', exit } };
        return exit;
      }),
      streams: { stdin: running.stdin ?? null, stdout: running.stdout, stderr: running.stderr, takeEarlyOutput: () => early?.take() ?? [], resize: (cols, rows) => running.resize(cols, rows) },
    };
    this.#tracked.set(id, tracked);
    // As CRI's StartContainer: return once the process runs (exec and hooks work from then on). A process runc
    // could not start has ended by then; its status says so and runc's error is in the log.
    await this.#runc.started(id, running.exited);
    return tracked.status;
  }

  async waitContainer(id: string): Promise<ContainerExit> {
    const tracked = this.#tracked.get(id);
    if (!tracked) throw new RuntimeError(`Cannot wait for container "${id}": this runtime did not start it`);
    return tracked.exited;
  }

  async stopContainer(id: string, options: { gracePeriodMs: number }): Promise<void> {
    const tracked = this.#tracked.get(id);
    if (tracked?.status.state.kind === 'exited') return;
    const stopped = tracked ? tracked.exited.then(() => true) : undefined;
    const waitStopped = (ms: number): Promise<boolean> => stopped
      ? Promise.race([stopped, this.#clock.sleep(ms).then(() => false)])
      : this.#pollStopped(id, ms);
    if (options.gracePeriodMs > 0) {
      await this.#runc.kill(id, 'TERM');
      if (await waitStopped(options.gracePeriodMs)) return;
    }
    await this.#runc.kill(id, 'KILL');
    await waitStopped(10_000);
  }

  /** A container this process did not start stops when runc says so. */
  async #pollStopped(id: string, ms: number): Promise<boolean> {
    const deadline = this.#clock.nowMs() + ms;
    for (;;) {
      const state = (await this.#runc.list().catch(() => [])).find((c) => c.id === id);
      if (state?.status !== 'running') return true;
      if (this.#clock.nowMs() >= deadline) return false;
      await this.#clock.sleep(50);
    }
  }

  async removeContainer(id: string): Promise<void> {
    const tracked = this.#tracked.get(id);
    if (tracked?.status.state.kind === 'running') await this.stopContainer(id, { gracePeriodMs: 0 });
    const bundle = join(this.#dir, 'containers', id);
    await this.#runc.delete(id).catch(() => undefined);
    await this.#run('umount', [join(bundle, 'rootfs')]).catch(() => undefined);
    await new ContainerCgroup(this.cgroupPathOf(id)).remove();
    await fs.rm(bundle, { recursive: true, force: true });
    this.#tracked.delete(id);
  }

  async listContainers(): Promise<ContainerStatus[]> {
    const ids = await fs.readdir(join(this.#dir, 'containers')).catch(() => [] as string[]);
    const states = ids.some((id) => !this.#tracked.has(id)) ? await this.#runc.list().catch(() => []) : [];
    const out: ContainerStatus[] = [];
    for (const id of ids.sort()) {
      const tracked = this.#tracked.get(id);
      if (tracked) { out.push(tracked.status); continue; }
      const meta = await fs.readFile(join(this.#dir, 'containers', id, 'meta.json'), 'utf8').then((t) => JSON.parse(t) as ContainerMeta).catch(() => undefined);
      const running = states.find((s) => s.id === id)?.status === 'running';
      out.push({
        id, podUid: meta?.podUid ?? '', name: meta?.name ?? '', attempt: meta?.attempt ?? 0, logPath: meta?.logPath ?? '', imageRoot: meta?.imageRoot ?? '',
        startedAt: new Date(meta?.startedAt ?? 0), state: running ? { kind: 'running' } : { kind: 'exited' },
      });
    }
    return out;
  }

  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    return this.#tracked.get(id)?.status ?? (await this.listContainers()).find((c) => c.id === id);
  }

  exec(id: string, command: readonly string[], options: ExecOptions): LaunchedProcess {
    return this.#runc.exec(id, command, options);
  }

  async attach(id: string): Promise<ContainerStreams | undefined> {
    const tracked = this.#tracked.get(id);
    return tracked?.status.state.kind === 'running' ? tracked.streams : undefined;
  }

  /**
   * The cgroup Skiff owns for a container (its memory limit sits here, runc's cgroup is its child): what the
   * stats collector and eviction read the container's CPU and memory from.
   */
  cgroupPathOf(id: string): string {
    return `/skiff/${id}`;
  }

  async writableLayerBytes(id: string): Promise<number> {
    const upper = join(this.#dir, 'containers', id, 'upper');
    if (!existsSync(upper)) return 0;
    const out = await this.#run('du', ['-sxk', upper]).catch(() => '0');
    return (Number(out.split(/\s/)[0]) || 0) * 1024;
  }
}
