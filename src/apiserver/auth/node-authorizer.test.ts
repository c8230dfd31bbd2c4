import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { NodeAuthorizer, nodeNameOf, type NodeGraph } from './node-authorizer.js';
import type { Attributes } from './authorizer.js';

const pod = (ns: string, name: string, node: string, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({ metadata: { namespace: ns, name }, spec: { nodeName: node, containers: [{ name: 'c' }], ...spec } });

const pods: Pod[] = [
  pod('db', 'pg-0', 'n1', {
    serviceAccountName: 'pg',
    containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'pg-env' } }] }],
    volumes: [{ name: 'conf', configMap: { name: 'pg-conf' } }, { name: 'data', persistentVolumeClaim: { claimName: 'data-pg-0' } }],
  }),
  pod('db', 'pg-1', 'n2', { volumes: [{ name: 's', secret: { secretName: 'n2-only' } }, { name: 'data', persistentVolumeClaim: { claimName: 'data-pg-1' } }] }),
];
const claims: Record<string, PersistentVolumeClaim> = {
  'db/data-pg-0': { spec: { volumeName: 'pv-a' } },
  'db/data-pg-1': { spec: { volumeName: 'pv-b' } },
};
const volumes: Record<string, PersistentVolume> = {
  'pv-a': { spec: { csi: { driver: 'd', volumeHandle: 'h', nodePublishSecretRef: { namespace: 'kube-system', name: 'csi-creds' } } } },
};
const graph: NodeGraph = {
  podsOn: (n) => pods.filter((p) => p.spec?.nodeName === n),
  claim: (ns, n) => claims[`${ns}/${n}`],
  volume: (n) => volumes[n],
};
const authz = new NodeAuthorizer(graph);
const n1 = { name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };

type Req = Partial<Attributes> & { verb: string };
const ask = (r: Req, user = n1): string => {
  const d = authz.authorize({ user, resourceRequest: true, path: '', namespace: '', apiGroup: '', resource: '', subresource: '', name: '', ...r });
  return d.kind === 'allow' ? 'allow' : `${d.kind}${d.reason ? `: ${d.reason}` : ''}`;
};
const noPath = "noOpinion: no relationship found between node 'n1' and this object";

const cases: [string, Req, string][] = [
  ['get a Secret its pod uses (envFrom)', { verb: 'get', namespace: 'db', resource: 'secrets', name: 'pg-env' }, 'allow'],
  ['watch that Secret by name', { verb: 'watch', namespace: 'db', resource: 'secrets', name: 'pg-env' }, 'allow'],
  ["get another node's pod's Secret", { verb: 'get', namespace: 'db', resource: 'secrets', name: 'n2-only' }, noPath],
  ['the same name in another namespace', { verb: 'get', namespace: 'other', resource: 'secrets', name: 'pg-env' }, noPath],
  ['list all Secrets', { verb: 'list', namespace: 'db', resource: 'secrets' }, 'noOpinion: No Object name found'],
  ['update a Secret', { verb: 'update', namespace: 'db', resource: 'secrets', name: 'pg-env' }, 'noOpinion: can only read resources of this type'],
  ['a Secret a bound PV names (CSI)', { verb: 'get', namespace: 'kube-system', resource: 'secrets', name: 'csi-creds' }, 'allow'],
  ['a ConfigMap its pod mounts', { verb: 'get', namespace: 'db', resource: 'configmaps', name: 'pg-conf' }, 'allow'],
  ['a ConfigMap no pod of its uses', { verb: 'get', namespace: 'db', resource: 'configmaps', name: 'other' }, noPath],
  ['its pod claim', { verb: 'get', namespace: 'db', resource: 'persistentvolumeclaims', name: 'data-pg-0' }, 'allow'],
  ['list claims', { verb: 'list', namespace: 'db', resource: 'persistentvolumeclaims' }, 'noOpinion: can only get individual resources of this type'],
  ["another node's claim", { verb: 'get', namespace: 'db', resource: 'persistentvolumeclaims', name: 'data-pg-1' }, noPath],
  ['its claim status (resize)', { verb: 'patch', namespace: 'db', resource: 'persistentvolumeclaims', subresource: 'status', name: 'data-pg-0' }, 'allow'],
  ['its bound PV', { verb: 'get', resource: 'persistentvolumes', name: 'pv-a' }, 'allow'],
  ["another node's PV", { verb: 'get', resource: 'persistentvolumes', name: 'pv-b' }, noPath],
  ['a token for its pod ServiceAccount', { verb: 'create', namespace: 'db', resource: 'serviceaccounts', subresource: 'token', name: 'pg' }, 'allow'],
  ['a token for another ServiceAccount', { verb: 'create', namespace: 'db', resource: 'serviceaccounts', subresource: 'token', name: 'default' }, noPath],
  ['its own Lease', { verb: 'update', apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', resource: 'leases', name: 'n1' }, 'allow'],
  ["another node's Lease", { verb: 'update', apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', resource: 'leases', name: 'n2' }, 'noOpinion: can only access node lease with the same name as the requesting node'],
  ['a Lease elsewhere', { verb: 'get', apiGroup: 'coordination.k8s.io', namespace: 'default', resource: 'leases', name: 'n1' }, 'noOpinion: can only access leases in the kube-node-lease namespace'],
  ['list Leases', { verb: 'list', apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', resource: 'leases' }, 'noOpinion: can only get, create, update, patch, or delete a node lease'],
  ['node rules: watch pods', { verb: 'watch', resource: 'pods' }, 'allow'],
  ['node rules: update pod status', { verb: 'update', namespace: 'db', resource: 'pods', subresource: 'status', name: 'pg-0' }, 'allow'],
  ['node rules: patch nodes', { verb: 'patch', resource: 'nodes', name: 'n1' }, 'allow'],
  ['node rules: create CSRs', { verb: 'create', apiGroup: 'certificates.k8s.io', resource: 'certificatesigningrequests' }, 'allow'],
  ['outside the node rules: delete a namespace', { verb: 'delete', resource: 'namespaces', name: 'db' }, 'noOpinion'],
  ['outside the node rules: create deployments', { verb: 'create', apiGroup: 'apps', namespace: 'db', resource: 'deployments' }, 'noOpinion'],
];
for (const [name, req, want] of cases) test(`node authorizer: ${name}`, () => assert.equal(ask(req), want));

test('node authorizer: users that are not a node get no opinion', () => {
  for (const user of [{ name: 'system:node:n1', groups: ['system:authenticated'] }, { name: 'alice', groups: ['system:nodes'] }, { name: 'system:node:', groups: ['system:nodes'] }]) {
    assert.equal(nodeNameOf(user), undefined);
    assert.equal(ask({ verb: 'get', namespace: 'db', resource: 'secrets', name: 'pg-env' }, user), 'noOpinion');
  }
});
