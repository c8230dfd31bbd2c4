// The node's container runtime on runc: pod sandboxes (network, UTS and IPC namespaces kept open as bind-
// mounted namespace files, joined by every container of the pod; the pod network attached to the network
// one) and containers (an OCI bundle per container whose rootfs is an overlay: the image's unpacked layers
// below, a writable layer of its own above; logs in CRI format; cgroup limits).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ContainerCgroup } from './cgroups.js';
import { CriLogWriter } from './cri-log.js';
import { localLauncher, type CommandRunner, type LaunchedProcess, type ProcessLauncher } from './exec.js';
import { containerSpec, type ContainerSpecInput } from './oci-spec.js';
import { Runc, type ExecOptions } from './runc.js';

export interface SandboxNamespaces { network: string; uts: string; ipc: string }

export interface ContainerConfig {
  podUid: string;
  imageRoot: string;
  spec: Omit<ContainerSpecInput, 'rootfs' | 'cgroupsPath' | 'namespaces'>;
  memoryLimitBytes?: number;
  logPath: string;
  /** Keep stdin open for attach (the container's `stdin: true`). */
  stdin?: boolean;
  /** Keep what the container writes until the first attach takes it (stdinOnce: kubectl run -i). */
  keepEarlyOutput?: boolean;
}

export interface ContainerExit { exitCode: number; oomKilled: boolean; finishedAt: Date }

export interface StartedContainer {
  readonly id: string;
  readonly startedAt: Date;
  readonly exited: Promise<ContainerExit>;
  /** The container's stdin (when its spec asks for one) and live output, for attach. */
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** The output kept for the first attach (see keepEarlyOutput); empty afterwards. */
  takeEarlyOutput(): { stream: 'stdout' | 'stderr'; data: Buffer }[];
  /** The size of the container's terminal (tty containers). */
  resize(cols: number, rows: number): void;
}

/**
 * A stdinOnce container (kubectl run -i) may print, and even finish, between the moment kubectl sees it
 * running and its attach: what it wrote from its very start (up to 1 MiB) is kept for that first attach.
 */
class EarlyOutput {
  readonly #chunks: { stream: 'stdout' | 'stderr'; data: Buffer }[] = [];
  #bytes = 0;
  readonly #off: () => void;
  constructor(stdout: Readable, stderr: Readable) {
    const on = (stream: 'stdout' | 'stderr') => (data: Buffer): void => {
      if (this.#bytes + data.length > 1 << 20) return;
      this.#bytes += data.length;
      this.#chunks.push({ stream, data });
    };
    const out = on('stdout');
    const err = on('stderr');
    stdout.on('data', out);
    stderr.on('data', err);
    this.#off = () => { stdout.off('data', out); stderr.off('data', err); };
  }
  take(): { stream: 'stdout' | 'stderr'; data: Buffer }[] {
    this.#off();
    return this.#chunks.splice(0);
  }
}

const namespaceKinds = ['net', 'uts', 'ipc'] as const;

export class RuncRuntime {
  readonly #dir: string;
  readonly #runc: Runc;
  readonly #run: CommandRunner;
  constructor(options: { dataDir: string; launcher?: ProcessLauncher }) {
    this.#dir = options.dataDir;
    const launcher = options.launcher ?? localLauncher;
    this.#run = launcher.run;
    this.#runc = new Runc({ root: join(options.dataDir, 'runc'), launcher });
    mkdirSync(join(this.#dir, 'containers'), { recursive: true });
    mkdirSync(join(this.#dir, 'pods'), { recursive: true });
  }

  sandboxDir(podUid: string): string {
    return join(this.#dir, 'pods', podUid);
  }

  namespacesOf(podUid: string): SandboxNamespaces {
    const ns = join(this.sandboxDir(podUid), 'ns');
    return { network: join(ns, 'net'), uts: join(ns, 'uts'), ipc: join(ns, 'ipc') };
  }

  /** Makes (or finds, after a restart) the pod's namespaces. */
  async createSandbox(podUid: string): Promise<SandboxNamespaces> {
    const namespaces = this.namespacesOf(podUid);
    const nsDir = join(this.sandboxDir(podUid), 'ns');
    await fs.mkdir(nsDir, { recursive: true });
    if (await this.#isNamespaceMount(namespaces.network)) return namespaces;
    for (const k of namespaceKinds) await fs.writeFile(join(nsDir, k), '');
    await this.#run('unshare', [`--net=${namespaces.network}`, `--uts=${namespaces.uts}`, `--ipc=${namespaces.ipc}`, 'true']);
    return namespaces;
  }

  async #isNamespaceMount(path: string): Promise<boolean> {
    const mounts = await fs.readFile('/proc/self/mountinfo', 'utf8');
    return mounts.split('\n').some((l) => l.split(' ')[4] === path);
  }

  async removeSandbox(podUid: string): Promise<void> {
    const dir = this.sandboxDir(podUid);
    if (!existsSync(dir)) return;
    for (const k of namespaceKinds) await this.#run('umount', [join(dir, 'ns', k)]).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }

  async startContainer(namespaces: SandboxNamespaces, config: ContainerConfig): Promise<StartedContainer> {
    const id = randomBytes(32).toString('hex');
    const bundle = join(this.#dir, 'containers', id);
    const rootfs = join(bundle, 'rootfs');
    for (const d of ['rootfs', 'upper', 'work']) await fs.mkdir(join(bundle, d), { recursive: true });
    await this.#run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${config.imageRoot},upperdir=${join(bundle, 'upper')},workdir=${join(bundle, 'work')}`, rootfs]);
    const cgroup = new ContainerCgroup(this.cgroupPathOf(id));
    try {
      // Mount points the spec names must exist in the rootfs for runc to mount over them.
      await cgroup.create(config.memoryLimitBytes);
      const spec = containerSpec({ ...config.spec, rootfs, cgroupsPath: cgroup.runcPath, namespaces });
      await fs.writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    } catch (e: unknown) {
      await this.removeContainer(id);
      throw e;
    }
    const log = new CriLogWriter(config.logPath);
    const startedAt = new Date();
    const running = this.#runc.run(id, bundle, { stdin: config.stdin ?? false, tty: config.spec.terminal });
    const early = config.keepEarlyOutput ? new EarlyOutput(running.stdout, running.stderr) : undefined;
    const streams = Promise.all([log.attach(running.stdout, 'stdout'), log.attach(running.stderr, 'stderr')]);
    // As CRI's StartContainer: return once the process runs (exec and hooks work from then on).
    await this.#runc.started(id, running.exited);
    const exited = (async (): Promise<ContainerExit> => {
      const exitCode = await running.exited;
      await streams;
      await log.close();
      const oomKilled = await cgroup.oomKilled(exitCode);
      return { exitCode, oomKilled, finishedAt: new Date() };
    })();
    return { id, startedAt, exited, stdin: running.stdin ?? null, stdout: running.stdout, stderr: running.stderr, takeEarlyOutput: () => early?.take() ?? [], resize: (cols, rows) => running.resize(cols, rows) };
  }

  /**
   * The cgroup Skiff owns for a container (from the hierarchy's root; its memory limit sits here, runc's cgroup is
   * its child): what the stats collector and eviction read the container's CPU and memory from.
   */
  cgroupPathOf(id: string): string {
    return `/skiff/${id}`;
  }

  /** The disk a container's writable layer takes, in bytes. */
  async writableLayerBytes(id: string): Promise<number> {
    return this.diskUsage(join(this.#dir, 'containers', id, 'upper'));
  }

  /** Bytes a directory tree takes on disk (du), 0 when it is missing. */
  async diskUsage(path: string): Promise<number> {
    if (!existsSync(path)) return 0;
    const out = await this.#run('du', ['-sxk', path]).catch(() => '0');
    return (Number(out.split(/\s/)[0]) || 0) * 1024;
  }

  async signal(id: string, signal: 'TERM' | 'KILL'): Promise<void> {
    await this.#runc.kill(id, signal);
  }

  /** Unmounts and removes a stopped container's bundle and cgroup. */
  async removeContainer(id: string): Promise<void> {
    const bundle = join(this.#dir, 'containers', id);
    await this.#runc.delete(id).catch(() => undefined);
    await this.#run('umount', [join(bundle, 'rootfs')]).catch(() => undefined);
    await new ContainerCgroup(this.cgroupPathOf(id)).remove();
    await fs.rm(bundle, { recursive: true, force: true });
  }

  exec(id: string, command: readonly string[], options: ExecOptions): LaunchedProcess {
    return this.#runc.exec(id, command, options);
  }

  /**
   * At agent start: containers left by an earlier run of this node are stopped and removed (their pods are
   * started again from the API's state), as are sandboxes no pod owns any more.
   */
  async removeAll(): Promise<void> {
    const left = await this.#runc.list().catch(() => []);
    for (const c of left) {
      await this.#runc.kill(c.id, 'KILL').catch(() => undefined);
    }
    for (const id of await fs.readdir(join(this.#dir, 'containers')).catch(() => [] as string[])) await this.removeContainer(id);
    for (const uid of await fs.readdir(join(this.#dir, 'pods')).catch(() => [] as string[])) await this.removeSandbox(uid);
  }
}
