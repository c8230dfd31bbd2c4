// Serves a ContainerRuntime on a unix socket: what the node's runtime process (runtime-main.ts) does with its
// runc runtime, so the containers, their stdio and their exits live in a process that outlives the agent
// (containerd's role). One connection carries the calls (multiplexed by sequence number); each exec and each
// attach gets a connection of its own that relays the process's stdio.
import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import type { ContainerRuntime } from '../container-runtime.js';
import type { LaunchedProcess } from '../exec.js';
import {
  callableMethods, decodeJson, errorToWire, FrameType, protocolVersion, readFrames, sendData, sendJson,
  type CallReply, type CallRequest, type Frame, type OpenRequest, type RuntimeHello, type StreamControl,
} from './wire.js';

export interface RuntimeServerOptions {
  /** shutdown was called (killall): the process exits once the server is closed. */
  onShutdown?: () => void;
}

export interface RuntimeServer extends AsyncDisposable {
  readonly server: Server;
}

const callable = new Set<string>(callableMethods);

/** Listens on socketPath (mode 0600: root's only), replacing a stale socket file nobody answers on. */
export async function serveRuntime(runtime: ContainerRuntime, socketPath: string, options: RuntimeServerOptions = {}): Promise<RuntimeServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let handler: ((frame: Frame) => void) | undefined;
    readFrames(socket, (frame) => {
      if (handler) { handler(frame); return; }
      if (frame.type !== FrameType.Json) { socket.destroy(); return; }
      const open = decodeJson(frame.payload) as OpenRequest;
      if (open.op === 'calls') handler = callHandler(runtime, socket, options);
      else if (open.op === 'exec') handler = execHandler(runtime, open, socket);
      else if (open.op === 'attach') void attachHandler(runtime, open.id, socket).then((h) => { handler = h; });
      else socket.destroy();
    });
  });
  if (existsSync(socketPath)) rmSync(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => { server.off('error', reject); resolve(); });
  });
  chmodSync(socketPath, 0o600);
  return {
    server,
    async [Symbol.asyncDispose]() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

function callHandler(runtime: ContainerRuntime, socket: Socket, options: RuntimeServerOptions): (frame: Frame) => void {
  const reply = (r: CallReply): void => sendJson(socket, r);
  return (frame) => {
    if (frame.type !== FrameType.Json) return;
    const call = decodeJson(frame.payload) as CallRequest;
    if (call.method === 'hello') {
      const hello: RuntimeHello = { protocolVersion, name: runtime.name, pid: process.pid, cgroupPathTemplate: runtime.cgroupPathOf('{id}') };
      reply({ seq: call.seq, result: hello });
      return;
    }
    if (call.method === 'shutdown') {
      reply({ seq: call.seq, result: null });
      options.onShutdown?.();
      return;
    }
    if (!callable.has(call.method)) {
      reply({ seq: call.seq, error: { name: 'RuntimeError', message: `unknown runtime method "${String(call.method)}"` } });
      return;
    }
    const method = runtime[call.method] as (...args: unknown[]) => Promise<unknown>;
    method.apply(runtime, call.args).then(
      (result) => reply({ seq: call.seq, result: result ?? null }),
      (e: unknown) => reply({ seq: call.seq, error: errorToWire(e) }),
    );
  };
}

/** Relays an exec'd process: its output out, stdin and control in; its exit code last. A client gone kills it. */
function execHandler(runtime: ContainerRuntime, open: Extract<OpenRequest, { op: 'exec' }>, socket: Socket): (frame: Frame) => void {
  let p: LaunchedProcess;
  try {
    p = runtime.exec(open.id, open.command, open.options);
  } catch (e: unknown) {
    sendData(socket, FrameType.Stderr, Buffer.from(`${errorToWire(e).message}\n`));
    sendJson(socket, { exit: 255 } satisfies StreamControl);
    socket.end();
    return () => undefined;
  }
  let exited = false;
  p.stdout.on('data', (d: Buffer) => sendData(socket, FrameType.Stdout, d));
  p.stderr.on('data', (d: Buffer) => sendData(socket, FrameType.Stderr, d));
  p.stdin?.on('error', () => undefined);
  void p.exited.then((code) => {
    exited = true;
    sendJson(socket, { exit: code } satisfies StreamControl);
    socket.end();
  });
  socket.on('close', () => { if (!exited) p.kill('SIGKILL'); });
  return (frame) => stdinAndControl(frame, { stdin: p.stdin, resize: (c, r) => p.resize(c, r), kill: (s) => p.kill(s) });
}

/** Relays a running container's stdio (attach); the container goes on when the client leaves. */
async function attachHandler(runtime: ContainerRuntime, id: string, socket: Socket): Promise<(frame: Frame) => void> {
  const streams = await runtime.attach(id);
  if (!streams) {
    sendJson(socket, { attached: false } satisfies StreamControl);
    socket.end();
    return () => undefined;
  }
  sendJson(socket, { attached: true, stdin: streams.stdin !== null, early: streams.takeEarlyOutput() } satisfies StreamControl);
  const out = (d: Buffer): void => sendData(socket, FrameType.Stdout, d);
  const err = (d: Buffer): void => sendData(socket, FrameType.Stderr, d);
  streams.stdout.on('data', out);
  streams.stderr.on('data', err);
  let open = 2;
  const ended = (): void => { if (--open === 0) { sendJson(socket, { end: true } satisfies StreamControl); socket.end(); } };
  streams.stdout.once('close', ended);
  streams.stderr.once('close', ended);
  socket.on('close', () => {
    streams.stdout.off('data', out);
    streams.stderr.off('data', err);
    streams.stdout.off('close', ended);
    streams.stderr.off('close', ended);
  });
  return (frame) => stdinAndControl(frame, { stdin: streams.stdin, resize: (c, r) => streams.resize(c, r) });
}

function stdinAndControl(frame: Frame, to: { stdin: NodeJS.WritableStream | null; resize(cols: number, rows: number): void; kill?(signal: NodeJS.Signals): void }): void {
  if (frame.type === FrameType.Stdin) to.stdin?.write(frame.payload);
  else if (frame.type === FrameType.StdinEnd) to.stdin?.end();
  else if (frame.type === FrameType.Json) {
    const control = decodeJson(frame.payload) as StreamControl;
    if ('resize' in control) to.resize(control.resize.cols, control.resize.rows);
    else if ('kill' in control) to.kill?.(control.kill);
  }
}
