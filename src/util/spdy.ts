// SPDY/3.1, the server side of a session, as kubectl 1.32's port-forward speaks it (tunnelled in a
// WebSocket, subprotocol SPDY/3.1+portforward.k8s.io): frames, header blocks compressed with zlib and the
// protocol's dictionary, streams opened by the client (SYN_STREAM, answered with SYN_REPLY), DATA with FIN,
// RST_STREAM, PING echoed, SETTINGS/WINDOW_UPDATE accepted (kubectl's spdystream does no flow control).
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';

const dictionaryNames = ['options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-ranges',
  'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location',
  'content-md5', 'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer', 'retry-after',
  'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK',
  'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin'];
const dictionaryTail = '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505203 Non-Authoritative Information204 No Content'
  + '301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable'
  + 'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,'
  + 'application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';

/** The SPDY/3 header compression dictionary (1,423 bytes): length-prefixed names, then common values. */
export const spdyDictionary: Buffer = Buffer.concat([
  ...dictionaryNames.map((n) => { const b = Buffer.alloc(4 + n.length); b.writeUInt32BE(n.length); b.write(n, 4, 'latin1'); return b; }),
  Buffer.from(dictionaryTail, 'latin1'),
]);

export const frameType = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
export const flagFin = 0x01;

export type SpdyFrame =
  | { control: true; type: number; flags: number; data: Buffer }
  | { control: false; streamId: number; flags: number; data: Buffer };

/** Whole frames from a byte stream, and the bytes of a frame not yet complete. Pure. */
export function parseSpdyFrames(buffer: Buffer): { frames: SpdyFrame[]; rest: Buffer } {
  const frames: SpdyFrame[] = [];
  let at = 0;
  while (buffer.length - at >= 8) {
    const length = buffer.readUIntBE(at + 5, 3);
    if (buffer.length - at < 8 + length) break;
    const flags = buffer[at + 4]!;
    const data = Buffer.from(buffer.subarray(at + 8, at + 8 + length));
    if (buffer[at]! & 0x80) frames.push({ control: true, type: buffer.readUInt16BE(at + 2), flags, data });
    else frames.push({ control: false, streamId: buffer.readUInt32BE(at) & 0x7fffffff, flags, data });
    at += 8 + length;
  }
  return { frames, rest: buffer.subarray(at) };
}

export function controlFrame(type: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8003, 0);
  head.writeUInt16BE(type, 2);
  head[4] = flags;
  head.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([head, data]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head[4] = flags;
  head.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([head, data]);
}

/** An uncompressed SPDY/3 header block. Pure. */
export function encodeHeaderBlock(headers: ReadonlyMap<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4)];
  parts[0]!.writeUInt32BE(headers.size);
  for (const [k, v] of headers) {
    for (const s of [k, v]) { const b = Buffer.from(s, 'utf8'); const l = Buffer.alloc(4); l.writeUInt32BE(b.length); parts.push(l, b); }
  }
  return Buffer.concat(parts);
}

/** Header names (lower-cased) and values (joined NUL-separated values keep their first) of a block. Pure. */
export function decodeHeaderBlock(block: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 4;
  const count = block.readUInt32BE(0);
  for (let i = 0; i < count; i++) {
    const kl = block.readUInt32BE(at); at += 4;
    const k = block.subarray(at, at + kl).toString('utf8'); at += kl;
    const vl = block.readUInt32BE(at); at += 4;
    const v = block.subarray(at, at + vl).toString('utf8'); at += vl;
    out.set(k.toLowerCase(), v.split('\0')[0]!);
  }
  return out;
}

/** One direction's zlib context: every header block of a session shares it, flushed per block. */
function zlibStep(z: Inflate | Deflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const onData = (d: Buffer): void => { out.push(d); };
    const onError = (e: Error): void => { z.off('data', onData); reject(e); };
    z.on('data', onData);
    z.once('error', onError);
    z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, () => { z.off('data', onData); z.off('error', onError); resolve(Buffer.concat(out)); });
  });
}

export interface SpdyStream {
  readonly id: number;
  readonly headers: ReadonlyMap<string, string>;
  /** Data from the client; end when the client half-closed (FIN) or reset the stream. */
  onData(listener: (data: Buffer) => void): void;
  onEnd(listener: () => void): void;
  write(data: Buffer): void;
  /** Half-closes our side (DATA with FIN). */
  end(): void;
}

interface StreamState {
  data: ((d: Buffer) => void)[];
  /** Data that arrived before anyone listened (a connection to the pod is still being made). */
  early: Buffer[];
  end: (() => void)[];
  ended: boolean;
  finSent: boolean;
}

/** The server end of a SPDY/3.1 session over a byte stream (`send` writes to the peer). */
export class SpdyServerSession {
  readonly #send: (data: Buffer) => void;
  readonly #onStream: (stream: SpdyStream) => void;
  readonly #inflate = createInflate({ dictionary: spdyDictionary });
  readonly #deflate = createDeflate({ dictionary: spdyDictionary });
  readonly #streams = new Map<number, StreamState>();
  #pending = Buffer.alloc(0);
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(send: (data: Buffer) => void, onStream: (stream: SpdyStream) => void) {
    this.#send = send;
    this.#onStream = onStream;
  }

  /** Bytes from the peer; frames are handled in order. */
  receive(chunk: Buffer): void {
    const { frames, rest } = parseSpdyFrames(this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk);
    this.#pending = Buffer.from(rest);
    for (const f of frames) this.#chain = this.#chain.then(() => this.#frame(f)).catch(() => this.close());
  }

  #endRemote(id: number): void {
    const s = this.#streams.get(id);
    if (!s || s.ended) return;
    s.ended = true;
    if (s.data.length || !s.early.length) for (const l of s.end) l();
  }

  async #frame(f: SpdyFrame): Promise<void> {
    if (this.#closed) return;
    if (!f.control) {
      const s = this.#streams.get(f.streamId);
      if (!s) return;
      if (f.data.length) {
        if (s.data.length) for (const l of s.data) l(f.data);
        else s.early.push(f.data);
      }
      if (f.flags & flagFin) this.#endRemote(f.streamId);
      return;
    }
    if (f.type === frameType.synStream) {
      const id = f.data.readUInt32BE(0) & 0x7fffffff;
      const headers = decodeHeaderBlock(await zlibStep(this.#inflate, f.data.subarray(10)));
      const state: StreamState = { data: [], early: [], end: [], ended: false, finSent: false };
      this.#streams.set(id, state);
      const reply = Buffer.alloc(4);
      reply.writeUInt32BE(id);
      this.#write(controlFrame(frameType.synReply, 0, Buffer.concat([reply, await zlibStep(this.#deflate, encodeHeaderBlock(new Map()))])));
      this.#onStream({
        id, headers,
        onData: (l) => {
          state.data.push(l);
          for (const d of state.early.splice(0)) l(d);
          if (state.ended) for (const e of state.end.splice(0)) e();
        },
        onEnd: (l) => { if (state.ended && (state.data.length || !state.early.length)) l(); else state.end.push(l); },
        write: (data) => { for (let at = 0; at < data.length; at += 65536) this.#write(dataFrame(id, 0, data.subarray(at, at + 65536))); },
        end: () => { if (!state.finSent) { state.finSent = true; this.#write(dataFrame(id, flagFin, Buffer.alloc(0))); } },
      });
      if (f.flags & flagFin) this.#endRemote(id);
    } else if (f.type === frameType.rstStream) {
      this.#endRemote(f.data.readUInt32BE(0) & 0x7fffffff);
    } else if (f.type === frameType.ping) {
      this.#write(controlFrame(frameType.ping, 0, f.data));
    } else if (f.type === frameType.goAway) {
      this.close();
    }
    // SETTINGS, WINDOW_UPDATE and HEADERS need no answer.
  }

  #write(data: Buffer): void {
    if (!this.#closed) this.#send(data);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of this.#streams.keys()) this.#endRemote(id);
    this.#inflate.close();
    this.#deflate.close();
  }
}
