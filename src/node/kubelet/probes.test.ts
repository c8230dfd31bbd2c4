import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Container } from 'kubernetes-types/core/v1.js';
import { selfSignedServingCertificate } from '../../util/tls.js';
import { runProbe } from './probes.js';

const container: Container = { name: 'c', ports: [{ name: 'web', containerPort: 0 }] };
const noExec = (): Promise<{ exitCode: number; output: string }> => Promise.reject(new Error('no exec in this test'));
const handler = (req: IncomingMessage, res: ServerResponse): void => {
  res.writeHead(req.url === '/healthz' ? 200 : 500);
  res.end(req.headers['user-agent']);
};

async function withServer(server: ReturnType<typeof createHttpServer>, run: (port: number) => Promise<void>): Promise<void> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('runProbe() httpGet succeeds on 2xx and reports the status code otherwise', async () => {
  await withServer(createHttpServer(handler), async (port) => {
    const probe = (path: string) => runProbe({ httpGet: { path, port } }, { container, podIP: () => '127.0.0.1', exec: noExec });
    assert.deepEqual(await probe('/healthz'), { ok: true, message: '' });
    assert.deepEqual(await probe('/broken'), { ok: false, message: 'HTTP probe failed with statuscode: 500' });
  });
});

test('runProbe() httpGet with scheme HTTPS does not verify the certificate, as kubelet (a self-signed webhook certificate)', async () => {
  const { certPem, keyPem } = await selfSignedServingCertificate('webhook.ns.svc', { dns: ['webhook.ns.svc'], ips: [] });
  await withServer(createHttpsServer({ cert: certPem, key: keyPem }, handler), async (port) => {
    const probe = (path: string) => runProbe({ httpGet: { path, port, scheme: 'HTTPS' } }, { container, podIP: () => '127.0.0.1', exec: noExec });
    assert.deepEqual(await probe('/healthz'), { ok: true, message: '' });
    assert.deepEqual(await probe('/broken'), { ok: false, message: 'HTTP probe failed with statuscode: 500' });
  });
});

test('runProbe() httpGet on a closed port fails with connection refused', async () => {
  const server = createHttpServer(handler);
  let port = 0;
  await withServer(server, async (p) => { port = p; });
  assert.deepEqual(await runProbe({ httpGet: { path: '/', port } }, { container, podIP: () => '127.0.0.1', exec: noExec }),
    { ok: false, message: `Get "http://127.0.0.1:${port}/": dial tcp 127.0.0.1:${port}: connect: connection refused` });
});

test('runProbe() httpGet past timeoutSeconds fails with a deadline exceeded', async () => {
  const hanging = createHttpServer(() => undefined);
  await withServer(hanging, async (port) => {
    assert.deepEqual(await runProbe({ httpGet: { path: '/', port }, timeoutSeconds: 1 }, { container, podIP: () => '127.0.0.1', exec: noExec }),
      { ok: false, message: `Get "http://127.0.0.1:${port}/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  });
});
