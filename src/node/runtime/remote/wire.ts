// The runtime socket's wire format (between the kubelet and the node's runtime process, see runtime-server.ts):
// length-prefixed frames, each a JSON control message or a chunk of a process's stdio. JSON carries Dates and
// Buffers tagged so they come back as themselves, and errors by name so a RuntimeError or CommandError thrown in
// the runtime process is one on the kubelet's side too.
import type { Socket } from 'node:net';
import { RuntimeError } from '../container-runtime.js';
import { CommandError } from '../exec.js';

export const protocolVersion = 1;

export const FrameType = { Json: 0, Stdin: 1, Stdout: 2, Stderr: 3, StdinEnd: 4 } as const;
export type FrameType = typeof FrameType[keyof typeof FrameType];

export interface Frame { type: FrameType; payload: Buffer }

const headerBytes = 5;
/** A frame larger than this is a broken peer, not data (stdio chunks are at most a pipe's 64 KiB). */
const maxFrameBytes = 64 << 20;

export function encodeFrame(type: FrameType, payload: Buffer): Buffer {
  const header = Buffer.alloc(headerBytes);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

/** JSON with Dates as {$date} and Buffers as {$bytes} (base64). */
export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, function replacer(this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (Buffer.isBuffer(raw)) return { $bytes: raw.toString('base64') };
    return v;
  }));
}

export function decodeJson(payload: Buffer): unknown {
  return JSON.parse(payload.toString('utf8'), (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o['$date'] === 'string' && Object.keys(o).length === 1) return new Date(o['$date']);
      if (typeof o['$bytes'] === 'string' && Object.keys(o).length === 1) return Buffer.from(o['$bytes'], 'base64');
    }
    return v;
  });
}

export const sendJson = (socket: Socket, value: unknown): void => { if (!socket.destroyed) socket.write(encodeFrame(FrameType.Json, encodeJson(value))); };
export const sendData = (socket: Socket, type: FrameType, data: Buffer): void => { if (!socket.destroyed) socket.write(encodeFrame(type, data)); };

/** Calls onFrame for every whole frame the socket delivers; a malformed stream destroys the socket. */
export function readFrames(socket: Socket, onFrame: (frame: Frame) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= headerBytes) {
      const length = buffered.readUInt32BE(1);
      if (length > maxFrameBytes) { socket.destroy(new Error(`runtime socket: a frame of ${length} bytes`)); return; }
      if (buffered.length < headerBytes + length) break;
      const frame = { type: buffered.readUInt8(0) as FrameType, payload: buffered.subarray(headerBytes, headerBytes + length) };
      buffered = buffered.subarray(headerBytes + length);
      onFrame(frame);
    }
  });
}

export interface WireError { name: string; message: string; command?: string; code?: number | null; stderr?: string }

export function errorToWire(e: unknown): WireError {
  if (e instanceof CommandError) return { name: e.name, message: e.message, command: e.command, code: e.code, stderr: e.stderr };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export function errorFromWire(w: WireError): Error {
  if (w.name === 'CommandError' && w.command !== undefined) return new CommandError(w.command, w.code ?? null, w.stderr ?? '');
  if (w.name === 'RuntimeError') return new RuntimeError(w.message);
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}

/** The first message on a connection says what it is for. */
export type OpenRequest =
  | { op: 'calls' }
  | { op: 'exec'; id: string; command: string[]; options: { tty: boolean; stdin: boolean; env?: string[]; cwd?: string } }
  | { op: 'attach'; id: string };

/** The runtime methods callable over a 'calls' connection (the rest of ContainerRuntime is streams or local). */
export const callableMethods = [
  'createSandbox', 'removeSandbox', 'listSandboxes', 'startContainer', 'waitContainer', 'stopContainer', 'removeContainer',
  'listContainers', 'containerStatus', 'writableLayerBytes',
] as const;
export type CallableMethod = typeof callableMethods[number];

export type CallRequest = { seq: number; method: CallableMethod | 'hello' | 'shutdown'; args: unknown[] };
export type CallReply = { seq: number; result?: unknown; error?: WireError };

/** What the runtime process answers to hello. */
export interface RuntimeHello {
  protocolVersion: number;
  name: string;
  pid: number;
  /** cgroupPathOf('{id}') of the runtime: the client fills in the id. */
  cgroupPathTemplate: string;
}

/** Stream connections: control messages after the open request. */
export type StreamControl =
  | { resize: { cols: number; rows: number } }
  | { kill: NodeJS.Signals }
  /** attach's answer: whether the container runs, has stdin, and the early output for the first attach. */
  | { attached: boolean; stdin?: boolean; early?: { stream: 'stdout' | 'stderr'; data: Buffer }[] }
  /** exec's answer once the process has ended (after all of its output). */
  | { exit: number }
  /** attach: the container's output has ended. */
  | { end: true };
