import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { apiextensions, lookupKind, notFound, type KubeObject, type ResourceDescriptor } from '../../api/index.js';
import { Client, type Transport, type TransportRequest } from '../../client/index.js';
import { silentLogger } from '../../util/index.js';
import { resolveOwnerKind } from './custom-resources.js';
import { OwnershipGraph, type GraphNode, type OwnerReference } from './graph.js';
import { GarbageCollectorReconciler } from './reconciler.js';

const stacksCrd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'stacks.example.com' },
  spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'stacks', kind: 'Stack' }, versions: [{ name: 'v1', served: true, storage: true }, { name: 'v1beta1', served: true, storage: false }] },
  status: { acceptedNames: { plural: 'stacks', kind: 'Stack' }, storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] },
};
const [stacks] = apiextensions.customResourceDescriptors(stacksCrd) as [ResourceDescriptor];
const configMaps = lookupKind('', 'v1', 'ConfigMap')!;

/** Answers GETs from live objects (by path; 404 otherwise) and records every request. */
class RecordingTransport implements Transport {
  readonly requests: string[] = [];
  constructor(readonly live: Record<string, KubeObject>) {}
  request(req: TransportRequest): Promise<unknown> {
    if (req.method === 'GET') {
      const o = this.live[req.path];
      return o ? Promise.resolve(o) : Promise.reject(notFound({ group: '', resource: 'objects' }, req.path));
    }
    this.requests.push(`${req.method} ${req.path} ${JSON.stringify(req.body)}`);
    return Promise.resolve({});
  }
  stream(): Promise<void> {
    return Promise.resolve();
  }
}

const ref = (kind: string, apiVersion: string, name: string, uid: string): OwnerReference => ({ apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true });
const node = (resource: ResourceDescriptor, name: string, o: Partial<GraphNode> = {}): GraphNode => ({ uid: `uid-${name}`, resource, namespace: 'default', name, owners: [], deleting: false, finalizers: [], ...o });

interface Case {
  name: string;
  nodes: GraphNode[];
  /** The object to reconcile (by name). */
  reconcile: string;
  live?: Record<string, KubeObject>;
  /** Whether every monitor has synced (default yes). */
  synced?: boolean;
  want: { requests: string[]; result?: { requeueAfterMs: number } };
}

const deleteBody = (policy: string, uid: string): string => JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: policy, preconditions: { uid } });
const cases: Case[] = [
  {
    name: 'deletes a ConfigMap whose custom resource owner is gone',
    nodes: [node(configMaps, 'cfg', { owners: [ref('Stack', 'example.com/v1', 'web', 'uid-web')] })],
    reconcile: 'cfg',
    want: { requests: [`DELETE /api/v1/namespaces/default/configmaps/cfg ${deleteBody('Background', 'uid-cfg')}`] },
  },
  {
    name: 'keeps a ConfigMap whose custom resource owner is alive (read at another served version)',
    nodes: [node(configMaps, 'cfg', { owners: [ref('Stack', 'example.com/v1beta1', 'web', 'uid-web')] })],
    live: { '/apis/example.com/v1beta1/namespaces/default/stacks/web': { metadata: { uid: 'uid-web' } } },
    reconcile: 'cfg',
    want: { requests: [] },
  },
  {
    name: 'deletes a ConfigMap whose custom resource owner was replaced (another uid under the name)',
    nodes: [node(configMaps, 'cfg', { owners: [ref('Stack', 'example.com/v1', 'web', 'uid-web')] })],
    live: { '/apis/example.com/v1/namespaces/default/stacks/web': { metadata: { uid: 'uid-other' } } },
    reconcile: 'cfg',
    want: { requests: [`DELETE /api/v1/namespaces/default/configmaps/cfg ${deleteBody('Background', 'uid-cfg')}`] },
  },
  {
    name: 'deletes a custom resource whose ConfigMap owner is gone',
    nodes: [node(stacks, 'web', { owners: [ref('ConfigMap', 'v1', 'cfg', 'uid-cfg')] })],
    reconcile: 'web',
    want: { requests: [`DELETE /apis/example.com/v1/namespaces/default/stacks/web ${deleteBody('Background', 'uid-web')}`] },
  },
  {
    name: 'never deletes on a guess: an owner of a kind nothing serves counts as alive',
    nodes: [node(configMaps, 'cfg', { owners: [ref('Ghost', 'example.com/v1', 'ghost', 'uid-ghost')] })],
    reconcile: 'cfg',
    want: { requests: [] },
  },
  {
    name: 'never deletes on a guess: nor at a version of a served kind that is not served',
    nodes: [node(configMaps, 'cfg', { owners: [ref('Stack', 'example.com/v2', 'web', 'uid-web')] })],
    reconcile: 'cfg',
    want: { requests: [] },
  },
  {
    name: 'deletes the dependents of a custom resource deleting in the foreground, and waits for those that block',
    nodes: [node(stacks, 'web', { deleting: true, finalizers: ['foregroundDeletion'] }), node(configMaps, 'cfg', { owners: [ref('Stack', 'example.com/v1', 'web', 'uid-web')] })],
    reconcile: 'web',
    want: { requests: [`DELETE /api/v1/namespaces/default/configmaps/cfg ${deleteBody('Foreground', 'uid-cfg')}`], result: { requeueAfterMs: 1000 } },
  },
  {
    name: 'waits for every monitor to sync before acting on a foreground deletion',
    nodes: [node(stacks, 'web', { deleting: true, finalizers: ['foregroundDeletion'] }), node(configMaps, 'cfg', { owners: [ref('Stack', 'example.com/v1', 'web', 'uid-web')] })],
    reconcile: 'web', synced: false,
    want: { requests: [], result: { requeueAfterMs: 500 } },
  },
  {
    name: 'waits for every monitor to sync before orphaning: a dependent not yet listed would lose its owner',
    nodes: [node(stacks, 'web', { deleting: true, finalizers: ['orphan'] })],
    reconcile: 'web', synced: false,
    want: { requests: [], result: { requeueAfterMs: 500 } },
  },
  {
    name: 'orphans the dependents of a custom resource, then removes its orphan finalizer',
    nodes: [node(stacks, 'web', { deleting: true, finalizers: ['orphan'] }), node(configMaps, 'cfg', { owners: [ref('Stack', 'example.com/v1', 'web', 'uid-web')] })],
    live: { '/apis/example.com/v1/namespaces/default/stacks/web': { metadata: { uid: 'uid-web', resourceVersion: '7', finalizers: ['orphan'] } } },
    reconcile: 'web',
    want: {
      requests: [
        `PATCH /api/v1/namespaces/default/configmaps/cfg ${JSON.stringify([{ op: 'test', path: '/metadata/uid', value: 'uid-cfg' }, { op: 'remove', path: '/metadata/ownerReferences' }])}`,
        `PATCH /apis/example.com/v1/namespaces/default/stacks/web ${JSON.stringify({ metadata: { resourceVersion: '7', finalizers: null } })}`,
      ],
    },
  },
];

for (const c of cases) {
  test(`GarbageCollectorReconciler.reconcile() ${c.name}`, async () => {
    const graph = new OwnershipGraph();
    for (const n of c.nodes) graph.upsert(n);
    const transport = new RecordingTransport(c.live ?? {});
    const reconciler = new GarbageCollectorReconciler({
      client: new Client({ transport, fieldManager: 'test' }), graph, logger: silentLogger,
      resolveOwner: (apiVersion, kind) => resolveOwnerKind(apiVersion, kind, apiextensions.customResourceDescriptors(stacksCrd)),
      hasSynced: () => c.synced ?? true,
    });
    const result = await reconciler.reconcile(`uid-${c.reconcile}`);
    assert.deepEqual({ requests: transport.requests, result: result ?? undefined }, { requests: c.want.requests, result: c.want.result });
  });
}
