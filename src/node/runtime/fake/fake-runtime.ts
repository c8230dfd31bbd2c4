// An in-memory ContainerRuntime for tests: no processes, deterministic on an injected Clock. A container does
// what its args say when they are a fakeProgram() (print lines, exit with a code after a delay, ignore SIGTERM,
// echo stdin); any other process runs until stopped. Logs are real CRI log files at the config's logPath.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Clock } from '../../../util/index.js';
import { type ContainerConfig, type ContainerExit, type ContainerRuntime, type ContainerStatus, type ContainerStreams, type ExecOptions, type Sandbox, RuntimeError } from '../container-runtime.js';
import { CriLogWriter } from '../cri-log.js';
import { EarlyOutput } from '../early-output.js';
import type { LaunchedProcess } from '../exec.js';

/** What a fake process does. */
export interface FakeBehaviour {
  /** Lines written at start. */
  stdout?: string[];
  stderr?: string[];
  /** Runs this long, then exits with exitCode; absent: runs until stopped (or until stdin ends, with echoStdin). */
  runsMs?: number;
  /** Default 0. */
  exitCode?: number;
  /** SIGTERM does nothing (SIGKILL after the grace period ends it with 137). */
  ignoresTerm?: boolean;
  /** Copies stdin to stdout, and exits with exitCode when stdin ends (cat). */
  echoStdin?: boolean;
  /** startContainer rejects with this message (the runtime could not create the container). */
  startError?: string;
}

const programPath = '/fake-program';

/** The args of a process that behaves as described (as a container's command, or an exec's). */
export function fakeProgram(behaviour: FakeBehaviour): string[] {
  return [programPath, JSON.stringify(behaviour)];
}

function behaviourOf(args: readonly string[]): FakeBehaviour {
  return args[0] === programPath && args[1] !== undefined ? JSON.parse(args[1]) as FakeBehaviour : {};
}

interface FakeContainer {
  status: ContainerStatus;
  config: ContainerConfig;
  behaviour: FakeBehaviour;
  exited: Promise<ContainerExit>;
  exit(code: number): void;
  streams: ContainerStreams;
  timers: Disposable[];
}

export type FakeOperation = 'createSandbox' | 'removeSandbox' | 'startContainer' | 'stopContainer' | 'removeContainer';

export class FakeRuntime implements ContainerRuntime {
  readonly name = 'fake';
  readonly #clock: Clock;
  readonly #sandboxes = new Map<string, Sandbox>();
  readonly #containers = new Map<string, FakeContainer>();
  readonly #failures = new Map<FakeOperation, Error[]>();
  readonly #stopping = new Set<string>();
  #exiting = 0;
  #next = 1;
  /** Every call, in order ("startContainer uid/web"), for tests that check what the kubelet asked. */
  readonly calls: string[] = [];

  constructor(options: { clock: Clock }) {
    this.#clock = options.clock;
  }

  /** The next call of op throws error (queued: several calls fail in turn). */
  failNext(op: FakeOperation, error: Error): void {
    this.#failures.set(op, [...(this.#failures.get(op) ?? []), error]);
  }

  #enter(op: FakeOperation, what: string): void {
    this.calls.push(`${op} ${what}`);
    const queued = this.#failures.get(op);
    const error = queued?.shift();
    if (error) throw error;
  }

  async createSandbox(podUid: string): Promise<Sandbox> {
    this.#enter('createSandbox', podUid);
    let sandbox = this.#sandboxes.get(podUid);
    if (!sandbox) {
      const ns = `/run/fake-runtime/${podUid}`;
      sandbox = { podUid, namespaces: { network: `${ns}/net`, uts: `${ns}/uts`, ipc: `${ns}/ipc` } };
      this.#sandboxes.set(podUid, sandbox);
    }
    return sandbox;
  }

  async removeSandbox(podUid: string): Promise<void> {
    this.#enter('removeSandbox', podUid);
    this.#sandboxes.delete(podUid);
  }

  async listSandboxes(): Promise<Sandbox[]> {
    return [...this.#sandboxes.values()];
  }

  async startContainer(sandbox: Sandbox, config: ContainerConfig): Promise<ContainerStatus> {
    this.#enter('startContainer', `${config.podUid}/${config.name}`);
    if (!this.#sandboxes.has(sandbox.podUid)) throw new RuntimeError(`Cannot start container "${config.name}": sandbox "${sandbox.podUid}" does not exist`);
    const behaviour = behaviourOf(config.args);
    if (behaviour.startError !== undefined) throw new RuntimeError(behaviour.startError);
    const id = `fake${String(this.#next++).padStart(6, '0')}`;
    mkdirSync(dirname(config.logPath), { recursive: true });
    const log = new CriLogWriter({ path: config.logPath, rotation: config.logRotation, now: () => this.#clock.now() });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdin = config.stdin ? new PassThrough() : null;
    const early = config.stdinOnce ? new EarlyOutput(stdout, stderr) : undefined;
    const logged = Promise.all([log.attach(stdout, 'stdout'), log.attach(stderr, 'stderr')]);
    let exit: (code: number) => void = () => undefined;
    const container: FakeContainer = {
      config, behaviour, timers: [],
      status: { id, podUid: config.podUid, name: config.name, attempt: config.attempt, logPath: config.logPath, imageRoot: config.imageRoot, startedAt: this.#clock.now(), state: { kind: 'running' } },
      exited: new Promise<number>((resolve) => { exit = (code) => { this.#exiting++; resolve(code); }; }).then(async (exitCode) => {
        for (const t of container.timers) t[Symbol.dispose]();
        const finishedAt = this.#clock.now();
        stdout.end();
        stderr.end();
        await logged;
        await log.close();
        const result: ContainerExit = { exitCode, oomKilled: false, finishedAt };
        container.status = { ...container.status, state: { kind: 'exited', exit: result } };
        this.#exiting--;
        return result;
      }),
      exit: (code) => { if (container.status.state.kind === 'running') exit(code); },
      streams: { stdin, stdout, stderr, takeEarlyOutput: () => early?.take() ?? [], resize: () => undefined },
    };
    this.#containers.set(id, container);
    for (const line of behaviour.stdout ?? []) stdout.write(`${line}\n`);
    for (const line of behaviour.stderr ?? []) stderr.write(`${line}\n`);
    if (behaviour.echoStdin && stdin) {
      stdin.on('data', (d: Buffer) => stdout.write(d));
      stdin.on('end', () => container.exit(behaviour.exitCode ?? 0));
    }
    if (behaviour.runsMs !== undefined) container.timers.push(this.#clock.setTimeout(() => container.exit(behaviour.exitCode ?? 0), behaviour.runsMs));
    return container.status;
  }

  /** Whether a container is between its end and its recorded exit (its log being closed). */
  get exiting(): boolean {
    return this.#exiting > 0;
  }

  /** Whether a stopContainer() waits for its grace period to pass on the clock. */
  get stopping(): boolean {
    return this.#stopping.size > 0;
  }

  /** Ends a running container now with that exit code (a crash, as the test decides). */
  crash(id: string, exitCode: number): void {
    this.#containers.get(id)?.exit(exitCode);
  }

  async waitContainer(id: string): Promise<ContainerExit> {
    const c = this.#containers.get(id);
    if (!c) throw new RuntimeError(`Cannot wait for container "${id}": no such container`);
    return c.exited;
  }

  stopContainer(id: string, options: { gracePeriodMs: number }): Promise<void> {
    try {
      this.#enter('stopContainer', `${id} grace=${options.gracePeriodMs}`);
    } catch (e: unknown) {
      return Promise.reject(e);
    }
    const c = this.#containers.get(id);
    if (!c || c.status.state.kind !== 'running') return Promise.resolve();
    // Synchronously: SIGTERM, and the SIGKILL timer armed before the caller can advance the clock.
    if (options.gracePeriodMs <= 0) c.exit(137);
    else if (!c.behaviour.ignoresTerm) c.exit(143);
    else {
      this.#stopping.add(id);
      c.timers.push(this.#clock.setTimeout(() => c.exit(137), options.gracePeriodMs));
    }
    return c.exited.then(() => { this.#stopping.delete(id); });
  }

  async removeContainer(id: string): Promise<void> {
    this.#enter('removeContainer', id);
    const c = this.#containers.get(id);
    if (!c) return;
    if (c.status.state.kind === 'running') await this.stopContainer(id, { gracePeriodMs: 0 });
    this.#containers.delete(id);
  }

  async listContainers(): Promise<ContainerStatus[]> {
    return [...this.#containers.values()].map((c) => c.status);
  }

  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    return this.#containers.get(id)?.status;
  }

  exec(id: string, command: readonly string[], _options: ExecOptions): LaunchedProcess {
    this.calls.push(`exec ${id} ${command.join(' ')}`);
    const c = this.#containers.get(id);
    const behaviour = behaviourOf(command);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let exitCode = behaviour.exitCode ?? 0;
    if (c?.status.state.kind !== 'running') {
      exitCode = 255;
      behaviour.stdout = [];
      behaviour.stderr = [`time="${this.#clock.now().toISOString()}" level=error msg="container ${id} is not running"`];
    }
    for (const line of behaviour.stdout ?? []) stdout.write(`${line}\n`);
    for (const line of behaviour.stderr ?? []) stderr.write(`${line}\n`);
    stdout.end();
    stderr.end();
    // After the output has flowed to whoever listens by then (as a real process's exit follows its output).
    const exited = new Promise<number>((resolve) => setImmediate(() => resolve(exitCode)));
    return { stdin: null, stdout, stderr, exited, kill: () => undefined, resize: () => undefined };
  }

  async attach(id: string): Promise<ContainerStreams | undefined> {
    const c = this.#containers.get(id);
    return c?.status.state.kind === 'running' ? c.streams : undefined;
  }

  cgroupPathOf(id: string): string {
    return `/fake/${id}`;
  }

  async writableLayerBytes(_id: string): Promise<number> {
    return 0;
  }

  /** The config a container was started with (what the kubelet translated the pod into). */
  configOf(id: string): ContainerConfig | undefined {
    return this.#containers.get(id)?.config;
  }
}
