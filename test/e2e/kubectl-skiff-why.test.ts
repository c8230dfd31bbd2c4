// e2e: `kubectl skiff why` through the real kubectl, which finds the plugin (dist/src/cmd/kubectl-skiff.js)
// on PATH as kubectl-skiff: Pending pods explained by the scheduler's verdict and each node's reason, claims
// by their class, binding mode, provisioner and the PersistentVolumes that do not fit; a Running pod has
// nothing pending; NotFound and usage errors read like kubectl's and exit 1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, skiffBin, startSkiff, yamlStream, type RunResult, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const pluginJs = join(skiffBin, '..', 'kubectl-skiff.js');
const podWith = (name: string, spec: object, namespace = 'default'): object => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
const claim = (name: string, o: { cls?: string; size?: string; modes?: string[]; namespace?: string } = {}): object => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: o.namespace ?? 'default' },
  spec: { accessModes: o.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '1Gi' } }, ...(o.cls !== undefined ? { storageClassName: o.cls } : {}) },
});
const volume = (name: string, o: { cls?: string; size?: string; modes?: string[] } = {}): object => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name },
  spec: { capacity: { storage: o.size ?? '10Gi' }, accessModes: o.modes ?? ['ReadWriteOnce'], hostPath: { path: `/tmp/${name}` }, ...(o.cls !== undefined ? { storageClassName: o.cls } : {}) },
});

describe('kubectl skiff why', { skip }, () => {
  let s: SkiffProcess;
  let bin: string;
  before(async () => {
    s = await startSkiff({ args: ['--simulated-nodes', '2'] });
    // What README's "put it on PATH" amounts to: an executable named kubectl-skiff in a PATH directory.
    bin = mkdtempSync(join(tmpdir(), 'skiff-plugin-'));
    writeFileSync(join(bin, 'kubectl-skiff'), `#!/bin/sh\nexec "${process.execPath}" "${pluginJs}" "$@"\n`);
    chmodSync(join(bin, 'kubectl-skiff'), 0o755);
  });
  after(async () => {
    await s?.stop();
    if (bin) rmSync(bin, { recursive: true, force: true });
  });

  /** `kubectl skiff ARGS` (kubectl takes no flags before a plugin's name, so none of s.kubectl's). */
  const plugin = (args: readonly string[], env: Record<string, string> = { KUBECONFIG: s.kubeconfig }): Promise<RunResult> => new Promise((res) => {
    execFile('kubectl', ['skiff', ...args], { env: { ...process.env, ...env, PATH: `${bin}:${process.env['PATH'] ?? ''}` }, timeout: 60_000 }, (error, stdout, stderr) => {
      res({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
  /** The explanation's lines once `ready` holds for them (the scheduler and controllers act asynchronously). */
  const whyLines = (args: readonly string[], ready: (lines: string[]) => void, env?: Record<string, string>): Promise<string[]> => eventually(async () => {
    const r = await plugin(['why', ...args], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    ready(lines);
    return lines;
  }, { timeoutMs: 20_000 });
  const create = (...docs: object[]): Promise<string> => s.create(yamlStream(docs));

  test('a pod no node selects: the scheduler\'s condition, the label each node lacks, FailedScheduling', async () => {
    await create(podWith('nowhere', { nodeSelector: { disk: 'ssd' } }));
    const lines = await whyLines(['pod/nowhere'], (l) => assert.match(l.join('\n'), /Events:\n {4}Warning {2}FailedScheduling/));
    const msg = "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    assert.deepEqual(lines.slice(0, 6), [
      'pod/nowhere is Pending: not scheduled to a node',
      `  PodScheduled=False (Unschedulable): ${msg}`,
      '  Nodes: none of 2 fits',
      '    nodeSelector disk=ssd: node-1 (no label disk), node-2 (no label disk)',
      '  Events:',
      lines[5]!,
    ]);
    assert.match(lines[5]!, new RegExp(`^ {4}Warning {2}FailedScheduling {2}\\d+s( \\(x\\d+ over \\d+s\\))? {2}default-scheduler {2}${msg.replace(/[.()/]/g, '\\$&')}$`));
  });

  test('a pod that asks for more cpu than any node has: requested against allocatable per node', async () => {
    await create(podWith('huge', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100' } } }] }));
    const lines = await whyLines(['pods', 'huge'], (l) => assert.match(l[1]!, /PodScheduled=False/));
    assert.equal(lines[0], 'pod/huge is Pending: not scheduled to a node');
    assert.equal(lines[1], '  PodScheduled=False (Unschedulable): 0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
    assert.equal(lines[2], '  Nodes: none of 2 fits');
    assert.match(lines[3]!, /^ {4}Insufficient cpu \(the pod requests 100\): node-1 \(\S+ of 32 allocatable in use\), node-2 \(\S+ of 32 allocatable in use\)$/);
  });

  test('a pod whose claim names a StorageClass that does not exist: the claim explained inside the pod\'s explanation', async () => {
    await create(claim('fast-data', { cls: 'fast' }), podWith('fast-user', { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'fast-data' } }] }));
    const lines = await whyLines(['pod/fast-user'], (l) => assert.ok(l.some((x) => x.includes('ProvisioningFailed')) && l[1]!.includes('PodScheduled=False')));
    assert.equal(lines[0], 'pod/fast-user is Pending: not scheduled to a node');
    assert.equal(lines[1], '  PodScheduled=False (Unschedulable): 0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
    assert.equal(lines[2], "  Nodes: 2 of 2 fit the pod's selector, affinity, taints and requests");
    const at = lines.indexOf('  Claims:');
    assert.deepEqual(lines.slice(at, at + 3), ['  Claims:', '    pvc/fast-data is Pending', '      StorageClass "fast" not found: nothing provisions a volume; only a PV with storageClassName "fast" can bind it']);
    assert.ok(lines.some((l) => /^ {8}Warning {2}ProvisioningFailed {2}.* {2}persistentvolume-controller {2}storageclass\.storage\.k8s\.io "fast" not found$/.test(l)), lines.join('\n'));
    // The claim on its own names its user.
    const alone = await whyLines(['persistentvolumeclaim', 'fast-data'], (l) => assert.ok(l.some((x) => x.startsWith('  Used by: '))));
    assert.deepEqual(alone.slice(0, 2), ['pvc/fast-data is Pending', '  StorageClass "fast" not found: nothing provisions a volume; only a PV with storageClassName "fast" can bind it']);
    assert.ok(alone.includes('  Used by: pod/fast-user (Pending)'), alone.join('\n'));
  });

  test('a WaitForFirstConsumer claim nobody uses waits for its first consumer', async () => {
    await create(claim('lonely'));
    const lines = await whyLines(['pvc/lonely'], (l) => assert.ok(l.some((x) => x.includes('WaitForFirstConsumer  '))));
    assert.deepEqual(lines.slice(0, 3), [
      'pvc/lonely is Pending',
      '  StorageClass "local-path" (default): provisioner skiff.io/local-path, volumeBindingMode WaitForFirstConsumer',
      '  Waiting for a first consumer: no pod uses this claim; it is bound when a pod using it is scheduled',
    ]);
    assert.ok(lines.some((l) => /^ {4}Normal {2}WaitForFirstConsumer {2}.* {2}persistentvolume-controller {2}waiting for first consumer to be created before binding$/.test(l)), lines.join('\n'));
  });

  test('a claim without a class that no PersistentVolume fits: each volume\'s reason (-n, --kubeconfig)', async () => {
    await s.k('create', 'namespace', 'shop');
    await create(volume('why-small', { cls: '', size: '1Gi', modes: ['ReadWriteMany'] }), volume('why-rwo', { cls: '' }), volume('why-manual', { cls: 'manual', modes: ['ReadWriteMany'] }));
    await create(claim('static', { cls: '', size: '5Gi', modes: ['ReadWriteMany'], namespace: 'shop' }));
    // KUBECONFIG names nothing usable: --kubeconfig wins, as in kubectl.
    const env = { KUBECONFIG: '/nonexistent/kubeconfig' };
    const lines = await whyLines(['pvc', 'static', '-n', 'shop', `--kubeconfig=${s.kubeconfig}`], (l) => assert.ok(l.some((x) => x.includes('FailedBinding'))), env);
    assert.deepEqual(lines.slice(0, 3), ['pvc/static is Pending', '  No storage class (storageClassName ""): only a PV without a class can bind it; nothing provisions one', lines[2]!]);
    assert.match(lines[2]!, /^ {2}PersistentVolumes: none of \d+ fits$/);
    assert.ok(lines.includes('    pv/why-small: capacity 1Gi is less than the requested 5Gi'), lines.join('\n'));
    assert.ok(lines.includes('    pv/why-rwo: access modes [ReadWriteOnce] lack ReadWriteMany'), lines.join('\n'));
    assert.ok(lines.includes('    pv/why-manual: storageClassName "manual" does not match the claim\'s ""'), lines.join('\n'));
    assert.ok(lines.some((l) => /^ {4}Normal {2}FailedBinding {2}.* {2}persistentvolume-controller {2}no persistent volumes available for this claim and no storage class is set$/.test(l)), lines.join('\n'));
    // Without -n the claim is looked up in the context's namespace (default), where it does not exist.
    const r = await plugin(['why', 'pvc/static']);
    assert.deepEqual(r, { code: 1, stdout: '', stderr: 'Error from server (NotFound): persistentvolumeclaims "static" not found\n' });
  });

  test('a namespace\'s user (token, CA file, the context\'s namespace): what it may not list is said to be unreadable', async () => {
    await s.k('create', 'serviceaccount', 'dev', '-n', 'shop');
    await s.k('create', 'role', 'reader', '-n', 'shop', '--verb=get,list', '--resource=pods,persistentvolumeclaims,events');
    await s.k('create', 'rolebinding', 'dev-reader', '-n', 'shop', '--role=reader', '--serviceaccount=shop:dev');
    const token = (await s.k('create', 'token', 'dev', '-n', 'shop')).trim();
    copyFileSync(join(s.dataDir, 'tls', 'ca.crt'), join(bin, 'ca.crt'));
    const kubeconfig = join(bin, 'dev.kubeconfig');
    writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: dev',
      `clusters: [{name: skiff, cluster: {server: "${s.url}", certificate-authority: ca.crt}}]`,
      `users: [{name: dev, user: {token: "${token}"}}]`,
      'contexts: [{name: dev, context: {cluster: skiff, user: dev, namespace: shop}}]', '',
    ].join('\n'));
    const lines = await whyLines(['pvc/static'], (l) => assert.ok(l.some((x) => x.includes('FailedBinding'))), { KUBECONFIG: kubeconfig });
    assert.deepEqual(lines.slice(0, 3), [
      'pvc/static is Pending',
      '  No storage class (storageClassName ""): only a PV without a class can bind it; nothing provisions one',
      '  PersistentVolumes: not readable with these credentials (forbidden)',
    ]);
    const r = await plugin(['why', 'pod/nowhere', '-n', 'default'], { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error from server \(Forbidden\): pods "nowhere" is forbidden: User "system:serviceaccount:shop:dev" cannot get resource "pods" in API group "" in the namespace "default"/);
  });

  test('a Running pod has nothing pending', async () => {
    await create(podWith('web', {}));
    const lines = await whyLines(['pod/web'], (l) => assert.match(l[0]!, /Running/));
    assert.deepEqual(lines, [`pod/web is Running on node ${await s.k('get', 'pod', 'web', '-o', 'jsonpath={.spec.nodeName}')}; nothing is pending`]);
  });

  test('NotFound and usage errors read like kubectl\'s and exit 1', async () => {
    assert.deepEqual(await plugin(['why', 'pod/nope']), { code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    assert.deepEqual(await plugin(['why', 'deploy/web']), { code: 1, stdout: '', stderr: "error: kubectl skiff why explains pods and persistentvolumeclaims, not deployments.apps\nSee 'kubectl skiff why --help' for usage.\n" });
    assert.deepEqual(await plugin(['why', 'gizmo/x']), { code: 1, stdout: '', stderr: "error: the server doesn't have a resource type \"gizmo\"\nSee 'kubectl skiff why --help' for usage.\n" });
    assert.deepEqual(await plugin(['frobnicate']), { code: 1, stdout: '', stderr: "error: unknown command \"frobnicate\" for \"kubectl skiff\"\nSee 'kubectl skiff --help' for usage.\n" });
    assert.deepEqual(await plugin(['why', 'pod/web', '--context', 'prod']), { code: 1, stdout: '', stderr: 'error: context "prod" does not exist\n' });
    const help = await plugin(['why', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Explain why a pod or a PersistentVolumeClaim is Pending/);
  });
});
