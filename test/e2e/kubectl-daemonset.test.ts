// e2e: the DaemonSet controller through kubectl on simulated nodes: one pod per node and the `kubectl get ds`
// columns, nodeSelector and node labels, taints and tolerations, a node joining and leaving, RollingUpdate with
// `kubectl set image` / `rollout status|history|undo`, a maxSurge rollout watched against its budget, OnDelete,
// events in `kubectl describe`, and cascading deletion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { kubectlAvailable, skiffBin, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

interface DsOptions { nodeSelector?: Record<string, string>; tolerations?: object[]; strategy?: object; readyDelayS?: number; image?: string; annotations?: Record<string, string> }
const daemonSet = (name: string, o: DsOptions = {}): string => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    ...(o.strategy ? { updateStrategy: o.strategy } : {}),
    template: {
      metadata: { labels: { app: name }, ...(o.annotations ? { annotations: o.annotations } : {}) },
      spec: {
        containers: [{ name: 'c', image: o.image ?? 'busybox:1', ...(o.readyDelayS ? { readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: o.readyDelayS } } : {}) }],
        ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
        ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      },
    },
  },
});

interface PodView { name: string; node: string; image: string; deleting: boolean; ready: boolean; hash: string }
type Affinity = { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: { matchFields?: { values?: string[] }[] }[] } } };
interface PodList { items: { metadata: { name: string; deletionTimestamp?: string; labels?: Record<string, string> }; spec: { nodeName?: string; affinity?: Affinity; containers: { image: string }[] }; status?: { conditions?: { type: string; status: string }[] } }[] }

describe('kubectl DaemonSet on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '3'] }); });
  after(async () => { await s?.stop(); });
  const jp = (what: string, path: string): Promise<string> => s.k('get', ...what.split('/'), '-o', `jsonpath=${path}`);
  const pods = async (app: string): Promise<PodView[]> => {
    const list = JSON.parse(await s.k('get', 'pods', '-l', `app=${app}`, '-o', 'json')) as PodList;
    return list.items.map((p) => ({
      // A pod not bound yet is for the node its affinity names.
      name: p.metadata.name, node: p.spec.nodeName ?? p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.values?.[0] ?? '', image: p.spec.containers[0]?.image ?? '', deleting: p.metadata.deletionTimestamp !== undefined,
      ready: (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'), hash: p.metadata.labels?.['controller-revision-hash'] ?? '',
    }));
  };
  const nodesOf = async (app: string): Promise<string[]> => (await pods(app)).filter((p) => !p.deleting).map((p) => p.node).sort();
  /** `kubectl get ds <name>` with its default columns, as one line after the header. */
  const dsRow = async (name: string): Promise<string> => {
    const out = await s.k('get', 'ds', name);
    assert.match(out, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\n/);
    return out.split('\n')[1]!.replace(/\s+/g, ' ').replace(/ \S+$/, '');
  };
  const events = async (name: string): Promise<string> => (await s.k('describe', 'ds', name)).split('Events:')[1] ?? '';

  test('kubectl create -f: one pod per node, the DaemonSet columns and status, pods pinned by node affinity with the daemon tolerations', async () => {
    assert.equal(await s.create(daemonSet('agent')), 'daemonset.apps/agent created\n');
    await eventually(async () => assert.equal(await dsRow('agent'), 'agent 3 3 3 3 3 <none>'));
    assert.deepEqual(await nodesOf('agent'), ['node-1', 'node-2', 'node-3']);
    assert.equal(await jp('ds/agent', '{.status.desiredNumberScheduled} {.status.currentNumberScheduled} {.status.numberReady} {.status.updatedNumberScheduled} {.status.numberAvailable} {.status.numberMisscheduled} {.status.observedGeneration} {.metadata.annotations.deprecated\\.daemonset\\.template\\.generation}'), '3 3 3 3 3 0 1 1');
    // Upstream omitempty: numberUnavailable 0 is not serialized; the four plain int32 counters always are.
    const status = JSON.parse(await jp('ds/agent', '{.status}')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(status).sort(), ['currentNumberScheduled', 'desiredNumberScheduled', 'numberAvailable', 'numberMisscheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled']);
    const [first] = await pods('agent');
    assert.match(first!.name, /^agent-[a-z0-9]{5}$/);
    assert.equal(await jp(`pod/${first!.name}`, '{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.labels.pod-template-generation} {.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key}={.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]}'),
      `DaemonSet/agent 1 metadata.name=${first!.node}`);
    assert.equal(await jp(`pod/${first!.name}`, '{range .spec.tolerations[*]}{.key}:{.effect}:{.tolerationSeconds} {end}'),
      'node.kubernetes.io/not-ready:NoExecute: node.kubernetes.io/unreachable:NoExecute: node.kubernetes.io/disk-pressure:NoSchedule: node.kubernetes.io/memory-pressure:NoSchedule: node.kubernetes.io/pid-pressure:NoSchedule: node.kubernetes.io/unschedulable:NoSchedule: ');
    const rev = await s.k('get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.name}');
    assert.equal(rev, `agent-${first!.hash}`);
    assert.match(await events('agent'), /Normal\s+SuccessfulCreate\s+\S+\s+daemonset-controller\s+Created pod: agent-[a-z0-9]{5}/);
  });

  test('a nodeSelector restricts the pods; labelling a node adds its pod, unlabelling removes it', async () => {
    await s.create(daemonSet('ssd', { nodeSelector: { disk: 'ssd' } }));
    await eventually(async () => assert.equal(await dsRow('ssd'), 'ssd 0 0 0 0 0 disk=ssd'));
    await s.k('label', 'node', 'node-2', 'disk=ssd');
    await eventually(async () => assert.deepEqual(await nodesOf('ssd'), ['node-2']));
    await eventually(async () => assert.equal(await dsRow('ssd'), 'ssd 1 1 1 1 1 disk=ssd'));
    await s.k('label', 'node', 'node-2', 'disk-');
    await eventually(async () => assert.deepEqual(await pods('ssd'), []));
    await eventually(async () => assert.equal(await dsRow('ssd'), 'ssd 0 0 0 0 0 disk=ssd'));
    assert.match(await events('ssd'), /Normal\s+SuccessfulDelete\s+\S+\s+daemonset-controller\s+Deleted pod: ssd-[a-z0-9]{5}/);
  });

  test('a tainted node is skipped unless tolerated; a NoExecute taint removes the pod, lifting it brings the pod back', async () => {
    await s.k('taint', 'node', 'node-3', 'dedicated=db:NoSchedule');
    await s.create(daemonSet('plain'));
    await s.create(daemonSet('tolerant', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }));
    await eventually(async () => assert.equal(await dsRow('plain'), 'plain 2 2 2 2 2 <none>'));
    assert.deepEqual(await nodesOf('plain'), ['node-1', 'node-2']);
    await eventually(async () => assert.deepEqual(await nodesOf('tolerant'), ['node-1', 'node-2', 'node-3']));
    // NoSchedule only blocks new pods: agent's pod on node-3 stays, counted as misscheduled.
    await eventually(async () => assert.equal(await jp('ds/agent', '{.status.desiredNumberScheduled} {.status.numberMisscheduled}'), '2 1'));
    assert.deepEqual(await nodesOf('agent'), ['node-1', 'node-2', 'node-3']);
    await s.k('taint', 'node', 'node-3', 'dedicated=db:NoSchedule-', 'dedicated=db:NoExecute');
    await eventually(async () => assert.deepEqual(await nodesOf('agent'), ['node-1', 'node-2']));
    await eventually(async () => assert.deepEqual(await nodesOf('tolerant'), ['node-1', 'node-2']));
    await s.k('taint', 'node', 'node-3', 'dedicated=db:NoExecute-');
    await eventually(async () => assert.deepEqual(await nodesOf('plain'), ['node-1', 'node-2', 'node-3']));
    await eventually(async () => assert.equal(await dsRow('agent'), 'agent 3 3 3 3 3 <none>'));
    await s.k('delete', 'ds', 'plain', 'tolerant', 'ssd');
  });

  test('kubectl set image, rollout status, rollout history and rollout undo', async () => {
    assert.equal(await s.k('set', 'image', 'ds/agent', 'c=busybox:2'), 'daemonset.apps/agent image updated\n');
    const status = await s.kubectl(['rollout', 'status', 'ds/agent', '--timeout=60s']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /daemon set "agent" successfully rolled out\n$/);
    assert.deepEqual((await pods('agent')).filter((p) => !p.deleting).map((p) => p.image), ['busybox:2', 'busybox:2', 'busybox:2']);
    assert.equal(await jp('ds/agent', '{.metadata.generation} {.metadata.annotations.deprecated\\.daemonset\\.template\\.generation} {.status.observedGeneration} {.status.updatedNumberScheduled}'), '2 2 2 3');
    assert.equal((await pods('agent')).map((p) => p.name).length, 3);
    assert.match(await s.k('rollout', 'history', 'ds/agent'), /^daemonset\.apps\/agent \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n\n$/);
    assert.match(await s.k('rollout', 'history', 'ds/agent', '--revision=1'), /Image:\s+busybox:1/);
    assert.equal(await s.k('rollout', 'undo', 'ds/agent'), 'daemonset.apps/agent rolled back\n');
    const undone = await s.kubectl(['rollout', 'status', 'ds/agent', '--timeout=60s']);
    assert.equal(undone.code, 0, undone.stderr);
    await eventually(async () => assert.deepEqual((await pods('agent')).map((p) => `${p.image}${p.deleting ? ' deleting' : ''}`), ['busybox:1', 'busybox:1', 'busybox:1']));
    // The old revision is reused with the next number.
    assert.match(await s.k('rollout', 'history', 'ds/agent'), /^daemonset\.apps\/agent \nREVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n\n$/);
    assert.equal(await s.k('get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].revision}').then((o) => o.split(' ').sort().join(' ')), '2 3');
  });

  test('a maxSurge rollout starts each new pod beside the old one and stays within its budget', async () => {
    await s.create(daemonSet('surge', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, readyDelayS: 1 }));
    await eventually(async () => assert.equal(await dsRow('surge'), 'surge 3 3 3 3 3 <none>'), { timeoutMs: 15_000 });
    await s.k('set', 'image', 'ds/surge', 'c=busybox:2');
    let sawSurge = false;
    for (const deadline = Date.now() + 60_000; ;) {
      assert.ok(Date.now() < deadline, 'the surge rollout did not finish within 60 s');
      const now = (await pods('surge')).filter((p) => !p.deleting);
      const perNode = new Map<string, PodView[]>();
      for (const p of now) perNode.set(p.node, [...(perNode.get(p.node) ?? []), p]);
      // At most one surge pod per node, at most maxSurge (1) nodes surging, every node keeps a ready pod.
      for (const [n, list] of perNode) assert.ok(list.length <= 2, `${n} runs ${list.length} pods`);
      assert.ok([...perNode.values()].filter((l) => l.length === 2).length <= 1, `more than one node surging: ${JSON.stringify(now)}`);
      assert.deepEqual([...perNode.keys()].sort(), ['node-1', 'node-2', 'node-3']);
      for (const [n, list] of perNode) assert.ok(list.some((p) => p.ready), `${n} has no ready pod: ${JSON.stringify(list)}`);
      if ([...perNode.values()].some((l) => l.length === 2)) sawSurge = true;
      if (now.length === 3 && now.every((p) => p.image === 'busybox:2' && p.ready)) break;
    }
    assert.ok(sawSurge, 'never saw a new pod beside an old one');
    const done = await s.kubectl(['rollout', 'status', 'ds/surge', '--timeout=30s']);
    assert.equal(done.code, 0, done.stderr);
    await s.k('delete', 'ds', 'surge');
  });

  test('OnDelete: a new template changes a pod only when it is deleted; rollout status refuses', async () => {
    await s.create(daemonSet('manual', { strategy: { type: 'OnDelete' } }));
    await eventually(async () => assert.equal(await dsRow('manual'), 'manual 3 3 3 3 3 <none>'));
    await s.k('set', 'image', 'ds/manual', 'c=busybox:2');
    await eventually(async () => assert.equal(await jp('ds/manual', '{.status.observedGeneration} {.status.updatedNumberScheduled}'), '2 '));
    assert.deepEqual((await pods('manual')).map((p) => p.image), ['busybox:1', 'busybox:1', 'busybox:1']);
    const refused = await s.kubectl(['rollout', 'status', 'ds/manual']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /rollout status is only available for RollingUpdate strategy type/);
    const victim = (await pods('manual')).find((p) => p.node === 'node-2')!;
    await s.k('delete', 'pod', victim.name);
    await eventually(async () => assert.deepEqual((await pods('manual')).map((p) => `${p.node}:${p.image}`).sort(), ['node-1:busybox:1', 'node-2:busybox:2', 'node-3:busybox:1']));
    await eventually(async () => assert.equal(await dsRow('manual'), 'manual 3 3 3 1 3 <none>'));
    await s.k('delete', 'ds', 'manual');
  });

  test('a failed daemon pod is deleted with FailedDaemonPod and replaced, with a growing backoff', async () => {
    await s.k('label', 'node', 'node-1', 'crash=yes');
    await s.create(daemonSet('crashy', { nodeSelector: { crash: 'yes' }, annotations: { 'skiff.io/simulate-phase': 'Failed' } }));
    // When each pod was first seen: without a backoff a failed pod is replaced within a second, every time.
    const seen = new Map<string, number>();
    await eventually(async () => {
      for (const p of await pods('crashy')) if (!seen.has(p.name)) seen.set(p.name, Date.now());
      assert.ok(seen.size >= 4, `pods seen: ${[...seen.keys()].join(' ')}`);
    }, { timeoutMs: 30_000, intervalMs: 100 });
    const t = [...seen.values()];
    assert.ok(t[3]! - t[2]! >= 1500, `the 4th pod came ${t[3]! - t[2]!} ms after the 3rd (gaps ${t.slice(1).map((x, i) => x - t[i]!).join(', ')} ms)`);
    const ev = await events('crashy');
    assert.match(ev, /Warning\s+FailedDaemonPod\s+\S+\s+daemonset-controller\s+Found failed daemon pod default\/crashy-[a-z0-9]{5} on node node-1, will try to kill it/);
    assert.match(ev, /Normal\s+SuccessfulDelete\s+\S+\s+daemonset-controller\s+Deleted pod: crashy-/);
    await s.k('delete', 'ds', 'crashy');
    await s.k('label', 'node', 'node-1', 'crash-');
  });

  test('a node joining gets a pod; a deleted node stops counting and the pod GC removes its pod', async () => {
    const agent = spawn(process.execPath, [skiffBin, 'agent', '--server', s.url, '--ca-file', join(s.dataDir, 'tls', 'ca.crt'), '--token-file', join(s.dataDir, 'tls', 'admin.token'), '--simulate', '1', '--simulate-first', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    agent.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    agent.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((r) => agent.once('exit', (code) => r(code)));
    try {
      await eventually(() => assert.match(out, /Skiff agent joined/), { timeoutMs: 15_000 });
      await eventually(async () => assert.deepEqual(await nodesOf('agent'), ['node-1', 'node-2', 'node-3', 'node-4']), { timeoutMs: 15_000 });
      await eventually(async () => assert.equal(await dsRow('agent'), 'agent 4 4 4 4 4 <none>'));
    } finally {
      agent.kill('SIGTERM');
      assert.equal(await exited, 0, out);
    }
    await s.k('delete', 'node', 'node-4');
    await eventually(async () => assert.equal(await dsRow('agent'), 'agent 3 3 3 3 3 <none>'));
    // The pod on node-4 has no kubelet any more: the pod GC force-deletes it once the node has been gone 40 s.
    assert.deepEqual(await nodesOf('agent'), ['node-1', 'node-2', 'node-3', 'node-4']);
    await eventually(async () => assert.deepEqual(await nodesOf('agent'), ['node-1', 'node-2', 'node-3']), { timeoutMs: 70_000, intervalMs: 1000 });
    assert.equal(await dsRow('agent'), 'agent 3 3 3 3 3 <none>');
  });

  test('kubectl describe shows the events', async () => {
    const ev = await events('agent');
    assert.match(ev, /Normal\s+SuccessfulCreate\s+\S+\s+daemonset-controller\s+Created pod: agent-/);
    assert.match(ev, /Normal\s+SuccessfulDelete\s+\S+\s+daemonset-controller\s+Deleted pod: agent-/);
  });

  test('--cascade=orphan keeps the pods and revisions; a new DaemonSet with the same template adopts them without new pods', async () => {
    const before = (await pods('agent')).map((p) => p.name).sort();
    const revision = await s.k('get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.name}');
    await s.k('delete', 'ds', 'agent', '--cascade=orphan');
    await eventually(async () => assert.equal(await s.k('get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.ownerReferences}'), ''));
    await s.create(daemonSet('agent'));
    const uid = await jp('ds/agent', '{.metadata.uid}');
    await eventually(async () => assert.equal(await s.k('get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.ownerReferences[0].uid}'), [uid, uid, uid].join(' ')));
    await eventually(async () => assert.equal(await dsRow('agent'), 'agent 3 3 3 3 3 <none>'));
    assert.deepEqual((await pods('agent')).map((p) => p.name).sort(), before);
    // The revisions too (the current template's among them: no new revision).
    assert.equal(await s.k('get', 'controllerrevisions', '-l', 'app=agent', '-o', 'jsonpath={.items[*].metadata.name} {.items[*].metadata.ownerReferences[0].uid}'), `${revision} ${revision.split(' ').map(() => uid).join(' ')}`);
  });

  test('deleting the DaemonSet removes its pods and revisions', async () => {
    assert.equal(await s.k('delete', 'ds', 'agent'), 'daemonset.apps "agent" deleted\n');
    await eventually(async () => assert.deepEqual(await pods('agent'), []));
    await eventually(async () => assert.equal(await s.k('get', 'controllerrevisions', '-l', 'app=agent', '-o', 'name'), ''));
  });
});
