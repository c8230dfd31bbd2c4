import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { podScale, type ControllerLookups, type ScaledObject } from './finders.js';

const ref = (apiVersion: string, kind: string, name: string, uid = name): OwnerReference => ({ apiVersion, kind, name, uid, controller: true });
const obj = (uid: string, replicas: number | undefined, owner?: OwnerReference): ScaledObject => ({ metadata: { uid, ...(owner ? { ownerReferences: [owner] } : {}) }, ...(replicas !== undefined ? { spec: { replicas } } : {}) });
const lookups: ControllerLookups = {
  replicationController: (_, n) => ({ frontend: obj('frontend', 2) })[n],
  replicaSet: (_, n) => ({ 'web-abc': obj('web-abc', 3, ref('apps/v1', 'Deployment', 'web')), standalone: obj('standalone', undefined), stale: obj('other-uid', 1) })[n],
  deployment: (_, n) => ({ web: obj('web', 5) })[n],
  statefulSet: (_, n) => ({ db: obj('db', 3) })[n],
  scaleOf: (r) => (r.kind === 'Widget' ? { uid: r.uid, replicas: 7 } : undefined),
};
const pod = (owner?: OwnerReference): Pod => ({ metadata: { name: 'p', namespace: 'ns', ...(owner ? { ownerReferences: [owner] } : {}) } });

const rows: { name: string; owner?: OwnerReference; want: ReturnType<typeof podScale> }[] = [
  { name: 'a ReplicationController', owner: ref('v1', 'ReplicationController', 'frontend'), want: { uid: 'frontend', scale: 2 } },
  { name: 'a Deployment through its ReplicaSet', owner: ref('apps/v1', 'ReplicaSet', 'web-abc'), want: { uid: 'web', scale: 5 } },
  { name: 'a ReplicaSet of its own (replicas defaults to 1)', owner: ref('apps/v1', 'ReplicaSet', 'standalone'), want: { uid: 'standalone', scale: 1 } },
  { name: 'a StatefulSet', owner: ref('apps/v1', 'StatefulSet', 'db'), want: { uid: 'db', scale: 3 } },
  { name: 'another kind with a scale subresource', owner: ref('example.com/v1', 'Widget', 'w'), want: { uid: 'w', scale: 7 } },
  { name: 'a pod without a controller', want: 'unmanaged' },
  { name: 'a controller that was replaced (uid differs)', owner: ref('apps/v1', 'ReplicaSet', 'stale'), want: undefined },
  { name: 'a controller that is gone', owner: ref('apps/v1', 'StatefulSet', 'gone'), want: undefined },
  { name: 'a DaemonSet (no scale)', owner: ref('apps/v1', 'DaemonSet', 'ds'), want: undefined },
];
for (const r of rows) test(`podScale() ${r.name}`, () => assert.deepEqual(podScale(pod(r.owner), lookups), r.want));
