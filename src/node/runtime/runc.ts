// The runc driver: one `runc run` per container, in the foreground, so its exit status is the container's
// (128 + signal when a signal ended it) and its stdout/stderr are the container's; `runc exec` for kubectl
// exec; `runc kill` / `runc delete` to stop and clean up. State lives under the node's own --root, so two
// Skiff nodes on one machine never see each other's containers.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { runCommand, type CommandRunner } from './exec.js';

export interface RunningContainer {
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly stdin: Writable | null;
  /** Resolves with the container's exit code once runc has returned. */
  readonly exited: Promise<number>;
}

export interface ExecOptions {
  tty: boolean;
  stdin: boolean;
  env?: string[];
  cwd?: string;
}

export class Runc {
  readonly #root: string;
  readonly #binary: string;
  readonly #run: CommandRunner;
  constructor(options: { root: string; binary?: string; run?: CommandRunner }) {
    this.#root = options.root;
    this.#binary = options.binary ?? 'runc';
    this.#run = options.run ?? runCommand;
  }

  run(id: string, bundle: string, options: { stdin: boolean }): RunningContainer {
    const child = spawn(this.#binary, ['--root', this.#root, 'run', '--bundle', bundle, id], { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    return { stdout: child.stdout!, stderr: child.stderr!, stdin: child.stdin, exited: exitOf(child) };
  }

  /** `runc exec` of a process in a running container; the caller wires its stdio to the stream. */
  exec(id: string, command: readonly string[], options: ExecOptions): ChildProcess {
    const args = ['--root', this.#root, 'exec'];
    if (options.tty) args.push('--tty');
    if (options.cwd) args.push('--cwd', options.cwd);
    for (const e of options.env ?? []) args.push('--env', e);
    args.push(id, ...command);
    return spawn(this.#binary, args, { stdio: [options.stdin || options.tty ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
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

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('error', () => resolve(128));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + (signalNumbers[signal] ?? 9) : 128)));
  });
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
