// The channel protocol of exec and attach (v5.channel.k8s.io, and v4 without the close channel) over a
// WebSocket, both ends. Every message is [channel, ...data]: 0 stdin, 1 stdout, 2 stderr, 3 one Status as
// JSON (the exit), 4 terminal resizes as JSON lines, 255 close of a channel (v5: [255, 0] is stdin's EOF).
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { acceptUpgrade, WebSocketConnection, webSocketProtocols } from './websocket.js';

export const channelProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

/** The channel protocol to answer an upgrade request with (v5 before v4), or undefined when it offers none. */
export function channelProtocolOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const offered = webSocketProtocols(headers);
  return channelProtocols.find((p) => offered.includes(p));
}

export type ChannelResult = { exitCode: number } | { error: string };

/** A process (exec) or a container's stdio (attach) as the channel protocol carries it. */
export interface ChannelProcess {
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Resolves once the process ended and its output was read: an exit code, or an error to report. */
  readonly done: Promise<ChannelResult>;
  resize(cols: number, rows: number): void;
  /** Called when the client goes away. */
  detach(): void;
}

/** The Status kubelet writes on channel 3 for a result. Pure. */
export function statusOf(result: ChannelResult, command: readonly string[]): Record<string, unknown> {
  if ('error' in result) return { metadata: {}, status: 'Failure', reason: 'InternalError', message: result.error, code: 500 };
  if (result.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${result.exitCode}`,
    details: { causes: [{ reason: 'ExitCode', message: String(result.exitCode) }] },
  };
}

/** The result a channel-3 Status stands for. Pure. */
export function resultOf(status: { status?: string; reason?: string; message?: string; details?: { causes?: { reason?: string; message?: string }[] } }): ChannelResult {
  if (status.status === 'Success') return { exitCode: 0 };
  const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
  if (status.reason === 'NonZeroExitCode' && code !== undefined && /^\d+$/.test(code)) return { exitCode: Number(code) };
  return { error: status.message ?? 'unknown error' };
}

/** Answers the upgrade with `protocol` and runs the session: client input to the process, its output and exit back. */
export async function serveChannelSession(socket: Duplex, head: Buffer, key: string, protocol: string, process: ChannelProcess, command: readonly string[]): Promise<void> {
  acceptUpgrade(socket, key, protocol);
  const v5 = protocol === 'v5.channel.k8s.io';
  let resizeText = '';
  const ws = new WebSocketConnection(socket, head, {
    onMessage(data) {
      const channel = data[0];
      const body = data.subarray(1);
      if (channel === 0) process.stdin?.write(body);
      else if (channel === 4) {
        resizeText += body.toString();
        let nl: number;
        while ((nl = resizeText.indexOf('\n')) >= 0 || resizeText.trim().endsWith('}')) {
          const line = nl < 0 ? resizeText : resizeText.slice(0, nl);
          resizeText = nl < 0 ? '' : resizeText.slice(nl + 1);
          try {
            const size = JSON.parse(line) as { Width?: number; Height?: number };
            process.resize(size.Width ?? 0, size.Height ?? 0);
          } catch { /* a partial or bad line: ignored, as kubelet does */ }
        }
      } else if (v5 && channel === 255 && body[0] === 0) process.stdin?.end();
    },
    onClose() {
      process.detach();
    },
  });
  const pump = (stream: Readable | null, channel: number): Promise<void> => new Promise((resolve) => {
    if (!stream) return resolve();
    stream.on('data', (d: Buffer) => ws.sendBinary(Buffer.concat([Buffer.from([channel]), d])));
    stream.once('end', () => resolve());
    stream.once('error', () => resolve());
    stream.once('close', () => resolve());
  });
  const outputs = Promise.all([pump(process.stdout, 1), pump(process.stderr, 2)]);
  const result = await process.done;
  await outputs;
  if (ws.closed) return;
  ws.sendBinary(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify(statusOf(result, command)))]));
  ws.close(1000);
}

/** The client end: a session on a connected WebSocket as a ChannelProcess (what the API server relays). */
export function channelClient(socket: Duplex, head: Buffer, protocol: string, options: { stdin: boolean; stderr: boolean }): ChannelProcess {
  const v5 = protocol === 'v5.channel.k8s.io';
  const stdout = new PassThrough();
  const stderr = options.stderr ? new PassThrough() : null;
  let status: ChannelResult | undefined;
  let statusText = '';
  let finish: (r: ChannelResult) => void = () => undefined;
  const done = new Promise<ChannelResult>((resolve) => { finish = resolve; });
  const ws = new WebSocketConnection(socket, head, {
    onMessage(data) {
      const channel = data[0];
      const body = data.subarray(1);
      if (channel === 1) stdout.write(body);
      else if (channel === 2) (stderr ?? stdout).write(body);
      else if (channel === 3) {
        statusText += body.toString();
        try { status = resultOf(JSON.parse(statusText) as Parameters<typeof resultOf>[0]); } catch { /* more to come */ }
      }
    },
    onClose() {
      stdout.end();
      stderr?.end();
      finish(status ?? { exitCode: 0 });
    },
  }, { client: true });
  const stdin = options.stdin ? new PassThrough() : null;
  stdin?.on('data', (d: Buffer) => ws.sendBinary(Buffer.concat([Buffer.from([0]), d])));
  stdin?.on('end', () => { if (v5) ws.sendBinary(Buffer.from([255, 0])); });
  return {
    stdin, stdout, stderr, done,
    resize(cols, rows) { ws.sendBinary(Buffer.concat([Buffer.from([4]), Buffer.from(`${JSON.stringify({ Width: cols, Height: rows })}\n`)])); },
    detach() { ws.close(1000); },
  };
}
