// EtcdClient: etcd's v3 gRPC API over @grpc/grpc-js (I/O). Unary calls fail over to the next endpoint
// when one is unreachable; watch streams open on the endpoint in use.
import * as grpc from '@grpc/grpc-js';
import { messageType, methods } from './etcd-proto.js';

export interface EtcdTls {
  /** PEM: the CA that signed the members' certificates; client certificate and key for mutual TLS. */
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export interface EtcdClientOptions {
  /** host:port of each member. */
  readonly endpoints: readonly string[];
  /** TLS for https members; absent: plaintext. */
  readonly tls?: EtcdTls;
  /** Deadline of a unary call, ms (default 30 s). */
  readonly callTimeoutMs?: number;
}

const decodeOptions = { longs: Number, enums: String, defaults: true, arrays: true } as const;

function codec<Req, Res>(reqName: string, resName: string) {
  const reqType = messageType(reqName);
  const resType = messageType(resName);
  return {
    serialize: (req: Req): Buffer => Buffer.from(reqType.encode(reqType.fromObject(req as Record<string, unknown>)).finish()),
    deserialize: (buf: Buffer): Res => resType.toObject(resType.decode(buf), decodeOptions) as Res,
  };
}

const codecs = {
  range: codec('RangeRequest', 'RangeResponse'),
  txn: codec('TxnRequest', 'TxnResponse'),
  compact: codec('CompactionRequest', 'CompactionResponse'),
  hashKV: codec('HashKVRequest', 'HashKVResponse'),
  watch: codec('WatchRequest', 'WatchResponse'),
};
export type UnaryMethod = Exclude<keyof typeof codecs, 'watch'>;

export function isGrpcError(e: unknown, code?: grpc.status): e is grpc.ServiceError {
  return e instanceof Error && typeof (e as Partial<grpc.ServiceError>).code === 'number' && (code === undefined || (e as grpc.ServiceError).code === code);
}

export class EtcdClient {
  readonly #endpoints: readonly string[];
  readonly #credentials: grpc.ChannelCredentials;
  readonly #timeoutMs: number;
  readonly #clients = new Map<number, grpc.Client>();
  #current = 0;

  constructor(options: EtcdClientOptions) {
    if (options.endpoints.length === 0) throw new TypeError('EtcdClient needs at least one endpoint');
    this.#endpoints = options.endpoints;
    const tls = options.tls;
    this.#credentials = tls ? grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null) : grpc.credentials.createInsecure();
    this.#timeoutMs = options.callTimeoutMs ?? 30_000;
  }

  #client(i: number): grpc.Client {
    let c = this.#clients.get(i);
    if (!c) {
      c = new grpc.Client(this.#endpoints[i]!, this.#credentials, { 'grpc.max_receive_message_length': 256 << 20, 'grpc.keepalive_time_ms': 30_000 });
      this.#clients.set(i, c);
    }
    return c;
  }

  /** The endpoint calls go to now. */
  get endpoint(): string {
    return this.#endpoints[this.#current]!;
  }

  /** Moves to the next endpoint (after the current one failed). */
  failover(): void {
    this.#current = (this.#current + 1) % this.#endpoints.length;
  }

  /** One unary call; UNAVAILABLE on one endpoint is retried on each other one in turn. */
  async call<Res>(method: UnaryMethod, request: object): Promise<Res> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#callOnce<Res>(method, request);
      } catch (e: unknown) {
        if (!isGrpcError(e, grpc.status.UNAVAILABLE) || attempt >= this.#endpoints.length - 1) throw e;
        this.failover();
      }
    }
  }

  #callOnce<Res>(method: UnaryMethod, request: object): Promise<Res> {
    const { serialize, deserialize } = codecs[method] as { serialize: (r: object) => Buffer; deserialize: (b: Buffer) => Res };
    const deadline = Date.now() + this.#timeoutMs;
    return new Promise<Res>((resolve, reject) => {
      this.#client(this.#current).makeUnaryRequest(methods[method], serialize, deserialize, request, new grpc.Metadata(), { deadline }, (err, res) => {
        if (err) reject(err);
        else resolve(res!);
      });
    });
  }

  /** A Watch stream on the current endpoint. */
  watch<Req extends object, Res>(): grpc.ClientDuplexStream<Req, Res> {
    const { serialize, deserialize } = codecs.watch as unknown as { serialize: (r: Req) => Buffer; deserialize: (b: Buffer) => Res };
    return this.#client(this.#current).makeBidiStreamRequest(methods.watch, serialize, deserialize, new grpc.Metadata());
  }

  close(): void {
    for (const c of this.#clients.values()) c.close();
    this.#clients.clear();
  }
}
