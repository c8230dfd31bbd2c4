// Fuzz: patches of every type with bad operations, paths, indexes, directives and documents, and apply patches with
// bad YAML, no field manager or a force of the wrong type.
import { after, before, describe, test } from 'node:test';
import { startFuzzServer, fuzzNamespace, type FuzzServer } from '../../support/fuzz/fuzz-server.js';
import { fuzzCases, fuzzSeed, type Rng } from '../../support/fuzz/random.js';
import { runBatch, type FuzzCase } from '../../support/fuzz/expect-status.js';
import { deepNesting, hostileYaml, randomValue } from '../../support/fuzz/generators.js';

const seed = fuzzSeed();
const ns = fuzzNamespace;
const targets = [`/api/v1/namespaces/${ns}/configmaps/target`, `/apis/apps/v1/namespaces/${ns}/deployments/target`, `/apis/apps/v1/namespaces/${ns}/deployments/target/status`, `/apis/apps/v1/namespaces/${ns}/deployments/target/scale`];
const types = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const patch = (type: keyof typeof types, body: string | Buffer, path = targets[1]!, query = ''): FuzzCase['request'] => ({
  method: 'PATCH', path: `${path}${query}`, headers: { 'content-type': types[type] }, body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

const pointers = ['', '/', '/metadata', '/metadata/labels/a', '/spec/template/spec/containers/0', '/spec/template/spec/containers/-', '/spec/template/spec/containers/99', '/spec/template/spec/containers/-1',
  '/spec/template/spec/containers/01', '/spec/template/spec/containers/1e3', '/spec/replicas/x', '/metadata/~2', '/metadata/~', 'metadata', '/data/a~1b', '/a/b/c/d', '/metadata/name', '/metadata/uid', '/kind', '/apiVersion',
  '/spec/template/spec/containers/18446744073709551616', '/spec/selector/matchLabels'];

function randomJsonPatchOp(rng: Rng): unknown {
  const op: Record<string, unknown> = {};
  if (rng.chance(0.9)) op['op'] = rng.pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'nope', '', 5, null]);
  if (rng.chance(0.9)) op['path'] = rng.chance(0.8) ? rng.pick(pointers) : randomValue(rng);
  if (rng.chance(0.6)) op['value'] = randomValue(rng);
  if (rng.chance(0.4)) op['from'] = rng.chance(0.8) ? rng.pick(pointers) : randomValue(rng);
  return rng.chance(0.05) ? randomValue(rng) : op;
}

const directives = ['$patch', '$retainKeys', '$setElementOrder/containers', '$setElementOrder/env', '$deleteFromPrimitiveList/finalizers', '$setElementOrder/finalizers'];

function randomStrategic(rng: Rng): unknown {
  const pick = (): unknown => rng.chance(0.5) ? rng.pick(['replace', 'merge', 'delete', 'deleteFromPrimitiveList', 'retainKeys', 'nope']) : randomValue(rng);
  const d = (): Record<string, unknown> => ({ [rng.pick(directives)]: pick() });
  switch (rng.int(6)) {
    case 0: return { ...d(), metadata: { labels: { a: 'b' } } };
    case 1: return { metadata: { ...d(), finalizers: randomValue(rng) } };
    case 2: return { spec: { template: { spec: { ...d(), containers: [{ ...d(), name: rng.pick(['c', 5, null, undefined]), image: 'x' }] } } } };
    case 3: return { spec: { template: { spec: { containers: [{ name: 'c', $patch: pick() }, ...(rng.chance(0.5) ? [randomValue(rng)] : [])] } } } };
    case 4: return { spec: { template: { spec: { containers: randomValue(rng), [rng.pick(directives)]: randomValue(rng) } } } };
    default: return { spec: { strategy: { $retainKeys: randomValue(rng), type: 'Recreate' } } };
  }
}

describe(`fuzz: patches (SKIFF_FUZZ_SEED=${seed})`, () => {
  let server: FuzzServer;
  before(async () => { server = await startFuzzServer(); });
  after(async () => { await server[Symbol.asyncDispose](); });

  test('JSON patches with bad operations, paths and indexes', () => runBatch(server, {
    seed, batch: 'json-patch',
    fixed: [
      { name: 'an object, not a list', request: patch('json', '{"op":"add"}') },
      { name: 'a string', request: patch('json', '"x"') },
      // Upstream decodes a null JSON patch as no operations.
      { name: 'null', request: patch('json', 'null'), mayPass: true },
      { name: 'empty body', request: patch('json', '') },
      { name: 'ten thousand operations', request: patch('json', JSON.stringify(Array.from({ length: 20_000 }, () => ({ op: 'test', path: '/kind', value: 'Deployment' })))) },
      { name: 'deeply nested value', request: patch('json', `[{"op":"add","path":"/metadata/annotations","value":${deepNesting(10_000, 'object')}}]`) },
      { name: 'move into its own child', request: patch('json', '[{"op":"move","from":"/spec","path":"/spec/template/x"}]') },
      { name: 'remove the root', request: patch('json', '[{"op":"remove","path":""}]') },
      { name: 'replace the root with a number', request: patch('json', '[{"op":"replace","path":"","value":5}]') },
      { name: 'change the name', request: patch('json', '[{"op":"replace","path":"/metadata/name","value":"other"}]') },
      { name: 'change the namespace', request: patch('json', '[{"op":"replace","path":"/metadata/namespace","value":"default"}]') },
      { name: 'change the uid', request: patch('json', '[{"op":"replace","path":"/metadata/uid","value":"x"}]') },
      { name: 'change the kind', request: patch('json', '[{"op":"replace","path":"/kind","value":"Pod"}]') },
      { name: 'a stale resourceVersion', request: patch('json', '[{"op":"replace","path":"/metadata/resourceVersion","value":"1"}]') },
      { name: 'a garbage resourceVersion', request: patch('json', '[{"op":"replace","path":"/metadata/resourceVersion","value":"abc"}]') },
      { name: 'replicas of the wrong type', request: patch('json', '[{"op":"replace","path":"/spec/replicas","value":"many"}]') },
      { name: 'status of the wrong type', request: patch('json', '[{"op":"replace","path":"/status","value":[1]}]', targets[2]) },
      { name: 'a patch of a missing object', request: patch('json', '[]', `/api/v1/namespaces/${ns}/configmaps/missing`) },
    ],
    random: {
      count: fuzzCases(250),
      make: (rng) => {
        const ops = Array.from({ length: 1 + rng.int(3) }, () => randomJsonPatchOp(rng));
        return { name: 'random operations', request: patch('json', JSON.stringify(ops), rng.pick(targets)), mayPass: true };
      },
    },
  }));

  test('merge patches of non-objects and wrong types', () => runBatch(server, {
    seed, batch: 'merge-patch',
    fixed: [
      ...['null', '[]', '"x"', '5', 'true', '', '{', '[{"a":1}]'].map((body): FuzzCase => ({ name: `merge patch ${body || '(empty)'}`, request: patch('merge', body) })),
      { name: 'metadata null', request: patch('merge', '{"metadata":null}') },
      { name: 'name changed', request: patch('merge', '{"metadata":{"name":"other"}}') },
      { name: 'data of the wrong type', request: patch('merge', '{"data":{"a":{"b":1}}}', targets[0]) },
      { name: 'data a list', request: patch('merge', '{"data":[1,2]}', targets[0]) },
      { name: 'spec a string', request: patch('merge', '{"spec":"x"}') },
      { name: 'scale replicas a string', request: patch('merge', '{"spec":{"replicas":"x"}}', targets[3]) },
      { name: 'deeply nested', request: patch('merge', `{"metadata":{"labels":${deepNesting(10_000, 'object')}}}`) },
    ],
    random: {
      count: fuzzCases(150),
      make: (rng) => ({ name: 'random document', request: patch('merge', JSON.stringify({ [rng.pick(['metadata', 'spec', 'data', 'status', 'kind', 'apiVersion'])]: randomValue(rng) }), rng.pick(targets)), mayPass: true }),
    },
  }));

  test('strategic merge patches with bad directives', () => runBatch(server, {
    seed, batch: 'strategic',
    fixed: [
      ...['null', '[]', '"x"', '5', ''].map((body): FuzzCase => ({ name: `strategic patch ${body || '(empty)'}`, request: patch('strategic', body) })),
      { name: '$patch: delete at the root', request: patch('strategic', '{"$patch":"delete"}') },
      { name: '$patch of the wrong type', request: patch('strategic', '{"$patch":5}') },
      { name: '$retainKeys a string', request: patch('strategic', '{"spec":{"strategy":{"$retainKeys":"type"}}}') },
      { name: '$setElementOrder a map', request: patch('strategic', '{"spec":{"template":{"spec":{"$setElementOrder/containers":{"name":"c"}}}}}') },
      { name: '$setElementOrder of numbers', request: patch('strategic', '{"spec":{"template":{"spec":{"$setElementOrder/containers":[1,2]}}}}') },
      { name: '$deleteFromPrimitiveList a map', request: patch('strategic', '{"metadata":{"$deleteFromPrimitiveList/finalizers":{"a":1}}}') },
      { name: 'containers without their merge key', request: patch('strategic', '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}') },
      { name: 'a list of lists', request: patch('strategic', '{"spec":{"template":{"spec":{"containers":[[1]]}}}}') },
      { name: 'deeply nested', request: patch('strategic', `{"metadata":{"annotations":${deepNesting(10_000, 'mixed')}}}`) },
    ],
    random: {
      count: fuzzCases(200),
      make: (rng) => ({ name: 'random directives', request: patch('strategic', JSON.stringify(randomStrategic(rng)), rng.pick(targets)), mayPass: true }),
    },
  }));

  test('apply patches with bad YAML, no field manager and a bad force', () => runBatch(server, {
    seed, batch: 'apply',
    fixed: [
      { name: 'no fieldManager', request: patch('apply', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: target}\n', targets[0]) },
      { name: 'force of the wrong type', request: patch('apply', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: target}\n', targets[0], '?fieldManager=fuzz&force=maybe') },
      { name: 'force on a merge patch', request: patch('merge', '{}', targets[0], '?force=true') },
      { name: 'a fieldManager over 128 bytes', request: patch('apply', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: target}\n', targets[0], `?fieldManager=${'m'.repeat(200)}`) },
      ...['null', '[]', '"x"', '5', '', '- a\n- b\n', '{'].map((body): FuzzCase => ({ name: `apply body ${body || '(empty)'}`, request: patch('apply', body, targets[0], '?fieldManager=fuzz') })),
      { name: 'apply of another kind', request: patch('apply', 'apiVersion: v1\nkind: Secret\nmetadata: {name: target}\n', targets[0], '?fieldManager=fuzz') },
      { name: 'apply without apiVersion and kind', request: patch('apply', 'metadata: {name: target}\ndata: {a: b}\n', targets[0], '?fieldManager=fuzz') },
      { name: 'apply of another name', request: patch('apply', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n', targets[0], '?fieldManager=fuzz') },
      { name: 'apply creating with another name', request: patch('apply', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n', `/api/v1/namespaces/${ns}/configmaps/new-one`, '?fieldManager=fuzz') },
      { name: 'apply with data of the wrong type', request: patch('apply', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: target}\ndata: [1, 2]\n', targets[0], '?fieldManager=fuzz') },
      { name: 'apply with managedFields', request: patch('apply', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: target, managedFields: [{manager: x}]}\n', targets[0], '?fieldManager=fuzz') },
      ...hostileYaml().map(({ yaml, how }): FuzzCase => ({ name: `apply: ${how}`, request: patch('apply', yaml, targets[0], '?fieldManager=fuzz') })),
      ...hostileYaml().map(({ yaml, how }): FuzzCase => ({ name: `apply to scale: ${how}`, request: patch('apply', yaml, targets[3], '?fieldManager=fuzz') })),
    ],
    random: {
      count: fuzzCases(100),
      make: (rng) => ({
        name: 'random apply', mayPass: true,
        request: patch('apply', JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'target' }, [rng.pick(['spec', 'metadata', 'status'])]: randomValue(rng) }), rng.pick(targets.slice(1, 3)), `?fieldManager=fuzz${rng.chance(0.3) ? '&force=true' : ''}`),
      }),
    },
  }));

  test('unknown and garbage patch content types', () => runBatch(server, {
    seed, batch: 'patch-types',
    fixed: ['', 'application/json', 'application/yaml', 'text/plain', 'application/merge-patch+yaml', 'application/json-patch+json; charset=x;;', 'application/apply-patch+json'].map((ct): FuzzCase => ({
      name: `PATCH with Content-Type "${ct}"`, request: { method: 'PATCH', path: targets[0]!, headers: ct ? { 'content-type': ct } : {}, body: Buffer.from('{}') }, allow: [415, 400],
    })),
  }));
});
