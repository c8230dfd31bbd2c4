// The node's container runtime as the kubelet sees it (CRI's role): pod sandboxes and containers, described
// by plain data in and out (no Pod objects: the kubelet translates, see kubelet/container-config.ts), so that a
// per-node runtime process reached over a socket can implement it as well as runc/ in this process and fake/.
import type { Readable, Writable } from 'node:stream';
import type { LaunchedProcess } from './exec.js';
import type { LogRotation } from './log-rotation.js';

/** A pod's sandbox: the namespaces every container of the pod joins (the pod network is attached to `network`). */
export interface Sandbox {
  readonly podUid: string;
  /** Paths of the namespace files (bind mounts that keep the namespaces alive while no container runs). */
  readonly namespaces: { readonly network: string; readonly uts: string; readonly ipc: string };
}

export interface User { uid: number; gid: number; additionalGids: number[] }

/** cgroup resources: CPU shares and CFS quota over the period, and the memory limit (OOM kills are reported). */
export interface Resources { memoryLimitBytes?: number; cpuShares: number; cpuQuota?: number; cpuPeriod: number }

/** A bind mount from the node into the container (CRI's Mount). */
export interface Mount { containerPath: string; hostPath: string; readOnly: boolean }

/** Everything the runtime needs to run one container; the kubelet builds it from the pod. */
export interface ContainerConfig {
  /** Who the container is, kept by the runtime and returned by listContainers() (what adoption matches on). */
  podUid: string;
  /** The container's key in its pod ("web", or "init/setup" for an init container). */
  name: string;
  /** Which run of that container this is (the restart count when it started). */
  attempt: number;
  /** The unpacked image: the container's root filesystem is a writable layer over it. */
  imageRoot: string;
  args: string[];
  /** `NAME=value` lines. */
  env: string[];
  workingDir: string;
  user: User;
  hostname: string;
  readOnlyRoot: boolean;
  privileged: boolean;
  noNewPrivileges: boolean;
  /** Capability names with the CAP_ prefix. */
  capabilities: string[];
  resources: Resources;
  mounts: Mount[];
  tty: boolean;
  /** Keep stdin open for attach. */
  stdin: boolean;
  /** Keep what the container writes from its start until the first attach takes it (kubectl run -i). */
  stdinOnce: boolean;
  /** Where its stdout and stderr go, in CRI log format (the directory is made if missing; the file is appended to). */
  logPath: string;
  /**
   * kubelet's containerLogMaxSize/MaxFiles: the runtime rotates the log to `<logPath>.<YYYYMMDD-HHMMSS>` before
   * it grows past maxBytes, gzips older rotated files and keeps maxFiles files in all. Absent: no rotation.
   */
  logRotation?: LogRotation;
}

export interface ContainerExit {
  /** 128 + the signal's number when a signal ended it. */
  exitCode: number;
  oomKilled: boolean;
  finishedAt: Date;
}

/** What the runtime knows of a container it holds (started and not yet removed). */
export interface ContainerStatus {
  readonly id: string;
  readonly podUid: string;
  readonly name: string;
  readonly attempt: number;
  readonly logPath: string;
  /** The unpacked image it runs on (its config's imageRoot; '' when unknown): image GC keeps images in use. */
  readonly imageRoot: string;
  readonly startedAt: Date;
  /**
   * running, or exited with its exit (undefined when the runtime lost track of how it ended: a container left by
   * an earlier agent process that nobody waited for).
   */
  readonly state: { kind: 'running' } | { kind: 'exited'; exit?: ContainerExit };
}

/** A running container's stdio for attach. */
export interface ContainerStreams {
  /** null unless the container was started with stdin. */
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** The output kept for the first attach of a stdinOnce container; empty afterwards and for other containers. */
  takeEarlyOutput(): { stream: 'stdout' | 'stderr'; data: Buffer }[];
  /** The size of the container's terminal (tty containers). */
  resize(cols: number, rows: number): void;
}

export interface ExecOptions { tty: boolean; stdin: boolean; env?: string[]; cwd?: string }

/** A runtime call failed (runc or the runtime process refused); retrying later may succeed. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/**
 * The contract. Every method may throw RuntimeError (or a CommandError from a host command); none mutates its
 * arguments. Sandbox and container calls are idempotent where the note says so, so a kubelet that stopped
 * half-way can call them again.
 */
export interface ContainerRuntime {
  /** The scheme of container IDs in pod status (`runc://<id>`), and the node's containerRuntimeVersion prefix. */
  readonly name: string;

  /** Makes the pod's sandbox, or returns the existing one (idempotent). */
  createSandbox(podUid: string): Promise<Sandbox>;
  /** Releases the sandbox's namespaces; a missing sandbox is fine. The pod network must be detached first. */
  removeSandbox(podUid: string): Promise<void>;
  /** The sandboxes this runtime holds, including those an earlier agent process made. */
  listSandboxes(): Promise<Sandbox[]>;

  /**
   * Creates and starts a container in the sandbox; resolves once its process runs (exec works from then on), with
   * its status. A process that could not be executed has exited by then (non-zero, the reason in its log).
   * Rejects when the container could not be created (nothing is left behind then).
   */
  startContainer(sandbox: Sandbox, config: ContainerConfig): Promise<ContainerStatus>;
  /** Resolves with the exit once the container has stopped (at once if it has). Rejects for an unknown id. */
  waitContainer(id: string): Promise<ContainerExit>;
  /**
   * SIGTERM, then SIGKILL once gracePeriodMs has passed (0: SIGKILL at once); resolves once the container has
   * stopped. A stopped or unknown container is fine (nothing left to stop).
   */
  stopContainer(id: string, options: { gracePeriodMs: number }): Promise<void>;
  /** Removes a stopped container (its writable layer and cgroup); stops it first if it runs. Unknown is fine. */
  removeContainer(id: string): Promise<void>;
  /** The containers held (running, or exited and not removed), including those an earlier agent process started. */
  listContainers(): Promise<ContainerStatus[]>;
  /** The status of one container, undefined when unknown. */
  containerStatus(id: string): Promise<ContainerStatus | undefined>;

  /** A process in the running container; its exit code reports failures to start it too (non-zero). */
  exec(id: string, command: readonly string[], options: ExecOptions): LaunchedProcess;
  /** The stdio of a running container the runtime started; undefined otherwise. */
  attach(id: string): Promise<ContainerStreams | undefined>;

  /** The container's cgroup path from the hierarchy's root (its CPU and memory, for stats and eviction). */
  cgroupPathOf(id: string): string;
  /** The disk the container's writable layer takes, in bytes (0 when unknown). */
  writableLayerBytes(id: string): Promise<number>;
}
