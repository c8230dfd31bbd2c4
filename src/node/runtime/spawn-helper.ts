// A small helper process that does the agent's forking. The agent lives in the server's process, whose heap
// makes every fork cost milliseconds of its event loop (measured: 5–6 ms per spawn, 3.4 s of 9 s CPU in
// bench/pod-start); the helper's fork is cheap and off that loop. One ProcessLauncher: commands to completion
// and long-lived processes with streamed stdio, over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PassThrough, Writable } from 'node:stream';
import { CommandError, type CommandRunner, type LaunchedProcess, type ProcessLauncher } from './exec.js';

export type HelperRequest =
  | { op: 'start'; id: number; file: string; args: string[]; stdin: boolean; input?: string }
  | { op: 'write'; id: number; data: Buffer }
  | { op: 'end'; id: number }
  | { op: 'kill'; id: number; signal: NodeJS.Signals }
  | { op: 'resize'; id: number; cols: number; rows: number };

export type HelperReply =
  | { id: number; kind: 'stdout' | 'stderr'; data: Buffer }
  | { id: number; kind: 'exit'; code: number; rawCode: number | null }
  | { id: number; kind: 'error'; message: string };

interface Pending {
  stdout: PassThrough;
  stderr: PassThrough;
  done: (code: number, rawCode: number | null, error?: string) => void;
}

export class SpawnHelper implements ProcessLauncher, Disposable {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor() {
    const main = fileURLToPath(new URL('./spawn-helper-main.js', import.meta.url));
    // Its own process group: a Ctrl-C at the terminal reaches the server, which then stops its pods through the
    // helper, instead of killing the helper (and every container) before that cleanup can run.
    this.#child = fork(main, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [], detached: true });
    this.#child.on('message', (m: HelperReply) => this.#onReply(m));
    // The helper keeps the agent's process alive only while something it started is running.
    this.#idle();
    this.#child.on('exit', () => {
      // Nothing more will arrive: every process still pending reads as ended.
      for (const p of this.#pending.values()) p.done(255, null, 'the spawn helper exited');
      this.#pending.clear();
    });
  }

  #idle(): void {
    this.#child.unref();
    this.#child.channel?.unref();
  }

  #busy(): void {
    this.#child.ref();
    this.#child.channel?.ref();
  }

  #onReply(m: HelperReply): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    if (m.kind === 'stdout') p.stdout.write(m.data);
    else if (m.kind === 'stderr') p.stderr.write(m.data);
    else {
      this.#pending.delete(m.id);
      if (this.#pending.size === 0) this.#idle();
      p.done(m.kind === 'exit' ? m.code : 127, m.kind === 'exit' ? m.rawCode : null, m.kind === 'error' ? m.message : undefined);
    }
  }

  #send(m: HelperRequest): void {
    if (this.#child.connected) this.#child.send(m);
  }

  #start(file: string, args: readonly string[], stdin: boolean, input: string | undefined, done: Pending['done']): { id: number; stdout: PassThrough; stderr: PassThrough } {
    const id = this.#next++;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    if (this.#pending.size === 0) this.#busy();
    this.#pending.set(id, { stdout, stderr, done: (code, raw, error) => { stdout.end(); stderr.end(); done(code, raw, error); } });
    if (!this.#child.connected) {
      this.#pending.get(id)!.done(255, null, 'the spawn helper is not running');
      this.#pending.delete(id);
      if (this.#pending.size === 0) this.#idle();
    } else this.#send({ op: 'start', id, file, args: [...args], stdin, ...(input !== undefined ? { input } : {}) });
    return { id, stdout, stderr };
  }

  readonly run: CommandRunner = (file, args, options = {}) => new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const started = this.#start(file, args, options.input !== undefined, options.input, (code, rawCode, error) => {
      const stderr = error ?? Buffer.concat(err).toString('utf8');
      if (error !== undefined || rawCode !== 0) reject(new CommandError(`${file} ${args.join(' ')}`, rawCode, stderr));
      else resolve(Buffer.concat(out).toString('utf8'));
    });
    started.stdout.on('data', (d: Buffer) => out.push(d));
    started.stderr.on('data', (d: Buffer) => err.push(d));
  });

  launch(file: string, args: readonly string[], options: { stdin: boolean }): LaunchedProcess {
    let finish: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => { finish = resolve; });
    const started = this.#start(file, args, options.stdin, undefined, (code) => finish(code));
    const { id } = started;
    const stdin = options.stdin ? new Writable({
      write: (chunk: Buffer, _enc, callback) => { this.#send({ op: 'write', id, data: chunk }); callback(); },
      final: (callback) => { this.#send({ op: 'end', id }); callback(); },
    }) : null;
    return {
      stdin, stdout: started.stdout, stderr: started.stderr, exited,
      kill: (signal) => this.#send({ op: 'kill', id, signal: signal ?? 'SIGTERM' }),
      resize: (cols, rows) => this.#send({ op: 'resize', id, cols, rows }),
    };
  }

  [Symbol.dispose](): void {
    if (this.#child.connected) this.#child.disconnect();
  }
}
