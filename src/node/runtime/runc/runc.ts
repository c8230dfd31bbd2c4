// The runc driver: one `runc run` per container, in the foreground, so its exit status is the container's
// (128 + signal when a signal ended it) and its stdout/stderr are the container's; `runc exec` for kubectl
// exec; `runc kill` / `runc delete` to stop and clean up. State lives under the node's own --root, so two
// Skiff nodes on one machine never see each other's containers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ExecOptions } from '../container-runtime.js';
import { localLauncher, type CommandRunner, type LaunchedProcess, type ProcessLauncher } from '../exec.js';

export interface RunningContainer {
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly stdin: Writable | null;
  /** Resolves with the container's exit code once runc has returned. */
  readonly exited: Promise<number>;
  /** The terminal's size, for a container with one. */
  resize(cols: number, rows: number): void;
}

export class Runc {
  readonly #root: string;
  readonly #binary: string;
  readonly #run: CommandRunner;
  readonly #launcher: ProcessLauncher;
  constructor(options: { root: string; binary?: string; launcher?: ProcessLauncher }) {
    this.#root = options.root;
    this.#binary = options.binary ?? 'runc';
    this.#launcher = options.launcher ?? localLauncher;
    this.#run = this.#launcher.run;
  }

  run(id: string, bundle: string, options: { stdin: boolean; tty?: boolean }): RunningContainer {
    const args = ['--root', this.#root, 'run', '--bundle', bundle, id];
    const p = options.tty ? this.#launcher.launch(...underTerminal(this.#binary, args), { stdin: true }) : this.#launcher.launch(this.#binary, args, { stdin: options.stdin });
    return { stdout: p.stdout, stderr: p.stderr, stdin: p.stdin, exited: p.exited, resize: (cols, rows) => p.resize(cols, rows) };
  }

  /**
   * Resolves once the container's process runs: runc wrote its state and removed the exec fifo that holds
   * the init between create and start. False when runc ended first (the container never started).
   */
  async started(id: string, exited: Promise<number>): Promise<boolean> {
    const dir = join(this.#root, id);
    let done = false;
    void exited.then(() => { done = true; });
    for (;;) {
      if (existsSync(join(dir, 'state.json')) && !existsSync(join(dir, 'exec.fifo'))) return true;
      if (done) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** `runc exec` of a process in a running container; the caller wires its stdio to the stream. */
  exec(id: string, command: readonly string[], options: ExecOptions): LaunchedProcess {
    const args = ['--root', this.#root, 'exec'];
    if (options.tty) args.push('--tty');
    if (options.cwd) args.push('--cwd', options.cwd);
    for (const e of options.env ?? []) args.push('--env', e);
    args.push(id, ...command);
    return options.tty ? this.#launcher.launch(...underTerminal(this.#binary, args), { stdin: true }) : this.#launcher.launch(this.#binary, args, { stdin: options.stdin });
  }

  async kill(id: string, signal: 'TERM' | 'KILL' | 'INT'): Promise<void> {
    try {
      await this.#run(this.#binary, ['--root', this.#root, 'kill', id, signal]);
    } catch (e: unknown) {
      // Already gone or already stopped: nothing left to signal.
      if (!/does not exist|not running|container not running|process already finished/i.test(String((e as Error).message))) throw e;
    }
  }

  async delete(id: string): Promise<void> {
    try {
      await this.#run(this.#binary, ['--root', this.#root, 'delete', '--force', id]);
    } catch (e: unknown) {
      if (!/does not exist/i.test(String((e as Error).message))) throw e;
    }
  }

  async list(): Promise<{ id: string; status: string; pid: number }[]> {
    const out = await this.#run(this.#binary, ['--root', this.#root, 'list', '--format', 'json']);
    const parsed = JSON.parse(out.trim() || 'null') as { id: string; status: string; pid: number }[] | null;
    return parsed ?? [];
  }
}

const shellQuote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);

/**
 * runc in the foreground with a terminal (`--tty`, or a spec with terminal: true) needs a terminal of its own
 * to relay; util-linux `script` gives it one and relays it over plain pipes (its exit code is runc's).
 */
export function underTerminal(file: string, args: readonly string[]): [string, string[]] {
  return ['script', ['-qfec', [file, ...args].map(shellQuote).join(' '), '/dev/null']];
}
