// How the node runs host commands (ip, unshare, mount, runc): to completion with their output (CommandRunner),
// or as long-lived processes whose stdio is streamed (a container's `runc run`, `runc exec`). The
// ProcessLauncher seam lets the agent move all forking into a small helper process (spawn-helper.ts).
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readlink } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(readonly command: string, readonly code: number | null, readonly stderr: string) {
    super(`${command}: ${stderr.trim() || `exit status ${code}`}`);
  }
}

/** The seam for tests: every host command of the runtime and the pod network goes through one of these. */
export type CommandRunner = (file: string, args: readonly string[], options?: { input?: string }) => Promise<string>;

export const runCommand: CommandRunner = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new CommandError(`${file} ${args.join(' ')}`, typeof error.code === 'number' ? error.code : null, String(stderr)));
      else resolve(String(stdout));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });

/** A long-lived process with streamed stdio. */
export interface LaunchedProcess {
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** The exit code (128 + the signal's number when a signal ended it), once stdout and stderr are closed. */
  readonly exited: Promise<number>;
  kill(signal?: NodeJS.Signals): void;
  /** Sets the size of the terminal the process got from `underTerminal` (no-op for other processes). */
  resize(cols: number, rows: number): void;
}

export interface ProcessLauncher {
  readonly run: CommandRunner;
  launch(file: string, args: readonly string[], options: { stdin: boolean }): LaunchedProcess;
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/** The exit code a shell would report for a process that ended with code or signal. */
export function exitCodeOf(code: number | null, signal: string | null): number {
  return code ?? (signal ? 128 + (signalNumbers[signal] ?? 9) : 128);
}

/**
 * Resizes the pseudo-terminal a process under `script` (runc --tty) reads: the first descendant whose stdin
 * is a /dev/pts terminal gets `stty cols rows`, and the kernel tells it (SIGWINCH); runc then resizes the
 * container's terminal to match. Best effort: a process gone meanwhile is left alone.
 */
export async function resizeTerminal(pid: number, cols: number, rows: number, run: CommandRunner): Promise<void> {
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols <= 0 || rows <= 0) return;
  // kubectl sends the size as soon as the session opens, often before `script` has started runc on its
  // terminal: look again for a while.
  for (let attempt = 0; attempt < 40; attempt++) {
    const tty = await terminalOf(pid);
    if (tty) {
      await run('stty', ['-F', tty, 'cols', String(cols), 'rows', String(rows)]).catch(() => undefined);
      return;
    }
    if (!existsSync(`/proc/${pid}`)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The /dev/pts terminal on the stdin of pid or its first descendant that has one. */
async function terminalOf(pid: number): Promise<string | undefined> {
  const queue = [pid];
  for (let i = 0; i < queue.length && i < 16; i++) {
    const p = queue[i]!;
    const tty = await readlink(`/proc/${p}/fd/0`).catch(() => '');
    if (tty.startsWith('/dev/pts/')) return tty;
    const children = await readFile(`/proc/${p}/task/${p}/children`, 'utf8').catch(() => '');
    queue.push(...children.split(' ').filter(Boolean).map(Number));
  }
  return undefined;
}

/** Forks from this process (fine for tools and tests; the agent uses the spawn helper). */
export const localLauncher: ProcessLauncher = {
  run: runCommand,
  launch(file, args, options) {
    const child = spawn(file, [...args], { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number>((resolve) => {
      child.on('error', () => resolve(128));
      child.on('close', (code, signal) => resolve(exitCodeOf(code, signal)));
    });
    return {
      stdin: child.stdin, stdout: child.stdout!, stderr: child.stderr!, exited,
      kill: (signal) => { if (child.exitCode === null && child.signalCode === null) child.kill(signal ?? 'SIGTERM'); },
      resize: (cols, rows) => { if (child.pid) void resizeTerminal(child.pid, cols, rows, runCommand); },
    };
  },
};
