// e2e: the real kubectl drives a started `skiff server`: create/apply/get/describe/label/patch/delete.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixtures, kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

describe('kubectl against skiff server', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff(); });
  after(async () => { await s?.stop(); });

  test('kubectl get ns lists the four system namespaces as Active', async () => {
    const out = await s.k('get', 'ns', '--no-headers');
    const rows = out.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 2));
    assert.deepEqual(rows.sort(), [['default', 'Active'], ['kube-node-lease', 'Active'], ['kube-public', 'Active'], ['kube-system', 'Active']]);
    assert.equal((await s.k('get', '--raw', '/readyz')).trim(), 'ok');
  });

  test('kubectl version reports server 1.32', async () => {
    const out = await s.k('version');
    assert.match(out, /Server Version: v1\.32\./);
  });

  test('kubectl create -f with the seed 000 files prints upstream lines and get pv shows upstream columns', async () => {
    const out = await s.k('create', '-f', join(fixtures, 'local-storage.yml'), '-f', join(fixtures, 'local-pv.yml'));
    assert.equal(out, 'storageclass.storage.k8s.io/local-storage created\npersistentvolume/local-pv1 created\npersistentvolume/local-pv2 created\n');
    const pv = (await s.k('get', 'pv')).split('\n');
    assert.match(pv[0]!, /^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE$/);
    assert.match(pv[1]!, /^local-pv1\s+1Gi\s+RWO\s+Retain\s+\S+\s+local-storage\s+<unset>\s+\d+s$/);
    const sc = await s.k('get', 'sc', 'local-storage', '--no-headers');
    assert.match(sc, /^local-storage\s+kubernetes\.io\/no-provisioner\s+Delete\s+WaitForFirstConsumer\s+false\s+\d+s/);
  });

  test('kubectl create -f of an existing object fails with AlreadyExists', async () => {
    const r = await s.kubectl(['create', '-f', join(fixtures, 'local-storage.yml')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error from server \(AlreadyExists\): error when creating ".*local-storage.yml": storageclasses.storage.k8s.io "local-storage" already exists/);
  });

  test('kubectl apply twice reports unchanged, then a change is merged three-way', async () => {
    await s.k('create', 'namespace', 'demo');
    assert.equal(await s.k('apply', '-n', 'demo', '-f', join(fixtures, 'web.yml')), 'service/nginx created\nstatefulset.apps/web created\n');
    assert.equal(await s.k('apply', '-n', 'demo', '-f', join(fixtures, 'web.yml')), 'service/nginx unchanged\nstatefulset.apps/web unchanged\n');
    // A label added out of band survives a re-apply with a changed image (three-way merge).
    await s.k('label', '-n', 'demo', 'sts', 'web', 'team=storage');
    const yaml = (await import('node:fs')).readFileSync(join(fixtures, 'web.yml'), 'utf8').replace('nginx-slim:0.8', 'nginx-slim:0.9');
    const r = await s.kubectl(['apply', '-n', 'demo', '-f', '-'], { input: yaml });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'service/nginx unchanged\nstatefulset.apps/web configured\n');
    const sts = JSON.parse(await s.k('get', '-n', 'demo', 'sts', 'web', '-o', 'json')) as { metadata: { labels: Record<string, string>; generation: number }; spec: { template: { spec: { containers: { image: string }[] } }; updateStrategy: unknown; podManagementPolicy: string; revisionHistoryLimit: number } };
    assert.equal(sts.spec.template.spec.containers[0]!.image, 'registry.cn-hangzhou.aliyuncs.com/chenshi-kubernetes/nginx-slim:0.9');
    assert.equal(sts.metadata.labels['team'], 'storage');
    assert.equal(sts.metadata.generation, 2);
    assert.deepEqual(sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
    assert.equal(sts.spec.revisionHistoryLimit, 10);
  });

  test('kubectl get in yaml, name, jsonpath, wide, --show-labels, -l, -A and --field-selector', async () => {
    assert.match(await s.k('get', '-n', 'demo', 'sts', 'web', '-o', 'yaml'), /^apiVersion: apps\/v1\nkind: StatefulSet\n/);
    assert.equal(await s.k('get', '-n', 'demo', 'svc', '-o', 'name'), 'service/nginx\n');
    assert.equal(await s.k('get', '-n', 'demo', 'svc', 'nginx', '-o', 'jsonpath={.spec.clusterIP} {.spec.ports[0].protocol} {.spec.type}'), 'None TCP ClusterIP');
    const svc = (await s.k('get', '-n', 'demo', 'svc', '-o', 'wide')).split('\n');
    assert.match(svc[0]!, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/);
    assert.match(svc[1]!, /^nginx\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s+\d+s\s+app=nginx$/);
    assert.match(await s.k('get', '-n', 'demo', 'svc', '--show-labels'), /app=nginx\n$/);
    assert.equal(await s.k('get', '-n', 'demo', 'svc', '-l', 'app in (nginx,x)', '-o', 'name'), 'service/nginx\n');
    assert.equal((await s.kubectl(['get', '-n', 'demo', 'svc', '-l', 'app!=nginx'])).stderr, 'No resources found in demo namespace.\n');
    const all = await s.k('get', 'sts', '-A');
    assert.match(all, /^NAMESPACE\s+NAME\s+READY\s+AGE\ndemo\s+web\s+0\/2\s+\d+s\n$/);
    assert.equal(await s.k('get', 'ns', '--field-selector', 'metadata.name=demo', '-o', 'name'), 'namespace/demo\n');
    const bad = await s.kubectl(['get', 'pods', '--field-selector', 'spec.bogus=1']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /field label not supported: spec\.bogus/);
  });

  test('kubectl get all and api-resources use discovery short names and categories', async () => {
    const all = await s.k('get', 'all', '-n', 'demo');
    assert.match(all, /service\/nginx\s+ClusterIP\s+None/);
    assert.match(all, /statefulset\.apps\/web\s+0\/2/);
    const ar = await s.k('api-resources');
    assert.match(ar, /^statefulsets\s+sts\s+apps\/v1\s+true\s+StatefulSet$/m);
    assert.match(ar, /^persistentvolumeclaims\s+pvc\s+v1\s+true\s+PersistentVolumeClaim$/m);
    const av = await s.k('api-versions');
    assert.match(av, /^autoscaling\/v2$/m);
    assert.match(av, /^storage\.k8s\.io\/v1$/m);
  });

  test('kubectl create configmap and secret (protobuf bodies) from literals, files and env files', async () => {
    const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'cm-'));
    const fs = await import('node:fs');
    fs.writeFileSync(join(dir, 'app.conf'), 'a=1\nb=2\n');
    fs.writeFileSync(join(dir, 'env'), 'FOO=bar\n# comment\nBAZ=qux\n');
    assert.equal(await s.k('create', 'configmap', 'c1', '-n', 'demo', '--from-literal=k=v', `--from-file=${join(dir, 'app.conf')}`), 'configmap/c1 created\n');
    assert.equal(await s.k('create', 'configmap', 'c2', '-n', 'demo', `--from-env-file=${join(dir, 'env')}`), 'configmap/c2 created\n');
    assert.equal(await s.k('create', 'secret', 'generic', 's1', '-n', 'demo', '--from-literal=password=hunter2'), 'secret/s1 created\n');
    const c1 = JSON.parse(await s.k('get', 'cm', 'c1', '-n', 'demo', '-o', 'json')) as { data: Record<string, string> };
    assert.deepEqual(c1.data, { k: 'v', 'app.conf': 'a=1\nb=2\n' });
    const c2 = JSON.parse(await s.k('get', 'cm', 'c2', '-n', 'demo', '-o', 'json')) as { data: Record<string, string> };
    assert.deepEqual(c2.data, { FOO: 'bar', BAZ: 'qux' });
    assert.equal(await s.k('get', 'secret', 's1', '-n', 'demo', '-o', 'jsonpath={.data.password}'), Buffer.from('hunter2').toString('base64'));
    assert.match(await s.k('get', 'secret', 's1', '-n', 'demo', '--no-headers'), /^s1\s+Opaque\s+1\s+\d+s\n$/);
  });

  test('kubectl label, annotate and patch (strategic, merge, json)', async () => {
    assert.equal(await s.k('label', 'cm', 'c1', '-n', 'demo', 'tier=db'), 'configmap/c1 labeled\n');
    assert.equal(await s.k('annotate', 'cm', 'c1', '-n', 'demo', 'note=hello'), 'configmap/c1 annotated\n');
    assert.equal(await s.k('patch', 'cm', 'c1', '-n', 'demo', '--type=merge', '-p', '{"data":{"k":"v2"}}'), 'configmap/c1 patched\n');
    assert.equal(await s.k('patch', 'cm', 'c1', '-n', 'demo', '--type=json', '-p', '[{"op":"remove","path":"/data/app.conf"}]'), 'configmap/c1 patched\n');
    assert.equal(await s.k('patch', 'sts', 'web', '-n', 'demo', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}'), 'statefulset.apps/web patched\n');
    const c1 = JSON.parse(await s.k('get', 'cm', 'c1', '-n', 'demo', '-o', 'json')) as { data: Record<string, string>; metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
    assert.deepEqual(c1.data, { k: 'v2' });
    assert.equal(c1.metadata.labels['tier'], 'db');
    assert.equal(c1.metadata.annotations['note'], 'hello');
    const sts = JSON.parse(await s.k('get', 'sts', 'web', '-n', 'demo', '-o', 'json')) as { spec: { template: { spec: { containers: { name: string; image: string; ports: unknown[] }[] } } } };
    assert.equal(sts.spec.template.spec.containers.length, 1);
    assert.equal(sts.spec.template.spec.containers[0]!.image, 'nginx:1.27');
    assert.equal(sts.spec.template.spec.containers[0]!.ports.length, 1, 'strategic merge keeps the ports of the merged container');
    assert.equal(await s.k('label', 'cm', 'c1', '-n', 'demo', 'tier-'), 'configmap/c1 unlabeled\n');
  });

  test('kubectl scale works on statefulsets through /scale', async () => {
    assert.equal(await s.k('scale', 'sts', 'web', '-n', 'demo', '--replicas=3'), 'statefulset.apps/web scaled\n');
    assert.equal(await s.k('get', 'sts', 'web', '-n', 'demo', '-o', 'jsonpath={.spec.replicas}'), '3');
    const r = await s.kubectl(['scale', 'sts', 'web', '-n', 'demo', '--replicas=5', '--current-replicas=2']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: Expected replicas to be 2, was 3$/m);
  });

  test('kubectl edit applies the editor’s change', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(join(os.tmpdir(), 'edit-'));
    const editor = join(dir, 'editor.sh');
    fs.writeFileSync(editor, '#!/bin/sh\nsed -i "s/k: v2/k: edited/" "$1"\n', { mode: 0o755 });
    const r = await s.kubectl(['edit', 'cm', 'c1', '-n', 'demo'], { env: { EDITOR: editor, KUBE_EDITOR: editor } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'configmap/c1 edited\n');
    assert.equal(await s.k('get', 'cm', 'c1', '-n', 'demo', '-o', 'jsonpath={.data.k}'), 'edited');
  });

  test('errors: NotFound, Invalid with field paths, Conflict, unknown fields under strict validation', async () => {
    const nf = await s.kubectl(['get', 'pod', 'nope', '-n', 'demo']);
    assert.equal(nf.code, 1);
    assert.equal(nf.stderr, 'Error from server (NotFound): pods "nope" not found\n');
    const inv = await s.kubectl(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n' });
    assert.equal(inv.code, 1);
    assert.match(inv.stderr, /^The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const multi = await s.kubectl(['create', '-n', 'demo', '-f', '-'], { input: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: bad-svc\nspec:\n  type: Bogus\n  ports:\n  - port: 0\n' });
    assert.equal(multi.code, 1);
    // Upstream order: ports (the defaulted targetPort 0 is its own error), then the type.
    assert.equal(multi.stderr, 'The Service "bad-svc" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n');
    const unk = await s.kubectl(['create', '-n', 'demo', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u1\nbogus: 1\n' });
    assert.equal(unk.code, 1);
    assert.match(unk.stderr, /unknown field "bogus"/);
    const cur = JSON.parse(await s.k('get', 'cm', 'c1', '-n', 'demo', '-o', 'json')) as { metadata: { resourceVersion: string } };
    await s.k('label', 'cm', 'c1', '-n', 'demo', 'bump=1');
    const stale = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'demo', resourceVersion: cur.metadata.resourceVersion }, data: { x: 'y' } });
    const conf = await s.kubectl(['replace', '-f', '-'], { input: stale });
    assert.equal(conf.code, 1);
    assert.match(conf.stderr, /Error from server \(Conflict\): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "c1": the object has been modified; please apply your changes to the latest version and try again/);
  });

  test('NodePort Services: kubectl expose allocates a node port in 30000-32767; taken or out-of-range ports are refused; type ClusterIP drops it', async () => {
    await s.k('create', 'deployment', 'np', '-n', 'demo', '--image', 'nginx:1.25');
    assert.equal(await s.k('expose', 'deployment', 'np', '-n', 'demo', '--port', '80', '--type', 'NodePort'), 'service/np exposed\n');
    const port = Number(await s.k('get', 'svc', 'np', '-n', 'demo', '-o', 'jsonpath={.spec.ports[0].nodePort}'));
    assert.ok(port >= 30000 && port <= 32767, String(port));
    assert.match(await s.k('get', 'svc', 'np', '-n', 'demo'), new RegExp(`np\\s+NodePort\\s+10\\.43\\.\\d+\\.\\d+\\s+<none>\\s+80:${port}/TCP\\s`));
    // A re-apply that leaves nodePort out keeps it.
    const manifest = (extra: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: np2\n  namespace: demo\nspec:\n  type: NodePort\n  selector: {app: np}\n  ports:\n  - port: 81${extra}\n`;
    await s.kubectl(['apply', '-f', '-'], { input: manifest('') });
    const second = await s.k('get', 'svc', 'np2', '-n', 'demo', '-o', 'jsonpath={.spec.ports[0].nodePort}');
    await s.kubectl(['apply', '-f', '-'], { input: manifest('\n    name: web') });
    assert.equal(await s.k('get', 'svc', 'np2', '-n', 'demo', '-o', 'jsonpath={.spec.ports[0].nodePort}'), second);
    const taken = await s.kubectl(['create', '-f', '-'], { input: manifest(`\n    nodePort: ${port}`).replace('np2', 'np3') });
    assert.equal(taken.code, 1);
    assert.equal(taken.stderr, `The Service "np3" is invalid: spec.ports[0].nodePort: Invalid value: ${port}: provided port is already allocated\n`);
    const range = await s.kubectl(['create', '-f', '-'], { input: manifest('\n    nodePort: 8080').replace('np2', 'np3') });
    assert.equal(range.stderr, 'The Service "np3" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767\n');
    await s.k('patch', 'svc', 'np2', '-n', 'demo', '-p', '{"spec":{"type":"ClusterIP"}}');
    assert.equal(await s.k('get', 'svc', 'np2', '-n', 'demo', '-o', 'jsonpath={.spec.type}/{.spec.ports[0].nodePort}'), 'ClusterIP/');
    await s.k('delete', 'svc', 'np', 'np2', '-n', 'demo');
    await s.k('delete', 'deployment', 'np', '-n', 'demo');
  });

  test('kubectl apply --server-side creates, detects a field conflict (409) and --force-conflicts takes ownership', async () => {
    const manifest = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\n  namespace: demo\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ssa}}\n  template:\n    metadata: {labels: {app: ssa}}\n    spec: {containers: [{name: c, image: "nginx:1.25"}]}\n`;
    const first = await s.kubectl(['apply', '--server-side', '-f', '-'], { input: manifest(2) });
    assert.equal(first.stdout, 'deployment.apps/ssa serverside-applied\n', first.stderr);
    await s.k('scale', 'deploy', 'ssa', '-n', 'demo', '--replicas=5');
    const conflict = await s.kubectl(['apply', '--server-side', '-f', '-'], { input: manifest(3) });
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas$/m);
    const forced = await s.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: manifest(3) });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(await s.k('get', 'deploy', 'ssa', '-n', 'demo', '-o', 'jsonpath={.spec.replicas}'), '3');
    const mf = JSON.parse(await s.k('get', 'deploy', 'ssa', '-n', 'demo', '-o', 'jsonpath={.metadata.managedFields}')) as { manager: string; operation: string }[];
    assert.ok(mf.some((m) => m.manager === 'kubectl' && m.operation === 'Apply'));
  });

  test('kubectl apply --server-side after a client-side kubectl apply keeps every field (kubectl upgrades the managed fields first)', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: csa-to-ssa, namespace: demo, labels: {tier: web}}\ndata: {a: "1", b: "2"}\n';
    assert.equal((await s.kubectl(['apply', '-f', '-'], { input: cm })).code, 0);
    const upgraded = await s.kubectl(['apply', '--server-side', '-f', '-'], { input: cm });
    assert.equal(upgraded.stdout, 'configmap/csa-to-ssa serverside-applied\n', upgraded.stderr);
    const got = JSON.parse(await s.k('get', 'cm', 'csa-to-ssa', '-n', 'demo', '-o', 'json', '--show-managed-fields')) as { data?: Record<string, string>; metadata: { labels?: Record<string, string>; managedFields: { manager: string; operation: string }[] } };
    assert.deepEqual(got.data, { a: '1', b: '2' });
    assert.deepEqual(got.metadata.labels, { tier: 'web' });
    const managers = got.metadata.managedFields.map((m) => `${m.manager}/${m.operation}`);
    assert.ok(managers.includes('kubectl/Apply') && !managers.includes('kubectl-client-side-apply/Update'), managers.join(', '));
    // A second server-side apply dropping b removes b only.
    const dropped = await s.kubectl(['apply', '--server-side', '-f', '-'], { input: cm.replace(', b: "2"', '') });
    assert.equal(dropped.code, 0, dropped.stderr);
    assert.equal(await s.k('get', 'cm', 'csa-to-ssa', '-n', 'demo', '-o', 'jsonpath={.data}'), '{"a":"1"}');
  });

  test('kubectl describe shows the object', async () => {
    // This server has no nodes: the controller creates web-0, which stays Pending, and (OrderedReady) no more.
    const out = await eventually(async () => {
      const o = await s.k('describe', 'sts', 'web', '-n', 'demo');
      assert.match(o, /^Replicas:\s+3 desired \| 1 total$/m);
      return o;
    });
    assert.match(out, /^Name:\s+web$/m);
    assert.match(out, /^Namespace:\s+demo$/m);
    assert.match(out, /^Pods Status:\s+0 Running \/ 1 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    assert.match(out, /^Update Strategy:\s+RollingUpdate$/m);
  });

  test('kubectl explain prints field documentation', async () => {
    const out = await s.k('explain', 'pod.spec.volumes');
    assert.match(out, /^KIND:\s+Pod$/m);
    assert.match(out, /^FIELD:\s+volumes <\[\]Volume>$/m);
    assert.match(out, /persistentVolumeClaim\s+<PersistentVolumeClaimVolumeSource>/);
  });

  test('kubectl get -w prints changes as they happen', async () => {
    const { spawn } = await import('node:child_process');
    const w = spawn('kubectl', ['get', 'cm', '-n', 'demo', '-w', '--no-headers'], { env: { ...process.env, KUBECONFIG: s.kubeconfig } });
    let out = '';
    w.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      await eventually(() => assert.match(out, /^c1\s/m), { timeoutMs: 15_000 });
      await s.k('create', 'configmap', 'watched', '-n', 'demo', '--from-literal=a=b');
      await eventually(() => assert.match(out, /^watched\s+1\s/m), { timeoutMs: 15_000 });
    } finally {
      w.kill();
    }
  });

  test('kubectl delete waits for the object to be gone; delete ns empties and removes the namespace', async () => {
    assert.equal(await s.k('delete', 'cm', 'watched', '-n', 'demo'), 'configmap "watched" deleted\n');
    assert.equal((await s.kubectl(['get', 'cm', 'watched', '-n', 'demo'])).code, 1);
    const del = await s.kubectl(['delete', 'ns', 'demo'], { timeoutMs: 60_000 });
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout, 'namespace "demo" deleted\n');
    const gone = await s.kubectl(['get', 'ns', 'demo']);
    assert.equal(gone.stderr, 'Error from server (NotFound): namespaces "demo" not found\n');
    const denied = await s.kubectl(['delete', 'ns', 'default']);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /Error from server \(Forbidden\): namespaces "default" is forbidden: this namespace may not be deleted/);
    const missing = await s.kubectl(['create', 'configmap', 'x', '-n', 'nowhere']);
    assert.equal(missing.stderr, 'error: failed to create configmap: namespaces "nowhere" not found\n');
  });
});
