// The cluster DNS server: UDP and TCP on one address, answers for cluster.local from records.ts over the
// shared Service and EndpointSlice informers, everything else forwarded to the host's resolvers.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { readFileSync } from 'node:fs';
import dnsPacket, { type Answer as PacketAnswer, type Packet } from 'dns-packet';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { lookupResource, serviceNameLabel } from '../api/index.js';
import type { ControllerContext, Informer } from '../client/index.js';
import { answer, clusterDomain, ttlSeconds, type ClusterView, type DnsRecord } from './records.js';

const servicesR = lookupResource('', 'v1', 'services')!;
const slicesR = lookupResource('discovery.k8s.io', 'v1', 'endpointslices')!;

/** The host's IPv4 resolvers from /etc/resolv.conf (port 53). */
export function hostResolvers(resolvConf = '/etc/resolv.conf'): string[] {
  try {
    return readFileSync(resolvConf, 'utf8').split('\n').map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1]).filter((x): x is string => !!x && !x.includes(':'));
  } catch {
    return [];
  }
}

/** Services by key and EndpointSlices by their Service, kept by informer handlers. */
class InformerView implements ClusterView {
  readonly #services: Informer<Service>;
  readonly #slices = new Map<string, Map<string, EndpointSlice>>();
  constructor(services: Informer<Service>, slices: Informer<EndpointSlice>) {
    this.#services = services;
    const key = (s: EndpointSlice): string => `${s.metadata?.namespace}/${s.metadata?.labels?.[serviceNameLabel] ?? ''}`;
    const put = (s: EndpointSlice): void => {
      let m = this.#slices.get(key(s));
      if (!m) this.#slices.set(key(s), (m = new Map()));
      m.set(s.metadata?.name ?? '', s);
    };
    const drop = (s: EndpointSlice): void => { this.#slices.get(key(s))?.delete(s.metadata?.name ?? ''); };
    slices.addHandlers({ onAdd: put, onUpdate: (s, old) => { drop(old); put(s); }, onDelete: drop });
  }
  service(namespace: string, name: string): Service | undefined { return this.#services.get(`${namespace}/${name}`); }
  slices(namespace: string, service: string): readonly EndpointSlice[] { return [...(this.#slices.get(`${namespace}/${service}`)?.values() ?? [])]; }
  services(): Iterable<Service> { return this.#services.list(); }
}

export interface ClusterDnsOptions {
  host: string;
  port: number;
  /** Upstream resolvers for names outside cluster.local (default: the host's). */
  upstreams?: readonly string[];
  /** Their port (default 53). */
  upstreamPort?: number;
  forwardTimeoutMs?: number;
}

export interface ClusterDns extends AsyncDisposable {
  readonly port: number;
  /** Serves on one more address too (the pod network's gateway, port 53, where pods' resolv.conf points). */
  listen(host: string, port: number): Promise<number>;
}

const toPacketAnswer = (r: DnsRecord): PacketAnswer => ({ ...r, ttl: ttlSeconds, class: 'IN' }) as PacketAnswer;

const soa: PacketAnswer = {
  type: 'SOA', name: clusterDomain, ttl: ttlSeconds, class: 'IN',
  data: { mname: `ns.dns.${clusterDomain}`, rname: `hostmaster.${clusterDomain}`, serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: ttlSeconds },
};

export async function startClusterDns(ctx: Pick<ControllerContext, 'informers' | 'logger'>, options: ClusterDnsOptions): Promise<ClusterDns> {
  const services = ctx.informers.informerFor<Service>(servicesR);
  const slices = ctx.informers.informerFor<EndpointSlice>(slicesR);
  const view = new InformerView(services, slices);
  services.start();
  slices.start();
  const upstreams = options.upstreams ?? hostResolvers();

  async function forward(query: Buffer): Promise<Buffer | undefined> {
    for (const up of upstreams) {
      const reply = await new Promise<Buffer | undefined>((resolve) => {
        const sock = createSocket('udp4');
        const timer = setTimeout(() => { sock.close(); resolve(undefined); }, options.forwardTimeoutMs ?? 2000);
        sock.once('message', (msg) => { clearTimeout(timer); sock.close(); resolve(msg); });
        sock.once('error', () => { clearTimeout(timer); sock.close(); resolve(undefined); });
        sock.send(query, options.upstreamPort ?? 53, up);
      });
      if (reply) return reply;
    }
    return undefined;
  }

  /** The reply to one query packet (undefined: not a query we can read; drop it). */
  async function respond(raw: Buffer): Promise<Buffer | undefined> {
    let q: Packet;
    try {
      q = dnsPacket.decode(raw);
    } catch {
      return undefined;
    }
    const question = q.questions?.[0];
    const base = { type: 'response' as const, id: q.id ?? 0, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE, questions: q.questions ?? [] };
    if (!question) return dnsPacket.encode({ ...base, flags: base.flags | 1 /* FORMERR */ });
    await Promise.all([services.waitForSync(), slices.waitForSync()]);
    const a = answer(view, question.name, question.type);
    if (a.rcode === 'FORWARD') {
      const reply = await forward(raw);
      return reply ?? dnsPacket.encode({ ...base, flags: base.flags | 2 /* SERVFAIL */ });
    }
    if (a.rcode === 'NXDOMAIN') return dnsPacket.encode({ ...base, flags: base.flags | dnsPacket.AUTHORITATIVE_ANSWER | 3, authorities: [soa] });
    return dnsPacket.encode({ ...base, flags: base.flags | dnsPacket.AUTHORITATIVE_ANSWER, answers: a.answers.map(toPacketAnswer), ...(a.answers.length ? {} : { authorities: [soa] }) });
  }

  const closers: (() => Promise<void>)[] = [];
  /**
   * Serves UDP and TCP (2-byte length-prefixed messages) on host:port; port 0 picks one free for both (the
   * UDP port the kernel picks may be taken for TCP: then another is tried).
   */
  async function listen(host: string, wanted: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await listenOnce(host, wanted);
      } catch (e: unknown) {
        if (wanted !== 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20) throw e;
      }
    }
  }

  async function listenOnce(host: string, wanted: number): Promise<number> {
    const udp: Socket = createSocket('udp4');
    udp.on('message', (msg, rinfo) => {
      void respond(msg).then((reply) => { if (reply) udp.send(reply, rinfo.port, rinfo.address); }).catch((e: unknown) => ctx.logger.warn('dns reply failed', { error: String(e) }));
    });
    await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(wanted, host, () => { udp.off('error', reject); resolve(); }); });
    const port = udp.address().port;
    const tcp: Server = createServer((conn: TcpSocket) => {
      let buf = Buffer.alloc(0);
      conn.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          void respond(Buffer.from(msg)).then((reply) => {
            if (!reply) return;
            const len = Buffer.alloc(2);
            len.writeUInt16BE(reply.length);
            conn.write(Buffer.concat([len, reply]));
          });
        }
      });
      conn.on('error', () => conn.destroy());
    });
    try {
      await new Promise<void>((resolve, reject) => { tcp.once('error', reject); tcp.listen(port, host, () => { tcp.off('error', reject); resolve(); }); });
    } catch (e: unknown) {
      udp.close();
      throw e;
    }
    closers.push(async () => { udp.close(); await new Promise<void>((resolve) => tcp.close(() => resolve())); });
    return port;
  }
  const port = await listen(options.host, options.port);
  return {
    port,
    listen,
    async [Symbol.asyncDispose]() {
      await Promise.all(closers.map((c) => c()));
    },
  };
}
