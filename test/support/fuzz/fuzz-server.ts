// The fuzz suite's target: a real ApiServer over HTTPS with RBAC, an admin token and client certificate, a user
// limited to `get` in one namespace, service account tokens, and a few objects to aim at.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:https';
import { ApiServer, ServiceAccountTokens, createAuthenticator, loadOrCreatePki, type Pki } from '../../../src/apiserver/index.js';
import { MemoryStore } from '../../../src/storage/index.js';
import { send, type Reply, type Sent } from './wire.js';

export const fuzzNamespace = 'fuzz';
export const limitedToken = 'limited-user-token';
export const limitedUser = 'fuzz-limited';

export interface FuzzServer extends AsyncDisposable {
  readonly api: ApiServer;
  readonly store: MemoryStore;
  readonly port: number;
  readonly pki: Pki;
  readonly tokens: ServiceAccountTokens;
  /** A valid token of ServiceAccount fuzz/robot (uid `robotUid`), for the API audience. */
  readonly robotToken: string;
  readonly robotUid: string;
  /** Sends one request (admin bearer token unless `token` or `headers.authorization` say otherwise). */
  send(req: Sent): Promise<Reply>;
  /** The store's revision and every key's modRevision: equal snapshots mean no object changed. */
  snapshot(): Promise<string>;
}

const admin = (pki: Pki): Record<string, string> => ({ authorization: `Bearer ${pki.adminToken}` });

export async function startFuzzServer(): Promise<FuzzServer> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-fuzz-'));
  const pki = await loadOrCreatePki(join(dir, 'tls'), { dns: ['localhost'], ips: ['127.0.0.1'] });
  const store = new MemoryStore();
  const tokens = new ServiceAccountTokens(pki.serverKeyPem);
  const api = new ApiServer({
    store, serviceAccountTokens: tokens,
    authenticator: createAuthenticator({ tokens: new Map([[pki.adminToken, { name: 'admin', groups: ['system:masters'] }], [limitedToken, { name: limitedUser, groups: [] }]]) }),
  });
  const port = await api.listen({ host: '127.0.0.1', port: 0, cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caCertPem });
  await api.start();
  const agent = new Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: false });
  const sendAs = (req: Sent): Promise<Reply> => send(port, { ...req, headers: { ...(req.token === undefined ? admin(pki) : {}), ...req.headers } }, agent);
  const must = async (req: Sent, code: number): Promise<Reply> => {
    const r = await sendAs(req);
    if (r.code !== code) throw new Error(`Cannot set up the fuzz target: ${req.method ?? 'GET'} ${req.path} answered ${r.code}: ${r.body.toString().slice(0, 300)}`);
    return r;
  };
  const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));
  const post = (path: string, o: unknown): Promise<Reply> => must({ method: 'POST', path, body: json(o), headers: { 'content-type': 'application/json' } }, 201);
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: fuzzNamespace } });
  await post(`/api/v1/namespaces/${fuzzNamespace}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'target', labels: { app: 'fuzz' } }, data: { key: 'value' } });
  await post(`/api/v1/namespaces/${fuzzNamespace}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'target' }, stringData: { password: 'hunter2' } });
  const sa = await post(`/api/v1/namespaces/${fuzzNamespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
  const robotUid = String((JSON.parse(sa.body.toString()) as { metadata: { uid: string } }).metadata.uid);
  await post(`/apis/apps/v1/namespaces/${fuzzNamespace}/deployments`, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'target' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'fuzz' } }, template: { metadata: { labels: { app: 'fuzz' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  // The limited user may only get ConfigMaps in the fuzz namespace.
  await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${fuzzNamespace}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'get-only' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] });
  await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${fuzzNamespace}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'get-only' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'get-only' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: limitedUser }],
  });
  const robotToken = tokens.issue({ namespace: fuzzNamespace, serviceAccount: 'robot', uid: robotUid, audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600, now: new Date() }).token;
  return {
    api, store, port, pki, tokens, robotToken, robotUid,
    send: sendAs,
    async snapshot() {
      const all = await store.list('/');
      return JSON.stringify([await store.currentRevision(), all.kvs.map((kv) => [kv.key, kv.modRevision])]);
    },
    async [Symbol.asyncDispose]() {
      agent.destroy();
      await api[Symbol.asyncDispose]();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
