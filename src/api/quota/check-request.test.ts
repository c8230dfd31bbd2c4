import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../meta/kind-rules.js';
import { checkRequest, type QuotaRequest, type QuotaState } from './check-request.js';
import type { ScopeRequirement } from './evaluator.js';
import { evaluatorFor } from './registry.js';
import { formatResourceList, parseResourceList } from './resource-list.js';

const quota = (name: string, hard: Record<string, string>, used: Record<string, string> | undefined, scopes: ScopeRequirement[] = []): QuotaState => ({
  name, hard: parseResourceList(hard), used: parseResourceList(used ?? {}), scopes,
});
const pod = (resources: { requests?: Record<string, string>; limits?: Record<string, string> }, name = 'c'): KubeObject => ({
  metadata: { name: 'x', namespace: 'ns' }, spec: { containers: [{ name, image: 'i', resources }] },
});
const create = (obj: KubeObject): QuotaRequest => ({ op: 'CREATE', subresource: '', obj, old: undefined, nowMs: 0 });
const svc = (type: string, ports = 1, rv = '5'): KubeObject => ({ metadata: { name: 's', resourceVersion: rv }, spec: { type, ports: Array.from({ length: ports }, (_, i) => ({ port: 80 + i })) } });

type Row = { name: string; resource: string; quotas: QuotaState[]; req: QuotaRequest; want: { message: string } | Record<string, Record<string, string>> };

const rows: Row[] = [
  {
    name: 'charges the new usage of a pod that fits',
    resource: 'pods',
    quotas: [quota('compute-quota', { 'requests.cpu': '2', pods: '10' }, { 'requests.cpu': '1400m', pods: '3' })],
    req: create(pod({ requests: { cpu: '500m' } })),
    want: { 'compute-quota': { 'requests.cpu': '1900m', pods: '4' } },
  },
  {
    name: 'rejects a pod over a limit with upstream wording, showing only the exceeded resources',
    resource: 'pods',
    quotas: [quota('compute-quota', { 'requests.cpu': '2', pods: '10' }, { 'requests.cpu': '1800m', pods: '3' })],
    req: create(pod({ requests: { cpu: '500m' } })),
    want: { message: 'exceeded quota: compute-quota, requested: requests.cpu=500m, used: requests.cpu=1800m, limited: requests.cpu=2' },
  },
  {
    name: 'rejects a pod that does not state a tracked cpu value',
    resource: 'pods',
    quotas: [quota('q', { 'requests.cpu': '2', 'limits.cpu': '4' }, { 'requests.cpu': '0', 'limits.cpu': '0' })],
    req: create(pod({})),
    want: { message: 'failed quota: q: must specify limits.cpu for: c; requests.cpu for: c' },
  },
  {
    name: 'rejects while the quota controller has not measured a tracked resource',
    resource: 'pods',
    quotas: [quota('q', { pods: '2', 'requests.memory': '1Gi' }, { pods: '0' })],
    req: create(pod({ requests: { memory: '1Mi' } })),
    want: { message: 'status unknown for quota: q, resources: pods,requests.memory' },
  },
  {
    name: 'ignores a quota with no status yet (it matches nothing until the controller fills status.hard)',
    resource: 'pods',
    quotas: [quota('fresh', {}, undefined)],
    req: create(pod({})),
    want: {},
  },
  {
    name: 'skips a BestEffort-scoped quota for a pod with requests and charges the NotBestEffort one',
    resource: 'pods',
    quotas: [
      quota('best-effort', { pods: '0' }, { pods: '0' }, [{ scopeName: 'BestEffort', operator: 'Exists' }]),
      quota('not-best-effort', { pods: '5' }, { pods: '1' }, [{ scopeName: 'NotBestEffort', operator: 'Exists' }]),
    ],
    req: create(pod({ requests: { memory: '1Mi' } })),
    want: { 'not-best-effort': { pods: '2' } },
  },
  {
    name: 'rejects a BestEffort pod under a zero BestEffort quota',
    resource: 'pods',
    quotas: [quota('best-effort', { pods: '0' }, { pods: '0' }, [{ scopeName: 'BestEffort', operator: 'Exists' }])],
    req: create(pod({})),
    want: { message: 'exceeded quota: best-effort, requested: pods=1, used: pods=0, limited: pods=0' },
  },
  {
    name: 'charges a PriorityClass-scoped quota only for pods of the selected classes',
    resource: 'pods',
    quotas: [quota('high', { pods: '1' }, { pods: '1' }, [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }])],
    req: create({ ...pod({}), spec: { priorityClassName: 'low', containers: [{ name: 'c', image: 'i' }] } }),
    want: {},
  },
  {
    name: 'rejects when any one of several quotas would be exceeded',
    resource: 'pods',
    quotas: [quota('a', { pods: '10' }, { pods: '1' }), quota('b', { 'count/pods': '2' }, { 'count/pods': '2' })],
    req: create(pod({})),
    want: { message: 'exceeded quota: b, requested: count/pods=1, used: count/pods=2, limited: count/pods=2' },
  },
  {
    name: 'counts a ConfigMap under its legacy name and count/ name',
    resource: 'configmaps',
    quotas: [quota('objects', { configmaps: '3', 'count/configmaps': '5', secrets: '1' }, { configmaps: '2', 'count/configmaps': '2', secrets: '1' })],
    req: create({ metadata: { name: 'cm' } }),
    want: { objects: { configmaps: '3', 'count/configmaps': '3', secrets: '1' } },
  },
  {
    name: 'charges a service update that turns it into a NodePort by the ports it adds',
    resource: 'services',
    quotas: [quota('svc', { 'services.nodeports': '3', services: '5' }, { 'services.nodeports': '1', services: '2' })],
    req: { op: 'UPDATE', subresource: '', obj: svc('NodePort', 2), old: svc('ClusterIP', 2), nowMs: 0 },
    want: { svc: { 'services.nodeports': '3', services: '2' } },
  },
  {
    name: 'rejects a service update past services.nodeports',
    resource: 'services',
    quotas: [quota('svc', { 'services.nodeports': '1' }, { 'services.nodeports': '1' })],
    req: { op: 'UPDATE', subresource: '', obj: svc('NodePort', 1), old: svc('ClusterIP', 1), nowMs: 0 },
    want: { message: 'exceeded quota: svc, requested: services.nodeports=1, used: services.nodeports=1, limited: services.nodeports=1' },
  },
  {
    name: 'charges nothing for an update that adds nothing',
    resource: 'services',
    quotas: [quota('svc', { services: '1' }, { services: '1' })],
    req: { op: 'UPDATE', subresource: '', obj: svc('ClusterIP'), old: svc('ClusterIP'), nowMs: 0 },
    want: {},
  },
  {
    name: 'charges a claim resize through status without checking the limit (the volume already grew)',
    resource: 'persistentvolumeclaims',
    quotas: [quota('storage', { 'requests.storage': '2Gi' }, { 'requests.storage': '2Gi' })],
    req: {
      op: 'UPDATE', subresource: 'status', nowMs: 0,
      obj: { metadata: { name: 'c', resourceVersion: '3' }, spec: { resources: { requests: { storage: '2Gi' } } }, status: { allocatedResources: { storage: '3Gi' } } },
      old: { metadata: { name: 'c', resourceVersion: '3' }, spec: { resources: { requests: { storage: '2Gi' } } }, status: { allocatedResources: { storage: '2Gi' } } },
    },
    want: { storage: { 'requests.storage': '3Gi' } },
  },
];

for (const r of rows) {
  test(`checkRequest() ${r.name}`, () => {
    const d = checkRequest(r.quotas, evaluatorFor('', r.resource), r.req);
    if ('message' in r.want) {
      assert.deepEqual(d, { allowed: false, message: r.want.message });
      return;
    }
    assert.equal(d.allowed, true);
    if (!d.allowed) return;
    assert.deepEqual(Object.fromEntries([...d.charges].map(([k, v]) => [k, formatResourceList(v)])), r.want);
  });
}
