// The kubelet's side of the runtime socket: a ContainerRuntime whose calls go to the node's runtime process
// (runtime-server.ts), so the containers it starts are that process's, and outlive this one. Exec and attach
// each open a connection of their own that relays stdio.
import { connect, type Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import type { ContainerConfig, ContainerExit, ContainerRuntime, ContainerStatus, ContainerStreams, ExecOptions, Sandbox } from '../container-runtime.js';
import { RuntimeError } from '../container-runtime.js';
import type { LaunchedProcess } from '../exec.js';
import {
  decodeJson, encodeFrame, encodeJson, errorFromWire, FrameType, protocolVersion, readFrames, sendData, sendJson,
  type CallableMethod, type CallReply, type CallRequest, type OpenRequest, type RuntimeHello, type StreamControl,
} from './wire.js';

/** The runtime process does not answer on its socket. */
export class RuntimeUnavailableError extends RuntimeError {
  override name = 'RuntimeUnavailable';
}

function open(socketPath: string, request: OpenRequest): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    socket.once('error', (e) => reject(new RuntimeUnavailableError(`the container runtime at ${socketPath} does not answer: ${e.message}`, { cause: e })));
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      socket.write(encodeFrame(FrameType.Json, encodeJson(request)));
      resolve(socket);
    });
  });
}

export class RemoteRuntime implements ContainerRuntime, AsyncDisposable {
  readonly name: string;
  /** The runtime process's pid. */
  readonly pid: number;
  readonly #socketPath: string;
  readonly #calls: Socket;
  readonly #template: string;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  #seq = 0;
  #closed: Error | undefined;

  private constructor(socketPath: string, calls: Socket, hello: RuntimeHello) {
    this.#socketPath = socketPath;
    this.#calls = calls;
    this.name = hello.name;
    this.pid = hello.pid;
    this.#template = hello.cgroupPathTemplate;
  }

  /** Connects to the runtime process listening on socketPath; rejects with RuntimeUnavailableError when none does. */
  static async connect(socketPath: string): Promise<RemoteRuntime> {
    const calls = await open(socketPath, { op: 'calls' });
    const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
    let runtime: RemoteRuntime | undefined;
    readFrames(calls, (frame) => {
      if (frame.type !== FrameType.Json) return;
      const reply = decodeJson(frame.payload) as CallReply;
      const p = (runtime ? runtime.#pending : pending).get(reply.seq);
      if (!p) return;
      (runtime ? runtime.#pending : pending).delete(reply.seq);
      if (reply.error) p.reject(errorFromWire(reply.error));
      else p.resolve(reply.result);
    });
    const hello = await new Promise<RuntimeHello>((resolve, reject) => {
      pending.set(0, { resolve: (v) => resolve(v as RuntimeHello), reject });
      calls.write(encodeFrame(FrameType.Json, encodeJson({ seq: 0, method: 'hello', args: [] } satisfies CallRequest)));
      calls.once('close', () => reject(new RuntimeUnavailableError(`the container runtime at ${socketPath} closed the connection`)));
    });
    if (hello.protocolVersion !== protocolVersion) {
      calls.destroy();
      throw new RuntimeUnavailableError(`the container runtime at ${socketPath} (pid ${hello.pid}) speaks protocol ${hello.protocolVersion}, this agent ${protocolVersion}: stop it with \`skiff killall\` (its containers stop too)`);
    }
    runtime = new RemoteRuntime(socketPath, calls, hello);
    const r = runtime;
    calls.on('close', () => {
      r.#closed = new RuntimeUnavailableError(`the connection to the container runtime at ${socketPath} was closed`);
      for (const p of r.#pending.values()) p.reject(r.#closed);
      r.#pending.clear();
    });
    return runtime;
  }

  #call<T>(method: CallableMethod | 'shutdown', args: unknown[]): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closed);
    const seq = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(seq, { resolve: (v) => resolve(v as T), reject });
      sendJson(this.#calls, { seq, method, args } satisfies CallRequest);
    });
  }

  /** Absent fields come back as null over JSON: a status's state without exit, say. */
  static #status(s: ContainerStatus): ContainerStatus {
    return s.state.kind === 'exited' && s.state.exit === null ? { ...s, state: { kind: 'exited' } } : s;
  }

  createSandbox(podUid: string): Promise<Sandbox> { return this.#call('createSandbox', [podUid]); }
  async removeSandbox(podUid: string): Promise<void> { await this.#call('removeSandbox', [podUid]); }
  listSandboxes(): Promise<Sandbox[]> { return this.#call('listSandboxes', []); }
  async startContainer(sandbox: Sandbox, config: ContainerConfig): Promise<ContainerStatus> { return RemoteRuntime.#status(await this.#call('startContainer', [sandbox, config])); }
  waitContainer(id: string): Promise<ContainerExit> { return this.#call('waitContainer', [id]); }
  async stopContainer(id: string, options: { gracePeriodMs: number }): Promise<void> { await this.#call('stopContainer', [id, options]); }
  async removeContainer(id: string): Promise<void> { await this.#call('removeContainer', [id]); }
  async listContainers(): Promise<ContainerStatus[]> { return (await this.#call<ContainerStatus[]>('listContainers', [])).map((s) => RemoteRuntime.#status(s)); }
  async containerStatus(id: string): Promise<ContainerStatus | undefined> {
    const s = await this.#call<ContainerStatus | null>('containerStatus', [id]);
    return s === null ? undefined : RemoteRuntime.#status(s);
  }
  writableLayerBytes(id: string): Promise<number> { return this.#call('writableLayerBytes', [id]); }
  cgroupPathOf(id: string): string { return this.#template.replace('{id}', id); }

  /** Asks the runtime process to exit (skiff killall, once its containers are gone). */
  async shutdown(): Promise<void> { await this.#call('shutdown', []); }

  exec(id: string, command: readonly string[], options: ExecOptions): LaunchedProcess {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let socket: Socket | undefined;
    const queued: Buffer[] = [];
    const send = (type: FrameType, data: Buffer): void => { if (socket) sendData(socket, type, data); else queued.push(encodeFrame(type, data)); };
    const stdin = options.stdin ? stdinWriter(send) : null;
    const exited = new Promise<number>((resolve) => {
      open(this.#socketPath, { op: 'exec', id, command: [...command], options: { tty: options.tty, stdin: options.stdin, ...(options.env ? { env: options.env } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) } }).then((s) => {
        socket = s;
        for (const b of queued.splice(0)) s.write(b);
        let code = 255;
        readFrames(s, (frame) => {
          if (frame.type === FrameType.Stdout) stdout.write(frame.payload);
          else if (frame.type === FrameType.Stderr) stderr.write(frame.payload);
          else if (frame.type === FrameType.Json) {
            const control = decodeJson(frame.payload) as StreamControl;
            if ('exit' in control) code = control.exit;
          }
        });
        s.on('close', () => { stdout.end(); stderr.end(); resolve(code); });
      }, (e: unknown) => {
        stderr.end(`${(e as Error).message}\n`);
        stdout.end();
        resolve(255);
      });
    });
    return {
      stdin, stdout, stderr, exited,
      kill: (signal) => send(FrameType.Json, encodeJson({ kill: signal ?? 'SIGTERM' } satisfies StreamControl)),
      resize: (cols, rows) => send(FrameType.Json, encodeJson({ resize: { cols, rows } } satisfies StreamControl)),
    };
  }

  async attach(id: string): Promise<ContainerStreams | undefined> {
    const socket = await open(this.#socketPath, { op: 'attach', id });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    return new Promise((resolve) => {
      let answered = false;
      readFrames(socket, (frame) => {
        if (frame.type === FrameType.Stdout) { stdout.write(frame.payload); return; }
        if (frame.type === FrameType.Stderr) { stderr.write(frame.payload); return; }
        if (frame.type !== FrameType.Json || answered) return;
        const control = decodeJson(frame.payload) as StreamControl;
        if (!('attached' in control)) return;
        answered = true;
        if (!control.attached) { socket.destroy(); resolve(undefined); return; }
        const early = control.early ?? [];
        resolve({
          stdin: control.stdin ? stdinWriter((type, data) => sendData(socket, type, data)) : null,
          stdout, stderr,
          takeEarlyOutput: () => early.splice(0),
          resize: (cols, rows) => sendJson(socket, { resize: { cols, rows } } satisfies StreamControl),
        });
      });
      socket.on('close', () => {
        stdout.end();
        stderr.end();
        if (!answered) resolve(undefined);
      });
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#calls.end();
    this.#calls.destroy();
  }
}

/** A container's or exec's stdin that goes out as frames (its end too). */
function stdinWriter(send: (type: FrameType, data: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) { send(FrameType.Stdin, Buffer.from(chunk)); callback(); },
    final(callback) { send(FrameType.StdinEnd, Buffer.alloc(0)); callback(); },
  });
}
