// e2e: a CRD with two versions of different shapes and strategy Webhook, through the real kubectl. An in-process
// HTTPS conversion webhook (127.0.0.1, registered by URL with its caBundle) turns v1beta1's `spec.hostPort: "h:p"`
// into v1's `spec.host` and `spec.port` and back. Objects created at either version are stored at v1 and read,
// listed and watched at both; lists go to the webhook in one ConversionReview; a failing webhook is a 500 with
// upstream's message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedServingCertificate } from '../../src/util/tls.js';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const group = 'net.example.com';

type Obj = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec?: Record<string, unknown> };

/** v1beta1 {hostPort} ↔ v1 {host, port}. */
function convert(o: Obj, to: string): Obj {
  const spec = { ...(o.spec ?? {}) };
  if (to === `${group}/v1` && typeof spec['hostPort'] === 'string') {
    const [host, port] = (spec['hostPort'] as string).split(':');
    delete spec['hostPort'];
    Object.assign(spec, { host, port: Number(port) });
  } else if (to === `${group}/v1beta1` && spec['host'] !== undefined) {
    spec['hostPort'] = `${String(spec['host'])}:${String(spec['port'])}`;
    delete spec['host'];
    delete spec['port'];
  }
  return { ...o, apiVersion: to, spec };
}

interface Seen { desired: string; count: number }

async function startWebhook(): Promise<{ server: Server; url: string; caBundle: string; seen: Seen[]; failing: { on: boolean } }> {
  const { certPem, keyPem } = await selfSignedServingCertificate('127.0.0.1', { dns: [], ips: ['127.0.0.1'] });
  const seen: Seen[] = [];
  const failing = { on: false };
  const server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const review = JSON.parse(Buffer.concat(chunks).toString()) as { apiVersion: string; request: { uid: string; desiredAPIVersion: string; objects: Obj[] } };
      const r = review.request;
      seen.push({ desired: r.desiredAPIVersion, count: r.objects.length });
      const response = failing.on
        ? { uid: r.uid, result: { status: 'Failure', message: 'the converter is down for maintenance' } }
        : { uid: r.uid, result: { status: 'Success' }, convertedObjects: r.objects.map((o) => convert(o, r.desiredAPIVersion)) };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: review.apiVersion, kind: 'ConversionReview', response }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/convert`, caBundle: Buffer.from(certPem).toString('base64'), seen, failing };
}

describe('CRD conversion webhooks through kubectl', { skip }, () => {
  let s: SkiffProcess;
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  before(async () => {
    hook = await startWebhook();
    s = await startSkiff({ args: ['--disable-agent'] });
    const schema = (spec: Record<string, unknown>): unknown => ({ openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: spec } } } });
    await s.create(JSON.stringify({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `endpoints.${group}` },
      spec: {
        group, scope: 'Namespaced', names: { plural: 'endpoints', singular: 'endpoint', kind: 'Endpoint', shortNames: ['nep'] },
        conversion: { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: hook.url, caBundle: hook.caBundle } } },
        versions: [
          { name: 'v1', served: true, storage: true, schema: schema({ host: { type: 'string' }, port: { type: 'integer' } }), additionalPrinterColumns: [{ name: 'Host', type: 'string', jsonPath: '.spec.host' }, { name: 'Port', type: 'integer', jsonPath: '.spec.port' }] },
          { name: 'v1beta1', served: true, storage: false, schema: schema({ hostPort: { type: 'string' } }), additionalPrinterColumns: [{ name: 'HostPort', type: 'string', jsonPath: '.spec.hostPort' }] },
        ],
      },
    }));
    await s.k('wait', '--for=condition=Established', `crd/endpoints.${group}`, '--timeout=20s');
  });
  after(async () => {
    await s?.stop();
    hook?.server.close();
  });

  test('an object created at v1beta1 is stored at v1 and read at both versions', async () => {
    const before = hook.seen.length;
    await s.create(JSON.stringify({ apiVersion: `${group}/v1beta1`, kind: 'Endpoint', metadata: { name: 'db', labels: { tier: 'data' } }, spec: { hostPort: 'db.internal:5432' } }));
    // To the storage version, then the created object back to the version it was sent in.
    assert.deepEqual(hook.seen.slice(before), [{ desired: `${group}/v1`, count: 1 }, { desired: `${group}/v1beta1`, count: 1 }]);
    assert.equal(await s.k('get', `endpoints.v1.${group}`, 'db', '-o', 'jsonpath={.apiVersion} {.spec.host} {.spec.port} {.metadata.labels.tier}'), `${group}/v1 db.internal 5432 data`);
    assert.equal(await s.k('get', `endpoints.v1beta1.${group}`, 'db', '-o', 'jsonpath={.apiVersion} {.spec.hostPort}'), `${group}/v1beta1 db.internal:5432`);
    await s.create(JSON.stringify({ apiVersion: `${group}/v1`, kind: 'Endpoint', metadata: { name: 'cache' }, spec: { host: 'cache.internal', port: 6379 } }));
  });

  test('a list at v1beta1 converts every item in one review and prints its columns', async () => {
    const before = hook.seen.length;
    assert.match(await s.k('get', `endpoints.v1beta1.${group}`), /^NAME\s+HOSTPORT\ncache\s+cache\.internal:6379\ndb\s+db\.internal:5432\n$/);
    assert.deepEqual(hook.seen.slice(before).filter((x) => x.count === 2), [{ desired: `${group}/v1beta1`, count: 2 }]);
    assert.match(await s.k('get', `endpoints.v1.${group}`), /^NAME\s+HOST\s+PORT\ncache\s+cache\.internal\s+6379\ndb\s+db\.internal\s+5432\n$/);
  });

  test('a watch at v1beta1 sees changes converted; patches at v1beta1 round-trip', async () => {
    const watch = s.kubectl(['get', `endpoints.v1beta1.${group}`, '--watch-only', '-o', 'jsonpath={.metadata.name}={.spec.hostPort}{"\\n"}', '--request-timeout=5s']);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await s.k('patch', `endpoints.v1beta1.${group}`, 'db', '--type=merge', '-p', '{"spec":{"hostPort":"db2.internal:5433"}}'), `endpoint.${group}/db patched\n`);
    const seen = await watch;
    assert.match(seen.stdout, /^db=db2\.internal:5433$/m);
    assert.equal(await s.k('get', `endpoints.v1.${group}`, 'db', '-o', 'jsonpath={.spec.host}:{.spec.port}'), 'db2.internal:5433');
  });

  test('a webhook that answers Failure makes reads at the other version fail with upstream\'s 500', async () => {
    hook.failing.on = true;
    try {
      const r = await s.kubectl(['get', `endpoints.v1beta1.${group}`, 'db']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `Error from server (InternalError): Internal error occurred: conversion webhook for ${group}/v1, Kind=Endpoint failed: returned failure: the converter is down for maintenance\n`);
      // The storage version needs no conversion.
      assert.equal(await s.k('get', `endpoints.v1.${group}`, 'db', '-o', 'jsonpath={.spec.host}'), 'db2.internal');
    } finally {
      hook.failing.on = false;
    }
  });
});
