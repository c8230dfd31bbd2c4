// The contract between the API server and the nodes for pods/log, pods/exec and pods/attach: the API server
// finds the pod's node and hands the request to that node's NodeStreams (the kubelet implements it; whoever
// runs both registers it). Types only.
import type { Readable, Writable } from 'node:stream';

export interface LogRequest {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceTime?: Date;
  limitBytes?: number;
}

export interface ExecRequest {
  container?: string;
  /** Empty for attach. */
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** A process (exec) or a container's stdio (attach) being streamed. */
export interface StreamProcess {
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Resolves once the process ended and its output was read: an exit code, or an error to report. */
  readonly done: Promise<{ exitCode: number } | { error: string }>;
  resize(cols: number, rows: number): void;
  /** Called when the client goes away. */
  detach(): void;
}

/** What a node serves for its pods. Errors thrown are ApiErrors (or become 500s). */
export interface NodeStreams {
  /** The log text; with follow, chunks until the container stops or signal aborts. */
  logs(namespace: string, name: string, request: LogRequest, signal: AbortSignal): AsyncIterable<string>;
  /** Throws when the request cannot be served (unknown or stopped container), before any upgrade is answered. */
  checkExec(namespace: string, name: string, request: ExecRequest, kind: 'exec' | 'attach'): void;
  exec(namespace: string, name: string, request: ExecRequest): StreamProcess;
  attach(namespace: string, name: string, request: ExecRequest): StreamProcess;
}

export interface NodeStreamsRegistry {
  streamsFor(node: string): NodeStreams | undefined;
}
