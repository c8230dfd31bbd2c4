// RFC 6455 WebSockets over an upgraded socket, both ends: the handshakes, frame parsing (masking,
// fragmentation, ping/pong, close) and binary sends. Enough for the channel protocols kubectl speaks
// (v5.channel.k8s.io for exec/attach) and for the API server's own connections to kubelets; no extensions.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';

const guid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptKey(key: string): string {
  return createHash('sha1').update(key + guid).digest('base64');
}

/** The subprotocols a client offers in Sec-WebSocket-Protocol. */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  return (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

export function isWebSocketUpgrade(headers: Record<string, string | string[] | undefined>): boolean {
  return String(headers['upgrade'] ?? '').toLowerCase() === 'websocket' && typeof headers['sec-websocket-key'] === 'string';
}

/** The subprotocols a WebSocket upgrade request offers; none for any other request (a SPDY upgrade). */
export function webSocketProtocols(headers: Record<string, string | string[] | undefined>): string[] {
  return isWebSocketUpgrade(headers) ? offeredProtocols(headers['sec-websocket-protocol']) : [];
}

/** Frames parsed from a byte stream; returns the frames and the bytes not yet forming a whole frame. Pure. */
export function parseFrames(buffer: Buffer): { frames: { fin: boolean; opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { fin: boolean; opcode: number; payload: Buffer }[] = [];
  let at = 0;
  for (;;) {
    if (buffer.length - at < 2) break;
    const b0 = buffer[at]!;
    const b1 = buffer[at + 1]!;
    let len = b1 & 0x7f;
    let head = 2;
    if (len === 126) {
      if (buffer.length - at < 4) break;
      len = buffer.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      if (buffer.length - at < 10) break;
      len = Number(buffer.readBigUInt64BE(at + 2));
      head = 10;
    }
    const masked = (b1 & 0x80) !== 0;
    const total = head + (masked ? 4 : 0) + len;
    if (buffer.length - at < total) break;
    const payload = Buffer.from(buffer.subarray(at + head + (masked ? 4 : 0), at + total));
    if (masked) {
      const mask = buffer.subarray(at + head, at + head + 4);
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
    }
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
    at += total;
  }
  return { frames, rest: buffer.subarray(at) };
}

/** One frame: unmasked (a server's), or masked with the given key (a client's). Pure. */
export function encodeFrame(opcode: number, payload: Buffer, mask?: Buffer): Buffer {
  const len = payload.length;
  const m = mask ? 0x80 : 0;
  const head = len < 126 ? Buffer.from([0x80 | opcode, m | len]) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65536) { head[0] = 0x80 | opcode; head[1] = m | 126; head.writeUInt16BE(len, 2); }
  if (len >= 65536) { head[0] = 0x80 | opcode; head[1] = m | 127; head.writeBigUInt64BE(BigInt(len), 2); }
  if (!mask) return Buffer.concat([head, payload]);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!;
  return Buffer.concat([head, mask, body]);
}

export interface WebSocketHandlers {
  onMessage(data: Buffer): void;
  onClose(): void;
}

/** A WebSocket on a socket whose handshake is done; `client` masks what it sends, as clients must. */
export class WebSocketConnection {
  readonly #socket: Duplex;
  readonly #client: boolean;
  #pending: Buffer = Buffer.alloc(0);
  #fragments: Buffer[] = [];
  #closed = false;

  constructor(socket: Duplex, head: Buffer, handlers: WebSocketHandlers, options: { client?: boolean } = {}) {
    this.#socket = socket;
    this.#client = options.client ?? false;
    const onData = (chunk: Buffer): void => {
      const { frames, rest } = parseFrames(this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk);
      this.#pending = Buffer.from(rest);
      for (const f of frames) {
        if (f.opcode === 0x9) { this.#write(0xa, f.payload); continue; }
        if (f.opcode === 0xa) continue;
        if (f.opcode === 0x8) { this.close(1000); continue; }
        this.#fragments.push(f.payload);
        if (!f.fin) continue;
        const message = this.#fragments.length === 1 ? this.#fragments[0]! : Buffer.concat(this.#fragments);
        this.#fragments = [];
        handlers.onMessage(message);
      }
    };
    socket.on('data', onData);
    socket.on('close', () => { this.#closed = true; handlers.onClose(); });
    socket.on('error', () => socket.destroy());
    if (head.length) onData(head);
  }

  get closed(): boolean {
    return this.#closed;
  }

  #write(opcode: number, payload: Buffer): void {
    if (!this.#closed && this.#socket.writable) this.#socket.write(encodeFrame(opcode, payload, this.#client ? randomBytes(4) : undefined));
  }

  sendBinary(data: Buffer): void {
    this.#write(0x2, data);
  }

  /** Sends a close frame with the code and ends the socket. */
  close(code: number): void {
    if (this.#closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.#write(0x8, payload);
    this.#closed = true;
    this.#socket.end();
  }
}

/** Writes the 101 answer for a WebSocket upgrade with the chosen subprotocol. */
export function acceptUpgrade(socket: Duplex, key: string, protocol: string): void {
  socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${acceptKey(key)}`, `Sec-WebSocket-Protocol: ${protocol}`, '', ''].join('\r\n'));
}

/** Answers an upgrade request with a plain HTTP response (a Status body) and closes the socket. */
export function rejectUpgrade(socket: Duplex, code: number, body: string, contentType = 'application/json'): void {
  const reason = ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' } as Record<number, string>)[code] ?? 'Error';
  socket.end([`HTTP/1.1 ${code} ${reason}`, `Content-Type: ${contentType}`, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n'));
}

/** The status and body of a refused client handshake (the server's answer was not 101). */
export class UpgradeRefusedError extends Error {
  constructor(readonly statusCode: number, readonly body: string) {
    super(`upgrade refused with HTTP ${statusCode}: ${body}`);
  }
}

/**
 * Opens a WebSocket to an https:// URL with one subprotocol; resolves with the socket and any bytes already
 * read past the handshake, or rejects with UpgradeRefusedError carrying the server's answer.
 */
export function connectWebSocket(url: string, options: { protocol: string; headers?: Record<string, string>; rejectUnauthorized?: boolean; ca?: string; cert?: string; key?: string }): Promise<{ socket: Duplex; head: Buffer; protocol: string }> {
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      method: 'GET', rejectUnauthorized: options.rejectUnauthorized ?? true, ...(options.ca ? { ca: options.ca } : {}), ...(options.cert && options.key ? { cert: options.cert, key: options.key } : {}),
      headers: { ...options.headers, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Protocol': options.protocol },
    });
    req.on('upgrade', (res, socket, head) => {
      if (res.headers['sec-websocket-accept'] !== acceptKey(key)) { socket.destroy(); reject(new Error('bad Sec-WebSocket-Accept in the upgrade answer')); return; }
      resolve({ socket, head, protocol: String(res.headers['sec-websocket-protocol'] ?? '') });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => reject(new UpgradeRefusedError(res.statusCode ?? 0, body)));
    });
    req.on('error', reject);
    req.end();
  });
}
