// e2e with the real node agent (runc, as root) next to two simulated nodes: a DaemonSet puts one pod on each
// of the three nodes (the real one runs it under runc), then `kubectl set image` rolls it to another image,
// which the real node's container really runs, and `rollout undo` brings the first image back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SkiffProcess } from '../support/skiff-process.js';
import type { TestImages } from '../support/test-images.js';
import { registryNodeSkip, startRegistryNode, type RegistryNode } from '../support/registry-node.js';
import { eventually } from '../support/eventually.js';

const skip = registryNodeSkip('DaemonSet e2e on the runc node');

const node = 'ds-real-node';

describe('a DaemonSet on the runc node and two simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  let images: TestImages;
  let cluster: RegistryNode | undefined;
  before(async () => {
    cluster = await startRegistryNode(node, ['--simulated-nodes', '2']);
    ({ s, images } = cluster);
  });
  after(async () => { await cluster?.stop(); });

  const realPod = async (): Promise<string> => {
    const out = await s.k('get', 'pods', '-l', 'app=agent', '--field-selector', `spec.nodeName=${node}`, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{"\\n"}{end}');
    const live = out.split('\n').filter((l) => l.trim() && l.trim().split(' ').length === 1);
    assert.equal(live.length, 1, out);
    return live[0]!.trim();
  };

  test('one pod per node; the real node runs its container; set image rolls all three; undo rolls back', async () => {
    await s.create(JSON.stringify({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          // Both test images are busybox underneath; only the nginx one has /usr/share/nginx/html.
          spec: { containers: [{ name: 'c', image: images.nginx, command: ['sh', '-c', 'echo "running on $(hostname)"; exec sleep 3600'] }], terminationGracePeriodSeconds: 1 },
        },
      },
    }));
    const status = await s.kubectl(['rollout', 'status', 'ds/agent', '--timeout=120s'], { timeoutMs: 130_000 });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /daemon set "agent" successfully rolled out/);
    assert.match(await s.k('get', 'ds', 'agent', '--no-headers'), /^agent\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\S+\s*$/);
    const nodes = (await s.k('get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}')).split(' ').sort();
    assert.deepEqual(nodes, [node, 'node-1', 'node-2'].sort());
    const first = await realPod();
    assert.equal(await s.k('logs', first), `running on ${first}\n`);
    assert.equal(await s.k('exec', first, '--', 'cat', '/usr/share/nginx/html/index.html'), 'Welcome to nginx!\n');

    assert.equal(await s.k('set', 'image', 'ds/agent', `c=${images.busybox}`), 'daemonset.apps/agent image updated\n');
    const rolled = await s.kubectl(['rollout', 'status', 'ds/agent', '--timeout=120s'], { timeoutMs: 130_000 });
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.deepEqual((await s.k('get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.containers[0].image}')).split(' '), [images.busybox, images.busybox, images.busybox]);
    // The real node's new container runs the new image: its files are busybox's, not the nginx image's.
    const second = await realPod();
    assert.notEqual(second, first);
    await eventually(async () => assert.equal(await s.k('get', 'pod', second, '-o', 'jsonpath={.status.phase}'), 'Running'), { timeoutMs: 30_000 });
    const missing = await s.kubectl(['exec', second, '--', 'cat', '/usr/share/nginx/html/index.html']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /No such file or directory/);
    assert.match(await s.k('rollout', 'history', 'ds/agent'), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);

    assert.match(await s.k('rollout', 'undo', 'ds/agent'), /daemonset.apps\/agent rolled back/);
    const undone = await s.kubectl(['rollout', 'status', 'ds/agent', '--timeout=120s'], { timeoutMs: 130_000 });
    assert.equal(undone.code, 0, undone.stderr);
    const third = await realPod();
    await eventually(async () => assert.equal(await s.k('exec', third, '--', 'cat', '/usr/share/nginx/html/index.html'), 'Welcome to nginx!\n'), { timeoutMs: 30_000 });
  });
});
