// e2e: the garbage collector over custom resources, through the real kubectl. A custom resource owning built-in
// objects takes them along when deleted (background, foreground with its foregroundDeletion finalizer until its
// dependents are gone, orphan removing their ownerReferences); custom resources whose owner (a ConfigMap, another
// custom resource) is gone are collected; an owner of a kind nothing serves never causes a deletion, until a CRD
// serves the kind and the owner is known to be absent. Deleting a CRD deletes its resources, whose dependents go.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/eventually.js';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const crd = (kind: string, plural: string): object => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.gc.example.com` },
  spec: {
    group: 'gc.example.com', scope: 'Namespaced', names: { plural, singular: kind.toLowerCase(), kind },
    versions: ['v1', 'v1beta1'].map((name) => ({
      name, served: true, storage: name === 'v1',
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
    })),
  },
});

interface Owner { apiVersion: string; kind: string; name: string; uid: string }
const ownedBy = (o: Owner): object => ({ ownerReferences: [{ ...o, controller: true, blockOwnerDeletion: true }] });

describe('the garbage collector over custom resources, through kubectl', { skip }, () => {
  let s: SkiffProcess;
  /** Creates obj; its reference as an owner. */
  const create = async (obj: { apiVersion: string; kind: string; metadata: { name: string } }): Promise<Owner> => {
    const r = await s.kubectl(['create', '-f', '-', '-o', 'jsonpath={.metadata.uid}'], { input: JSON.stringify(obj) });
    assert.equal(r.code, 0, r.stderr);
    return { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, uid: r.stdout };
  };
  const stack = (name: string, metadata: object = {}): Promise<Owner> => create({ apiVersion: 'gc.example.com/v1', kind: 'Stack', metadata: { name, ...metadata } });
  const configMap = (name: string, metadata: object = {}): Promise<Owner> => create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...metadata } });
  const gone = (resource: string, name: string): Promise<void> => eventually(async () => {
    const r = await s.kubectl(['get', resource, name]);
    assert.match(r.stderr, /NotFound/, `${resource} ${name} still exists: ${r.stdout}`);
  }, { timeoutMs: 20_000 });
  const ghost: Owner = { apiVersion: 'nothing.example.com/v1', kind: 'Ghost', name: 'ghost', uid: randomUUID() };
  const late: Owner = { apiVersion: 'gc.example.com/v1', kind: 'Late', name: 'late', uid: randomUUID() };

  before(async () => {
    s = await startSkiff({ args: ['--disable-agent'] });
    await s.create(JSON.stringify(crd('Stack', 'stacks')));
    await s.k('wait', '--for=condition=Established', 'crd/stacks.gc.example.com', '--timeout=20s');
    // Owned by kinds nothing serves: looked at first, checked once everything else was collected.
    await configMap('haunted', ownedBy(ghost));
    await configMap('early', ownedBy(late));
  });
  after(async () => { await s?.stop(); });

  test('deleting a custom resource deletes its dependents in the background (a ConfigMap; a StatefulSet and what it owns)', async () => {
    const owner = await stack('bg');
    await configMap('bg-config', ownedBy(owner));
    await s.create(JSON.stringify({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'bg-db', ...ownedBy(owner) },
      spec: { replicas: 1, serviceName: 'bg-db', selector: { matchLabels: { app: 'bg-db' } }, template: { metadata: { labels: { app: 'bg-db' } }, spec: { containers: [{ name: 'db', image: 'busybox' }] } } },
    }));
    await eventually(async () => assert.equal(await s.k('get', 'pod', 'bg-db-0', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}'), 'StatefulSet'), { timeoutMs: 20_000 });
    assert.equal(await s.k('delete', 'stack', 'bg'), 'stack.gc.example.com "bg" deleted\n');
    await gone('configmap', 'bg-config');
    await gone('statefulset', 'bg-db');
    await gone('pod', 'bg-db-0');
  });

  test('--cascade=foreground: the custom resource stays with the foregroundDeletion finalizer until its dependent is gone', async () => {
    const owner = await stack('fg');
    await configMap('fg-config', { ...ownedBy(owner), finalizers: ['gc.example.com/hold'] });
    assert.equal(await s.k('delete', 'stack', 'fg', '--cascade=foreground', '--wait=false'), 'stack.gc.example.com "fg" deleted\n');
    await eventually(async () => assert.notEqual(await s.k('get', 'configmap', 'fg-config', '-o', 'jsonpath={.metadata.deletionTimestamp}'), ''), { timeoutMs: 20_000 });
    assert.equal(await s.k('get', 'stack', 'fg', '-o', 'jsonpath={.metadata.finalizers}'), '["foregroundDeletion"]');
    assert.notEqual(await s.k('get', 'stack', 'fg', '-o', 'jsonpath={.metadata.deletionTimestamp}'), '');
    await s.k('patch', 'configmap', 'fg-config', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]');
    await gone('configmap', 'fg-config');
    await gone('stack', 'fg');
  });

  test('--cascade=orphan: the dependent stays, its ownerReference removed', async () => {
    const owner = await stack('keep');
    await configMap('keep-config', ownedBy(owner));
    assert.equal(await s.k('delete', 'stack', 'keep', '--cascade=orphan', '--timeout=20s'), 'stack.gc.example.com "keep" deleted\n');
    await gone('stack', 'keep');
    assert.equal(await s.k('get', 'configmap', 'keep-config', '-o', 'jsonpath={.metadata.name} {.metadata.ownerReferences}'), 'keep-config ');
  });

  test('custom resources are collected when their owner is gone: a ConfigMap owning a Stack owning a Stack (v1beta1 reference) owning a ConfigMap', async () => {
    const root = await configMap('root');
    const middle = await stack('middle', ownedBy(root));
    const leaf = await stack('leaf', ownedBy({ ...middle, apiVersion: 'gc.example.com/v1beta1' }));
    await configMap('leaf-config', ownedBy(leaf));
    assert.equal(await s.k('delete', 'configmap', 'root'), 'configmap "root" deleted\n');
    await gone('stack', 'middle');
    await gone('stack', 'leaf');
    await gone('configmap', 'leaf-config');
  });

  test('an owner of a kind nothing serves never causes a deletion; once a CRD serves the kind, a dependent of an absent owner goes', async () => {
    // Everything above was collected meanwhile, so the collector has looked at these.
    assert.equal(await s.k('get', 'configmap', 'haunted', 'early', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.ownerReferences[0].kind} {end}'), 'haunted=Ghost early=Late ');
    await s.create(JSON.stringify(crd('Late', 'lates')));
    await s.k('wait', '--for=condition=Established', 'crd/lates.gc.example.com', '--timeout=20s');
    await gone('configmap', 'early');
    assert.equal(await s.k('get', 'configmap', 'haunted', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}'), 'Ghost');
  });

  test('deleting a CRD deletes its resources, and their dependents are collected; the Stack kind is then not served', async () => {
    const owner = await stack('doomed');
    await configMap('doomed-config', ownedBy(owner));
    await s.k('delete', 'crd', 'stacks.gc.example.com', '--timeout=30s');
    await gone('configmap', 'doomed-config');
    // Owned by a kind no longer served: it stays.
    await configMap('after', ownedBy({ ...owner, name: 'gone-by-now', uid: randomUUID() }));
    await configMap('witness', ownedBy(await configMap('short-lived')));
    await s.k('delete', 'configmap', 'short-lived');
    await gone('configmap', 'witness');
    assert.equal(await s.k('get', 'configmap', 'after', '-o', 'jsonpath={.metadata.ownerReferences[0].kind}'), 'Stack');
  });
});
