// e2e: the Deployment controller through kubectl on simulated nodes: create, rolling update within
// maxSurge/maxUnavailable, rollout status/history/undo (reusing the earlier ReplicaSet), scale, pause and
// resume, Recreate (old pods gone before new ones start), history cleanup.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

describe('kubectl Deployment on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => { s = await startSkiff({ args: ['--simulated-nodes', '3'] }); });
  after(async () => { await s?.stop(); });
  const rsOf = async (d: string): Promise<{ name: string; replicas: number; revision: string; image: string }[]> => {
    const out = await s.k('get', 'rs', '-l', `app=${d}`, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.replicas} {.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.template.spec.containers[0].image}{"\\n"}{end}');
    return out.trim().split('\n').filter(Boolean).map((l) => { const [name, replicas, revision, image] = l.split(' '); return { name: name!, replicas: Number(replicas), revision: revision!, image: image! }; });
  };

  test('kubectl create deployment runs its pods through a ReplicaSet named <deployment>-<hash>', async () => {
    assert.equal(await s.k('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3'), 'deployment.apps/web created\n');
    assert.match(await s.k('rollout', 'status', 'deploy/web', '--timeout=30s'), /deployment "web" successfully rolled out\n$/);
    assert.match(await s.k('get', 'deploy', 'web'), /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+\S+\n$/);
    const [rs] = await rsOf('web');
    assert.match(rs!.name, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.deepEqual([rs!.replicas, rs!.revision], [3, '1']);
    const hash = rs!.name.slice('web-'.length);
    assert.equal(await s.k('get', 'pods', '-l', `app=web,pod-template-hash=${hash}`, '-o', 'name').then((o) => o.trim().split('\n').length), 3);
    const conds = await s.k('get', 'deploy', 'web', '-o', 'jsonpath={range .status.conditions[*]}{.type}={.status}/{.reason} {end}');
    assert.equal(conds.trim(), 'Available=True/MinimumReplicasAvailable Progressing=True/NewReplicaSetAvailable');
    assert.match((await s.k('describe', 'deploy', 'web')).split('Events:')[1]!, new RegExp(`Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set ${rs!.name} from 0 to 3`));
  });

  test('a rolling update replaces the pods within maxSurge; undo returns to the first ReplicaSet', async () => {
    await s.k('patch', 'deploy', 'web', '-p', '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}');
    const first = (await rsOf('web'))[0]!;
    // The controller's guarantee: the ReplicaSets' sizes never add up to more than replicas + maxSurge
    // (pods follow their ReplicaSets asynchronously, as upstream).
    let maxPods = 0;
    let watching = true;
    const sampler = (async () => {
      while (watching) {
        const n = (await rsOf('web')).reduce((t, r) => t + r.replicas, 0);
        maxPods = Math.max(maxPods, n);
      }
    })();
    await s.k('set', 'image', 'deploy/web', 'nginx=nginx:1.27');
    assert.match(await s.k('rollout', 'status', 'deploy/web', '--timeout=30s'), /deployment "web" successfully rolled out\n$/);
    watching = false;
    await sampler;
    assert.ok(maxPods <= 4, `ReplicaSet sizes add up to at most 3 + maxSurge 1, saw ${maxPods}`);
    const after = await rsOf('web');
    assert.equal(after.length, 2);
    const second = after.find((r) => r.name !== first.name)!;
    assert.deepEqual([second.replicas, second.revision, second.image], [3, '2', 'nginx:1.27']);
    assert.equal(after.find((r) => r.name === first.name)!.replicas, 0);
    assert.match(await s.k('rollout', 'history', 'deploy/web'), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);

    assert.equal(await s.k('rollout', 'undo', 'deploy/web'), 'deployment.apps/web rolled back\n');
    assert.match(await s.k('rollout', 'status', 'deploy/web', '--timeout=30s'), /successfully rolled out\n$/);
    const back = await rsOf('web');
    assert.equal(back.length, 2, 'the rollback reuses the first ReplicaSet');
    assert.deepEqual(back.find((r) => r.name === first.name), { name: first.name, replicas: 3, revision: '3', image: 'nginx:1.25' });
    assert.equal(await s.k('get', 'rs', first.name, '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision-history}'), '1');
    assert.equal(await s.k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}'), '3');
  });

  test('scale, and pause/resume: a paused Deployment scales but does not roll out', async () => {
    assert.equal(await s.k('scale', 'deploy', 'web', '--replicas=5'), 'deployment.apps/web scaled\n');
    await eventually(async () => assert.match(await s.k('get', 'deploy', 'web'), /web\s+5\/5\s+5\s+5\s/));
    await s.k('rollout', 'pause', 'deploy/web');
    await s.k('set', 'image', 'deploy/web', 'nginx=nginx:1.28');
    await eventually(async () => assert.equal(await s.k('get', 'deploy', 'web', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}'), 'DeploymentPaused'));
    assert.equal((await rsOf('web')).some((r) => r.image === 'nginx:1.28'), false);
    await s.k('rollout', 'resume', 'deploy/web');
    assert.match(await s.k('rollout', 'status', 'deploy/web', '--timeout=30s'), /successfully rolled out\n$/);
    assert.equal((await rsOf('web')).find((r) => r.image === 'nginx:1.28')?.replicas, 5);
  });

  test('Recreate: every old pod is gone before a new one is created', async () => {
    const doc = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'rec' }, spec: { replicas: 2, strategy: { type: 'Recreate' }, selector: { matchLabels: { app: 'rec' } }, template: { metadata: { labels: { app: 'rec' } }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } } } };
    await s.create(JSON.stringify(doc));
    assert.match(await s.k('rollout', 'status', 'deploy/rec', '--timeout=30s'), /successfully rolled out\n$/);
    const oldPods = (await s.k('get', 'pods', '-l', 'app=rec', '-o', 'jsonpath={.items[*].metadata.name}')).split(' ');
    await s.k('set', 'image', 'deploy/rec', 'c=busybox:2');
    assert.match(await s.k('rollout', 'status', 'deploy/rec', '--timeout=30s'), /successfully rolled out\n$/);
    // Every new pod was created after the last old pod was deleted (no overlap).
    const events = JSON.parse(await s.k('get', 'events', '-o', 'json')) as { items: { involvedObject: { name: string }; reason: string; firstTimestamp: string; message: string }[] };
    const created = events.items.filter((e) => e.reason === 'Scheduled' && e.involvedObject.name.startsWith('rec-') && !oldPods.includes(e.involvedObject.name));
    assert.equal(created.length, 2);
    const scaledDown = events.items.find((e) => e.reason === 'ScalingReplicaSet' && /Scaled down replica set rec-\S+ from 2 to 0/.test(e.message));
    assert.ok(scaledDown, 'old ReplicaSet scaled to 0');
    assert.match(await s.k('get', 'deploy', 'rec'), /rec\s+2\/2\s+2\s+2\s/);
  });
});
