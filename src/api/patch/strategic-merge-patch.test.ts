import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import type { PatchMeta } from './patch-meta.js';
import { unknownMeta } from './patch-meta.js';
import { applyStrategicMergePatch, stripDirectives } from './strategic-merge-patch.js';
import { deepFreeze, list, podMeta, scalar, struct, workloadMeta } from './testing.js';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
const pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'fe' }, annotations: { [lastApplied]: '{"old":true}\n' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [
      { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }, { containerPort: 443 }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'side', image: 'busybox' },
    ],
    volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }],
    tolerations: [{ key: 'x', operator: 'Exists' }],
  },
};
const withSpec = (spec: Partial<typeof pod.spec>): unknown => ({ ...pod, spec: { ...pod.spec, ...spec } });
const nginx = pod.spec.containers[0]!;
const side = pod.spec.containers[1]!;

const sts = {
  metadata: { name: 'db' },
  spec: {
    replicas: 3,
    template: { metadata: { labels: { app: 'db', rev: 'b' } }, spec: { containers: [{ name: 'db', image: 'db:2', env: [{ name: 'X', value: '1' }] }, { name: 'agent', image: 'agent' }] } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
  },
};

const namedList = struct({ list: list(struct({ name: scalar(), value: scalar(), other: scalar() }), { strategy: 'merge', mergeKey: 'name' }), ints: list(scalar(), { strategy: 'merge' }) });
const names = (...ns: number[]): { name: number }[] => ns.map((name) => ({ name }));

const cases: { name: string; doc: unknown; patch: unknown; meta?: PatchMeta; want: unknown }[] = [
  {
    name: 'merges the body kubectl apply sends after an image change',
    doc: pod,
    patch: { metadata: { annotations: { [lastApplied]: '{"new":true}\n' } }, spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.26', name: 'nginx' }] } },
    want: { ...pod, metadata: { ...pod.metadata, annotations: { [lastApplied]: '{"new":true}\n' } }, spec: { ...pod.spec, containers: [{ ...nginx, image: 'nginx:1.26' }, side] } },
  },
  {
    name: 'replaces the pod template on rollout undo and keeps the rest of the spec',
    doc: sts, meta: workloadMeta(),
    patch: { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'db', rev: 'a' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } } } },
    want: { ...sts, spec: { ...sts.spec, template: { metadata: { labels: { app: 'db', rev: 'a' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } } } },
  },
  { name: 'deletes a container with $patch: delete', doc: pod, patch: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } }, want: withSpec({ containers: [nginx] }) },
  { name: 'deletes a finalizer with $deleteFromPrimitiveList', doc: pod, patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, want: { ...pod, metadata: { ...pod.metadata, finalizers: ['b'] } } },
  { name: 'unions a merge list of primitives, new values first', doc: pod, patch: { metadata: { finalizers: ['c', 'a'] } }, want: { ...pod, metadata: { ...pod.metadata, finalizers: ['c', 'a', 'b'] } } },
  {
    name: 'switches a volume from emptyDir to hostPath with $retainKeys',
    doc: pod,
    patch: { spec: { '$setElementOrder/volumes': [{ name: 'data' }, { name: 'cfg' }], volumes: [{ $retainKeys: ['hostPath', 'name'], emptyDir: null, hostPath: { path: '/x' }, name: 'data' }] } },
    want: withSpec({ volumes: [{ name: 'data', hostPath: { path: '/x' } } as never, pod.spec.volumes[1]!] }),
  },
  {
    name: 'clears rollingUpdate with $retainKeys on a deployment strategy',
    doc: sts, meta: workloadMeta(),
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
    want: { ...sts, spec: { ...sts.spec, strategy: { type: 'Recreate' } } },
  },
  { name: 'deletes a label on null', doc: pod, patch: { metadata: { labels: { tier: null } } }, want: { ...pod, metadata: { ...pod.metadata, labels: { app: 'web' } } } },
  { name: 'replaces an atomic list (tolerations) whole', doc: pod, patch: { spec: { tolerations: [{ key: 'y' }] } }, want: withSpec({ tolerations: [{ key: 'y' } as never] }) },
  {
    name: 'merges ports and env inside a container by their merge keys, patch order first',
    doc: pod,
    patch: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 443, name: 'https' }], env: [{ name: 'A', value: null }, { name: 'C', value: '3' }] }] } },
    want: withSpec({ containers: [{ ...nginx, ports: [{ containerPort: 80 }, { containerPort: 443, name: 'https' } as never], env: [{ name: 'A' } as never, { name: 'C', value: '3' }, { name: 'B', value: '2' }] }, side] }),
  },
  {
    name: 'adds a new container first when there is no $setElementOrder, without directives or nulls',
    doc: pod,
    patch: { spec: { containers: [{ name: 'new', image: 'x', env: [{ name: 'E', value: null }], '$setElementOrder/env': [{ name: 'E' }] }] } },
    want: withSpec({ containers: [{ name: 'new', image: 'x', env: [{ name: 'E' }] } as never, nginx, side] }),
  },
  { name: 'replaces a whole list with a $patch: replace element', doc: pod, patch: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'o' }] } }, want: withSpec({ containers: [{ name: 'only', image: 'o' } as never] }) },
  { name: 'replaces a map with $patch: replace', doc: pod, patch: { metadata: { labels: { $patch: 'replace', new: 'yes' } } }, want: { ...pod, metadata: { ...pod.metadata, labels: { new: 'yes' } } } },
  { name: 'empties a map with $patch: delete, as upstream', doc: pod, patch: { metadata: { labels: { $patch: 'delete' } } }, want: { ...pod, metadata: { ...pod.metadata, labels: {} } } },
  { name: 'merges unknown objects and replaces unknown lists', doc: { spec: { x: { a: 1, b: 2 }, l: [1, 2] } }, patch: { spec: { x: { b: 3 }, l: [3] } }, want: { spec: { x: { a: 1, b: 3 }, l: [3] } } },
  { name: 'keeps non-directive $ keys such as a schema $ref', doc: {}, patch: { schema: { $ref: '#/x' } }, meta: unknownMeta, want: { schema: { $ref: '#/x' } } },
  // Ordering, from upstream's strategicpatch test cases.
  { name: 'keeps the patch order and puts untouched items where they were', doc: { list: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] }, patch: { list: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }] }, meta: namedList, want: { list: [{ name: 2, value: 'b' }, { name: 3, value: 'c' }, { name: 1, value: 'a' }] } },
  { name: 'keeps the patch order of a primitive list', doc: { ints: [1, 2, 3] }, patch: { ints: [3, 1] }, meta: namedList, want: { ints: [2, 3, 1] } },
  {
    name: 'orders by $setElementOrder and interleaves server-only items',
    doc: { list: [{ name: 1, other: 'a' }, { name: 2, value: 2 }, { name: 9 }, { name: 3, value: 3 }, { name: 4, value: 4 }] },
    patch: { '$setElementOrder/list': names(2, 1, 4, 3) }, meta: namedList,
    want: { list: [{ name: 2, value: 2 }, { name: 1, other: 'a' }, { name: 9 }, { name: 4, value: 4 }, { name: 3, value: 3 }] },
  },
  {
    name: 'places a new item where $setElementOrder says',
    doc: { list: [{ name: 1, other: 'a' }, { name: 2, value: 2 }] },
    patch: { '$setElementOrder/list': names(3, 1, 2), list: [{ name: 3, value: 3 }] }, meta: namedList,
    want: { list: [{ name: 3, value: 3 }, { name: 1, other: 'a' }, { name: 2, value: 2 }] },
  },
  { name: 'orders a primitive list by $setElementOrder', doc: { ints: [1, 2, 3] }, patch: { '$setElementOrder/ints': [3, 1, 2] }, meta: namedList, want: { ints: [3, 1, 2] } },
  { name: 'deletes every duplicate entry with $patch: delete', doc: { list: [...names(1, 1), { name: 2, value: 'a' }, ...names(3, 3)] }, patch: { list: [{ name: 1, $patch: 'delete' }, { name: 3, $patch: 'delete' }] }, meta: namedList, want: { list: [{ name: 2, value: 'a' }] } },
  { name: 'creates a missing list from the patch without directive elements', doc: {}, patch: { list: [{ name: 1 }, { name: 2, $patch: 'delete' }] }, meta: namedList, want: { list: [{ name: 1 }] } },
];

for (const c of cases) {
  test(`applyStrategicMergePatch() ${c.name}`, () => {
    const doc = deepFreeze(structuredClone(c.doc));
    const out = applyStrategicMergePatch(doc, deepFreeze(structuredClone(c.patch)), c.meta ?? podMeta());
    assert.deepEqual(out, c.want);
  });
}

const failing: { name: string; patch: unknown; code: number; message: RegExp }[] = [
  { name: 'a patch that is not an object', patch: [1], code: 400, message: /invalid JSON document/ },
  { name: '$patch: merge on a map', patch: { metadata: { labels: { $patch: 'merge' } } }, code: 400, message: /unknown patch type: merge in map/ },
  { name: '$patch: merge in a list', patch: { spec: { containers: [{ name: 'x', $patch: 'merge' }] } }, code: 400, message: /merging lists cannot yet be specified/ },
  { name: 'a list element without its merge key', patch: { spec: { containers: [{ image: 'x' }] } }, code: 400, message: /does not contain declared merge key: name/ },
  { name: '$patch: delete without the merge key', patch: { spec: { containers: [{ $patch: 'delete' }] } }, code: 400, message: /does not contain declared merge key: name/ },
  { name: '$retainKeys that is not a list', patch: { spec: { volumes: [{ name: 'data', $retainKeys: 'name' }] } }, code: 400, message: /invalid patch format of retainKeys/ },
  { name: 'a patched key missing from $retainKeys', patch: { spec: { volumes: [{ name: 'data', hostPath: { path: '/' }, $retainKeys: ['name'] }] } }, code: 400, message: /invalid patch format of retainKeys/ },
  { name: '$setElementOrder without a field', patch: { spec: { $setElementOrder: [] } }, code: 400, message: /invalid patch format of setElementOrder list/ },
  { name: 'a patch list that disagrees with $setElementOrder', patch: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ name: 'side', image: 'x' }] } }, code: 400, message: /doesn't match \$setElementOrder list/ },
  { name: '$deleteFromPrimitiveList without a field', patch: { metadata: { $deleteFromPrimitiveList: ['a'] } }, code: 400, message: /invalid patch format of primitive list/ },
  { name: 'a list of lists in a merge list with 422', patch: { metadata: { finalizers: [['x']] } }, code: 422, message: /due to an error in our request/ },
  { name: 'mixed element types in a merge list', patch: { metadata: { finalizers: [{ a: 1 }] } }, code: 400, message: /list element types are not identical/ },
];

for (const c of failing) {
  test(`applyStrategicMergePatch() rejects ${c.name}`, () => {
    assert.throws(() => applyStrategicMergePatch(pod, c.patch, podMeta()), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, c.code);
      assert.match(e.message, c.message);
      return true;
    });
  });
}

test('applyStrategicMergePatch() treats a non-object document as empty', () => {
  assert.deepEqual(applyStrategicMergePatch(null, { a: { b: 1 } }, unknownMeta), { a: { b: 1 } });
});

test('stripDirectives() removes directive keys and $patch elements but keeps data', () => {
  const v = { $patch: 'replace', '$setElementOrder/l': [], l: [{ name: 'a', $patch: 'delete' }, { name: 'b' }], m: { $patch: 'delete' }, n: null, $ref: 'x' };
  assert.deepEqual(stripDirectives(v), { l: [{ name: 'b' }], n: null, $ref: 'x' });
  assert.deepEqual(stripDirectives(v, { dropNulls: true }), { l: [{ name: 'b' }], $ref: 'x' });
});
