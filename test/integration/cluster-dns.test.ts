// Integration: the cluster DNS server over UDP and TCP on an in-process API server: a ClusterIP Service
// answers as soon as it exists, names outside cluster.local go to the upstream resolver (a fake one
// here), and an unreachable upstream gives SERVFAIL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import dnsPacket from 'dns-packet';
import { ApiServer, createAuthenticator } from '../../src/apiserver/index.js';
import { MemoryStore } from '../../src/storage/index.js';
import { Client, InformerFactory } from '../../src/client/index.js';
import { lookupResource } from '../../src/api/index.js';
import { InProcessTransport } from '../../src/cmd/in-process-transport.js';
import { startClusterDns } from '../../src/dns/index.js';
import { realClock, silentLogger } from '../../src/util/index.js';
import { eventually } from '../support/eventually.js';

test('cluster DNS answers cluster.local from the API and forwards the rest', async () => {
  const api = new ApiServer({ store: new MemoryStore(), authenticator: createAuthenticator({ tokens: new Map([['secret', { name: 'admin', groups: ['system:masters'] }]]) }) });
  await api.start();
  // A fake upstream resolver: every A question gets 192.0.2.7.
  const upstream = createSocket('udp4');
  upstream.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    upstream.send(dnsPacket.encode({ type: 'response', id: q.id ?? 0, flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions ?? [], answers: [{ type: 'A', name: q.questions![0]!.name, ttl: 30, data: '192.0.2.7' }] }), rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => upstream.bind(0, '127.0.0.2', () => r()));
  const client = new Client({ transport: new InProcessTransport({ server: api, token: 'secret', userAgent: 'test' }), fieldManager: 'test' });
  const informers = new InformerFactory({ client, clock: realClock, logger: silentLogger });
  const dns = await startClusterDns({ informers, logger: silentLogger }, { host: '127.0.0.1', port: 0, upstreams: ['127.0.0.2'], upstreamPort: upstream.address().port, forwardTimeoutMs: 500 });
  const dead = await startClusterDns({ informers, logger: silentLogger }, { host: '127.0.0.1', port: 0, upstreams: ['127.0.0.3'], upstreamPort: 9, forwardTimeoutMs: 200 });
  try {
    const r = new Resolver({ timeout: 2000, tries: 1 });
    r.setServers([`127.0.0.1:${dns.port}`]);
    await client.create(lookupResource('', 'v1', 'services')!, 'default', { metadata: { name: 'api' }, spec: { ports: [{ name: 'http', port: 80 }] } });
    const ip = (await client.get<{ spec: { clusterIP: string } }>(lookupResource('', 'v1', 'services')!, 'default', 'api')).spec.clusterIP;
    await eventually(async () => assert.deepEqual(await r.resolve4('api.default.svc.cluster.local'), [ip]));
    assert.deepEqual(await r.resolveSrv('_http._tcp.api.default.svc.cluster.local'), [{ name: 'api.default.svc.cluster.local', port: 80, priority: 0, weight: 100 }]);
    await assert.rejects(r.resolve4('nope.default.svc.cluster.local'), { code: 'ENOTFOUND' });
    assert.deepEqual(await r.resolve4('debian.org'), ['192.0.2.7']);
    // TCP: the same answer, length-prefixed.
    const { connect } = await import('node:net');
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const sock = connect(dns.port, '127.0.0.1', () => sock.write(dnsPacket.streamEncode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: 'api.default.svc.cluster.local' }] })));
      let buf = Buffer.alloc(0);
      sock.on('data', (d: Buffer) => { buf = Buffer.concat([buf, d]); if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) { sock.end(); resolve(buf); } });
      sock.on('error', reject);
    });
    assert.deepEqual(dnsPacket.streamDecode(reply).answers?.map((a) => ('data' in a ? a.data : undefined)), [ip]);
    const r2 = new Resolver({ timeout: 2000, tries: 1 });
    r2.setServers([`127.0.0.1:${dead.port}`]);
    await assert.rejects(r2.resolve4('debian.org'), { code: 'ESERVFAIL' });
  } finally {
    await dns[Symbol.asyncDispose]();
    await dead[Symbol.asyncDispose]();
    upstream.close();
    await informers[Symbol.asyncDispose]();
    await api[Symbol.asyncDispose]();
  }
});
