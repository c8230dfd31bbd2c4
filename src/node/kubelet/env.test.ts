import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { resolveEnv, serviceEnv } from './env.js';

const svc = (namespace: string, name: string, clusterIP: string, ports: Service['spec'] extends infer S ? S extends { ports?: infer P } ? P : never : never): Service => ({ metadata: { namespace, name }, spec: { clusterIP, ports } });

test('serviceEnv(): upstream\'s docker-link variables for Services with a ClusterIP', () => {
  assert.deepEqual(serviceEnv([svc('ns', 'my-db', '10.43.0.9', [{ name: 'sql', port: 5432, protocol: 'TCP' }, { name: 'metrics', port: 9187, protocol: 'TCP' }]), svc('ns', 'headless', 'None', [{ port: 80 }])]), [
    { name: 'MY_DB_SERVICE_HOST', value: '10.43.0.9' },
    { name: 'MY_DB_SERVICE_PORT', value: '5432' },
    { name: 'MY_DB_SERVICE_PORT_SQL', value: '5432' },
    { name: 'MY_DB_SERVICE_PORT_METRICS', value: '9187' },
    { name: 'MY_DB_PORT', value: 'tcp://10.43.0.9:5432' },
    { name: 'MY_DB_PORT_5432_TCP', value: 'tcp://10.43.0.9:5432' },
    { name: 'MY_DB_PORT_5432_TCP_PROTO', value: 'tcp' },
    { name: 'MY_DB_PORT_5432_TCP_PORT', value: '5432' },
    { name: 'MY_DB_PORT_5432_TCP_ADDR', value: '10.43.0.9' },
    { name: 'MY_DB_PORT_9187_TCP', value: 'tcp://10.43.0.9:9187' },
    { name: 'MY_DB_PORT_9187_TCP_PROTO', value: 'tcp' },
    { name: 'MY_DB_PORT_9187_TCP_PORT', value: '9187' },
    { name: 'MY_DB_PORT_9187_TCP_ADDR', value: '10.43.0.9' },
  ]);
});

test('resolveEnv(): the namespace\'s Services with enableServiceLinks, default/kubernetes always; the container\'s own variables win and can refer to them', () => {
  const services = new Map([
    ['default', [svc('default', 'kubernetes', '10.43.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]), svc('default', 'other', '10.43.0.7', [{ port: 80 }])]],
    ['app', [svc('app', 'web', '10.43.0.5', [{ port: 8080 }])]],
  ]);
  const sources = { configMap: () => undefined, secret: () => undefined, services: (ns: string) => services.get(ns) ?? [] };
  const pod = (enableServiceLinks: boolean): Pod => ({ metadata: { namespace: 'app', name: 'p' }, spec: { enableServiceLinks, containers: [] } });
  const container = { name: 'c', env: [{ name: 'WEB_SERVICE_PORT', value: 'mine' }, { name: 'URL', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)' }] };
  const env = new Map(resolveEnv(pod(true), container, sources).map((e) => [e.name, e.value]));
  assert.equal(env.get('URL'), 'https://10.43.0.1:443');
  assert.equal(env.get('WEB_SERVICE_PORT'), 'mine');
  assert.equal(env.get('WEB_SERVICE_HOST'), '10.43.0.5');
  assert.equal(env.has('OTHER_SERVICE_HOST'), false);
  const off = new Map(resolveEnv(pod(false), { name: 'c' }, sources).map((e) => [e.name, e.value]));
  assert.equal(off.get('KUBERNETES_SERVICE_HOST'), '10.43.0.1');
  assert.equal(off.has('WEB_SERVICE_HOST'), false);
});
