// e2e: StatefulSet volumeClaimTemplates updates (issue 18, KEP-4650) through the real kubectl with local-path
// claims. On simulated nodes: under volumeClaimUpdatePolicy InPlace a larger template request (kubectl patch
// --type=json, then kubectl apply of the edited manifest) grows every replica's claim, with progress in
// status.volumeClaimTemplates; a smaller one is a 422; a class without allowVolumeExpansion leaves the claims
// as they were and says why in a Warning on the set. On the real node (runc, root): the same resize under
// running pods, whose containers keep running and keep the files on their volumes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';
import { registryNodeSkip, startRegistryNode, type RegistryNode } from '../support/registry-node.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const sts = (name: string, o: { storage: string; cls?: string; policy?: string; replicas?: number; image?: string }): object => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
  spec: {
    serviceName: name, replicas: o.replicas ?? 3, selector: { matchLabels: { app: name } },
    ...(o.policy ? { volumeClaimUpdatePolicy: o.policy } : {}),
    template: { metadata: { labels: { app: name } }, spec: {
      containers: [{ name: 'c', image: o.image ?? 'busybox', command: ['sh', '-c', 'echo "written by $(hostname)" > /data/id; exec sleep 3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      terminationGracePeriodSeconds: 1,
    } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.storage } }, ...(o.cls ? { storageClassName: o.cls } : {}) } }],
  },
});
const resizePatch = (size: string): string => JSON.stringify([{ op: 'replace', path: '/spec/volumeClaimTemplates/0/spec/resources/requests/storage', value: size }]);

describe('kubectl StatefulSet volumeClaimTemplates resize (KEP-4650)', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '3'] }); });
  after(async () => { await s?.stop(); });
  const jp = (what: string, path: string): Promise<string> => s.k('get', ...what.split('/'), '-o', `jsonpath=${path}`);
  const claimSizes = (set: string, n: number): Promise<string[]> =>
    Promise.all(Array.from({ length: n }, (_, i) => jp(`pvc/data-${set}-${i}`, '{.spec.resources.requests.storage}/{.status.capacity.storage}')));
  const apply = async (obj: object): Promise<string> => {
    const r = await s.kubectl(['apply', '-f', '-'], { input: yamlStream([obj]) });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const ready = (set: string, n: number): Promise<void> => eventually(async () => {
    assert.equal(await jp(`sts/${set}`, '{.status.readyReplicas}'), String(n));
    assert.deepEqual(await claimSizes(set, n), Array(n).fill('1Gi/1Gi'));
  }, { timeoutMs: 30_000, message: `${set} ready with ${n} bound claims` });
  const events = async (what: string): Promise<string> => (await s.k('describe', ...what.split('/'))).split('Events:')[1] ?? '';

  test('InPlace: kubectl patch --type=json grows every claim (spec and capacity), pods keep running, status reports progress', async () => {
    assert.equal(await apply(sts('web', { storage: '1Gi', policy: 'InPlace' })), 'statefulset.apps/web created\n');
    await ready('web', 3);
    assert.equal(await jp('sts/web', '{.spec.volumeClaimUpdatePolicy}'), 'InPlace');
    // The server's OpenAPI describes the field (strict apply accepted it above; explain reads the same schema).
    assert.match(await s.k('explain', 'statefulset.spec.volumeClaimUpdatePolicy'), /FIELD: volumeClaimUpdatePolicy <string>\n\n+DESCRIPTION:\n\s+volumeClaimUpdatePolicy says how changes to volumeClaimTemplates reach\n/);
    assert.match(await s.k('explain', 'statefulset.status.volumeClaimTemplates'), /FIELD: volumeClaimTemplates <\[\]StatefulSetVolumeClaimTemplateStatus>/);
    await eventually(async () => assert.equal(await jp('sts/web', '{.status.volumeClaimTemplates}'), '[{"compatible":3,"overSized":0,"templateName":"data","totalCapacity":"3Gi","updating":0}]'));
    const uids = await jp('pods', '{.items[*].metadata.uid}');

    assert.equal(await s.k('patch', 'sts', 'web', '--type=json', '-p', resizePatch('2Gi')), 'statefulset.apps/web patched\n');
    assert.equal(await jp('sts/web', '{.spec.volumeClaimTemplates[0].spec.resources.requests.storage}'), '2Gi');
    await eventually(async () => assert.deepEqual(await claimSizes('web', 3), ['2Gi/2Gi', '2Gi/2Gi', '2Gi/2Gi']), { timeoutMs: 30_000, message: 'every claim at 2Gi' });
    await eventually(async () => assert.equal(await jp('sts/web', '{.status.volumeClaimTemplates}'), '[{"compatible":3,"overSized":0,"templateName":"data","totalCapacity":"6Gi","updating":0}]'));
    assert.equal(await jp('pods', '{.items[*].metadata.uid}'), uids, 'the pods were not restarted');
    const ev = await events('sts/web');
    for (const n of [2, 1, 0]) assert.match(ev, new RegExp(`Normal\\s+SuccessfulUpdate\\s+.*\\s+statefulset-controller\\s+update Claim data-web-${n} Pod web-${n} in StatefulSet web success`));
    // The PV behind each claim grew too, and each claim says so.
    for (const n of [0, 1, 2]) {
      const pv = await jp(`pvc/data-web-${n}`, '{.spec.volumeName}');
      assert.equal(await jp(`pv/${pv}`, '{.spec.capacity.storage}'), '2Gi');
      assert.match(await events(`pvc/data-web-${n}`), /VolumeResizeSuccessful\s+.*Resize volume succeeded/);
    }
  });

  test('InPlace: kubectl apply of the edited manifest grows the claims again', async () => {
    assert.equal(await apply(sts('web', { storage: '3Gi', policy: 'InPlace' })), 'statefulset.apps/web configured\n');
    await eventually(async () => assert.deepEqual(await claimSizes('web', 3), ['3Gi/3Gi', '3Gi/3Gi', '3Gi/3Gi']), { timeoutMs: 30_000, message: 'every claim at 3Gi' });
    await eventually(async () => assert.equal(await jp('sts/web', '{.status.volumeClaimTemplates[0].totalCapacity}'), '9Gi'));
  });

  test('a smaller request is rejected with 422 and the field path; other template changes keep the 1.32 Forbidden', async () => {
    const r = await s.kubectl(['patch', 'sts', 'web', '--type=json', '-p', resizePatch('1Gi')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'The StatefulSet "web" is invalid: spec.volumeClaimTemplates[0].spec.resources.requests.storage: Forbidden: field can not be less than previous value');
    const cls = await s.kubectl(['patch', 'sts', 'web', '--type=json', '-p', JSON.stringify([{ op: 'add', path: '/spec/volumeClaimTemplates/0/spec/storageClassName', value: 'other' }])]);
    assert.equal(cls.code, 1);
    assert.match(cls.stderr, /The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden/);
    const policy = await s.kubectl(['patch', 'sts', 'web', '--type=merge', '-p', '{"spec":{"volumeClaimUpdatePolicy":"Always"}}']);
    assert.equal(policy.code, 1);
    assert.match(policy.stderr, /spec\.volumeClaimUpdatePolicy: Unsupported value: "Always": supported values: "OnClaimDelete", "InPlace"/);
    assert.deepEqual(await claimSizes('web', 3), ['3Gi/3Gi', '3Gi/3Gi', '3Gi/3Gi']);
  });

  test('a class without allowVolumeExpansion: the claims stay, the set gets a Warning with the admission\'s message', async () => {
    await s.create(yamlStream([{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fixed' }, provisioner: 'skiff.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }]));
    await apply(sts('db', { storage: '1Gi', cls: 'fixed', policy: 'InPlace', replicas: 2 }));
    await ready('db', 2);
    assert.equal(await s.k('patch', 'sts', 'db', '--type=json', '-p', resizePatch('2Gi')), 'statefulset.apps/db patched\n');
    await eventually(async () => assert.match(await events('sts/db'),
      /Warning\s+FailedUpdate\s+.*\s+statefulset-controller\s+update Claim data-db-1 for Pod db-1 in StatefulSet db failed error: persistentvolumeclaims "data-db-1" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize/), { timeoutMs: 15_000 });
    assert.deepEqual(await claimSizes('db', 2), ['1Gi/1Gi', '1Gi/1Gi']);
    // Not a hot loop: the refusal is not retried with backoff, only when the set or a claim changes.
    const counts = (await s.k('get', 'events', '--field-selector', 'reason=FailedUpdate,involvedObject.name=db', '-o', 'jsonpath={.items[*].count}')).split(' ').map(Number);
    assert.ok(counts.length === 1 && counts[0]! <= 3, `FailedUpdate counts: ${counts.join(' ')}`);
    // The rollout is blocked at the highest ordinal: data-db-0 was never tried.
    assert.doesNotMatch(await events('sts/db'), /update Claim data-db-0/);
    assert.equal(await jp('sts/db', '{.status.volumeClaimTemplates}'), '[{"compatible":0,"overSized":0,"templateName":"data","totalCapacity":"2Gi","updating":0}]');
  });

  test('OnClaimDelete (the default): existing claims keep their size, a claim created by a scale-up gets the new one', async () => {
    await apply(sts('keep', { storage: '1Gi', replicas: 2 }));
    await ready('keep', 2);
    assert.equal(await s.k('patch', 'sts', 'keep', '--type=json', '-p', resizePatch('2Gi')), 'statefulset.apps/keep patched\n');
    assert.equal(await s.k('scale', 'sts', 'keep', '--replicas=3'), 'statefulset.apps/keep scaled\n');
    await eventually(async () => assert.equal(await jp('pvc/data-keep-2', '{.spec.resources.requests.storage}/{.status.capacity.storage}'), '2Gi/2Gi'), { timeoutMs: 30_000 });
    assert.deepEqual((await claimSizes('keep', 3)).slice(0, 2), ['1Gi/1Gi', '1Gi/1Gi']);
    assert.equal(await jp('sts/keep', '{.status.volumeClaimTemplates}'), '');
  });
});

const realSkip = kubectlAvailable() ? registryNodeSkip('StatefulSet claim resize on the runc node') : skip;

describe('kubectl StatefulSet volumeClaimTemplates resize on the real node', { skip: realSkip }, () => {
  let cluster: RegistryNode | undefined;
  let s: SkiffProcess;
  before(async () => {
    cluster = await startRegistryNode('vct-real-node');
    ({ s } = cluster);
  });
  after(async () => { await cluster?.stop(); });
  const jp = (what: string, path: string): Promise<string> => s.k('get', ...what.split('/'), '-o', `jsonpath=${path}`);

  test('InPlace: three running pods keep running and keep their files while data-web-0..2 grow to 2Gi', async () => {
    const r = await s.kubectl(['apply', '-f', '-'], { input: yamlStream([sts('web', { storage: '1Gi', policy: 'InPlace', image: cluster!.images.busybox })]) });
    assert.equal(r.code, 0, r.stderr);
    await eventually(async () => assert.equal(await jp('sts/web', '{.status.readyReplicas}'), '3'), { timeoutMs: 90_000, message: 'web 3/3 ready' });
    for (const n of [0, 1, 2]) assert.equal(await s.k('exec', `web-${n}`, '--', 'cat', '/data/id'), `written by web-${n}\n`);
    const before = await jp('pods', '{.items[*].metadata.uid} {.items[*].status.containerStatuses[0].restartCount}');

    assert.equal(await s.k('patch', 'sts', 'web', '--type=json', '-p', resizePatch('2Gi')), 'statefulset.apps/web patched\n');
    await eventually(async () => {
      const sizes = await Promise.all([0, 1, 2].map((n) => jp(`pvc/data-web-${n}`, '{.spec.resources.requests.storage}/{.status.capacity.storage}')));
      assert.deepEqual(sizes, ['2Gi/2Gi', '2Gi/2Gi', '2Gi/2Gi']);
    }, { timeoutMs: 30_000, message: 'every claim at 2Gi' });
    await eventually(async () => assert.equal(await jp('sts/web', '{.status.volumeClaimTemplates}'), '[{"compatible":3,"overSized":0,"templateName":"data","totalCapacity":"6Gi","updating":0}]'));
    assert.equal(await jp('pods', '{.items[*].metadata.uid} {.items[*].status.containerStatuses[0].restartCount}'), before, 'no pod was replaced or restarted');
    for (const n of [0, 1, 2]) assert.equal(await s.k('exec', `web-${n}`, '--', 'cat', '/data/id'), `written by web-${n}\n`);
  });
});
