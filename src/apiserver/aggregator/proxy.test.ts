import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { upstreamOptions, type UpstreamTarget } from './proxy.js';

const cert = { certPem: 'CERT', keyPem: 'KEY' };
const agent = new Agent();
const base = { method: 'GET', path: '/apis/wardle.example.com/v1alpha1?limit=500', headers: { 'x-remote-user': 'skiff-admin' }, agent };

test('upstreamOptions() verifies a caBundle against <service>.<namespace>.svc and presents the front-proxy certificate', () => {
  const t: UpstreamTarget = { host: '10.0.0.5', port: 8443, serverName: 'api.wardle.svc', caPem: 'CA', insecureSkipTLSVerify: false };
  const o = upstreamOptions(t, cert, base);
  assert.deepEqual({ host: o.host, port: o.port, path: o.path, ca: o.ca, cert: o.cert, key: o.key, rejectUnauthorized: o.rejectUnauthorized, servername: o.servername }, {
    host: '10.0.0.5', port: 8443, path: '/apis/wardle.example.com/v1alpha1?limit=500', ca: 'CA', cert: 'CERT', key: 'KEY', rejectUnauthorized: true, servername: undefined,
  });
  const identity = o.checkServerIdentity;
  assert.ok(identity, 'the name is checked');
  const peer = { subject: { CN: 'api.wardle.svc' }, subjectaltname: 'DNS:api.wardle.svc' } as unknown as Parameters<NonNullable<typeof identity>>[1];
  assert.equal(identity('10.0.0.5', peer), undefined, 'the service name matches whatever address was dialled');
  const other = { subject: { CN: 'evil' }, subjectaltname: 'DNS:evil.example.com' } as unknown as Parameters<NonNullable<typeof identity>>[1];
  assert.ok(identity('10.0.0.5', other) instanceof Error);
});

test('upstreamOptions() skips verification with insecureSkipTLSVerify and sends SNI only for names', () => {
  const o = upstreamOptions({ host: 'wardle.example.com', port: 443, serverName: 'api.wardle.svc', caPem: undefined, insecureSkipTLSVerify: true }, cert, base);
  assert.equal(o.rejectUnauthorized, false);
  assert.equal(o.checkServerIdentity, undefined);
  assert.equal(o.servername, 'wardle.example.com');
  assert.equal(o.ca, undefined);
});
