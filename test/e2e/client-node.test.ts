// e2e: the official JavaScript client (@kubernetes/client-node) against a started `skiff server`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

describe('@kubernetes/client-node against skiff server', () => {
  let s: SkiffProcess;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;
  before(async () => {
    s = await startSkiff();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(s.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
  });
  after(async () => { await s?.stop(); });

  test('createNamespacedConfigMap() and listNamespacedConfigMap() round-trip with a label selector', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg', labels: { app: 'x' } }, data: { a: '1' } } });
    assert.equal(created.metadata?.name, 'cfg');
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.match(created.metadata?.resourceVersion ?? '', /^\d+$/);
    const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=x' });
    assert.deepEqual(list.items.map((i) => i.metadata?.name), ['cfg']);
    const none = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=y' });
    assert.equal(none.items.length, 0);
  });

  test('patchNamespacedConfigMap() with a merge patch and a strategic patch', async () => {
    const merged = await core.patchNamespacedConfigMap({ name: 'cfg', namespace: 'default', body: { data: { b: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    assert.deepEqual(merged.data, { a: '1', b: '2' });
    await apps.createNamespacedDeployment({ namespace: 'default', body: {
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'busybox', env: [{ name: 'A', value: '1' }] }] } } },
    } });
    const patched = await apps.patchNamespacedDeployment({ name: 'd', namespace: 'default', body: { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'B', value: '2' }] }] } } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
    // Upstream mergeSortedSlice: without $setElementOrder a new patch item sorts before server-only items.
    assert.deepEqual(JSON.parse(JSON.stringify(patched.spec?.template.spec?.containers[0]?.env)), [{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
    assert.equal(patched.spec?.strategy?.type, 'RollingUpdate');
    assert.equal(patched.metadata?.generation, 2);
  });

  test('Watch delivers ADDED, MODIFIED and DELETED events', async () => {
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const ctrl = await watch.watch('/api/v1/namespaces/default/configmaps', { resourceVersion: list.metadata?.resourceVersion }, (type, obj: k8s.V1ConfigMap) => {
      events.push(`${type} ${obj.metadata?.name ?? ''}`);
    }, () => undefined);
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'w1' } } });
      await core.patchNamespacedConfigMap({ name: 'w1', namespace: 'default', body: { data: { x: 'y' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
      await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'default' });
      await eventually(() => assert.deepEqual(events, ['ADDED w1', 'MODIFIED w1', 'DELETED w1']), { timeoutMs: 10_000 });
    } finally {
      ctrl.abort();
    }
  });

  test('errors come back as ApiException with the Status body', async () => {
    await assert.rejects(core.readNamespacedConfigMap({ name: 'missing', namespace: 'default' }), (e: unknown) => {
      assert.ok(e instanceof k8s.ApiException);
      assert.equal(e.code, 404);
      const body = JSON.parse(String(e.body)) as { reason: string; message: string };
      assert.equal(body.reason, 'NotFound');
      assert.equal(body.message, 'configmaps "missing" not found');
      return true;
    });
  });
});
