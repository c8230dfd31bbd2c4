// e2e: resource metrics and the HPA through kubectl on simulated nodes, whose pods "use" the CPU and memory
// their skiff.io/simulate-cpu / -memory annotations say: kubectl top node/pod, seed 003's php-apache
// Deployment with `kubectl autoscale --cpu-percent=50`, TARGETS above 50%, scaling up to the maximum, then
// down once the usage drops (the test shortens the downscale stabilization with the controller's flag).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const phpApache = JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'php-apache' },
  spec: {
    selector: { matchLabels: { run: 'php-apache' } },
    template: {
      metadata: { labels: { run: 'php-apache' }, annotations: { 'skiff.io/simulate-cpu': '300m', 'skiff.io/simulate-memory': '40Mi' } },
      spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } } }] },
    },
  },
});

describe('kubectl top and the HPA on simulated nodes', { skip }, () => {
  let s: SkiffProcess;
  before(async () => {
    s = await startSkiff({ args: ['--simulated-nodes', '2', '--metric-resolution', '2s', '--horizontal-pod-autoscaler-sync-period', '2s', '--horizontal-pod-autoscaler-downscale-stabilization', '4s'] });
  });
  after(async () => { await s?.stop(); });
  const jp = (what: string, path: string): Promise<string> => s.k('get', ...what.split(' '), '-o', `jsonpath=${path}`);

  test('metrics.k8s.io is in discovery and kubectl top node lists both nodes', async () => {
    assert.match(await s.k('api-resources', '--api-group=metrics.k8s.io'), /nodes\s+metrics\.k8s\.io\/v1beta1\s+false\s+NodeMetrics\npods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics\n/);
    await eventually(async () => {
      const top = await s.k('top', 'node');
      assert.match(top, /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*\nnode-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*\nnode-2\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*\n$/);
    }, { timeoutMs: 20_000, intervalMs: 500 });
  });

  test('seed 003: kubectl autoscale at 50% of 200m scales php-apache (each pod using 300m) up to the maximum', async () => {
    await s.create(phpApache);
    await eventually(async () => assert.match(await s.k('top', 'pod', '-l', 'run=php-apache'), /php-apache-\S+\s+300m\s+40Mi/), { timeoutMs: 20_000, intervalMs: 500 });
    assert.equal(await s.k('autoscale', 'deployment', 'php-apache', '--cpu-percent=50', '--min=1', '--max=4'), 'horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'php-apache', '--no-headers'), /^php-apache\s+Deployment\/php-apache\s+cpu: 150%\/50%\s+1\s+4\s+4\s+\S+\s*$/), { timeoutMs: 40_000, intervalMs: 500 });
    assert.equal(await jp('deployment php-apache', '{.spec.replicas}'), '4');
    const d = await s.k('describe', 'hpa', 'php-apache');
    assert.match(d, /Normal\s+SuccessfulRescale\s+.*horizontal-pod-autoscaler\s+New size: 3; reason: cpu resource utilization \(percentage of request\) above target/);
    assert.match(d, /ScalingLimited\s+True\s+TooManyReplicas\s+the desired replica count is more than the maximum replica count/);
    assert.equal(await jp('hpa php-apache', '{.status.currentMetrics[0].resource.current.averageUtilization} {.status.currentMetrics[0].resource.current.averageValue}'), '150 300m');
  });

  test('once the pods use 20m the HPA scales back to one replica', async () => {
    await s.k('annotate', 'pods', '-l', 'run=php-apache', 'skiff.io/simulate-cpu=20m', '--overwrite');
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'php-apache', '--no-headers'), /cpu: 10%\/50%\s+1\s+4\s+1\s/), { timeoutMs: 60_000, intervalMs: 500 });
    assert.match(await s.k('describe', 'hpa', 'php-apache'), /New size: 1; reason: All metrics below target/);
    await eventually(async () => assert.equal((await s.k('get', 'pods', '-l', 'run=php-apache', '--no-headers')).trim().split('\n').length, 1), { timeoutMs: 30_000 });
  });

  test('kubectl top pod --containers, -A and --sort-by', async () => {
    const containers = await s.k('top', 'pod', '-l', 'run=php-apache', '--containers');
    assert.match(containers, /^POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\nphp-apache-\S+\s+php-apache\s+20m\s+40Mi\s*\n$/);
    await s.k('run', 'big', '--image=busybox', '--annotations=skiff.io/simulate-cpu=900m', '--annotations=skiff.io/simulate-memory=1Gi');
    await eventually(async () => {
      const sorted = await s.k('top', 'pod', '-A', '--sort-by=cpu');
      assert.match(sorted, /^NAMESPACE\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\ndefault\s+big\s+900m\s+1024Mi\s*\ndefault\s+php-apache-\S+\s+20m\s+40Mi\s*\n$/);
    }, { timeoutMs: 20_000, intervalMs: 500 });
    const missing = await s.kubectl(['top', 'pod', 'nope']);
    assert.match(missing.stderr, /podmetrics\.metrics\.k8s\.io "default\/nope" not found/);
  });

  const deployment = (name: string, annotations: Record<string, string>): string => JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name }, annotations }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  });
  const hpaV2 = (name: string, metrics: object[]): string => JSON.stringify({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 1, maxReplicas: 3, metrics, behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } },
  });

  test('custom metrics: a Pods metric (packets_per_second) and an Object metric on a Service drive scale up and down', async () => {
    await s.create(deployment('pps', { 'skiff.io/simulate-metrics': 'packets_per_second=2500, requests_per_second=100' }));
    await s.create(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'pps' }, spec: { selector: { app: 'pps' }, ports: [{ port: 80 }] } }));
    await eventually(async () => {
      const raw = JSON.parse(await s.k('get', '--raw', '/apis/custom.metrics.k8s.io/v1beta2/namespaces/default/pods/*/packets_per_second')) as { kind: string; items: { describedObject: { kind: string }; value: string }[] };
      assert.equal(raw.kind, 'MetricValueList');
      assert.deepEqual(raw.items.map((i) => [i.describedObject.kind, i.value]), [['Pod', '2500']]);
    }, { timeoutMs: 20_000, intervalMs: 500 });
    await s.create(hpaV2('pps', [
      { type: 'Pods', pods: { metric: { name: 'packets_per_second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
      { type: 'Object', object: { metric: { name: 'requests_per_second' }, describedObject: { apiVersion: 'v1', kind: 'Service', name: 'pps' }, target: { type: 'Value', value: '5k' } } },
    ]));
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'pps', '--no-headers'), /^pps\s+Deployment\/pps\s+2500\/1k, \d+\/5k\s+1\s+3\s+3\s/), { timeoutMs: 40_000, intervalMs: 500 });
    assert.match(await s.k('describe', 'hpa', 'pps'), /New size: 3; reason: pods metric packets_per_second above target/);
    // Down: both metrics low.
    await s.k('annotate', 'pods', '-l', 'app=pps', 'skiff.io/simulate-metrics=packets_per_second=100, requests_per_second=100', '--overwrite');
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'pps', '--no-headers'), /\s1\s+3\s+1\s+\S+\s*$/), { timeoutMs: 40_000, intervalMs: 500 });
    // Up again, this time by the Service's summed requests_per_second (6000 against a 5k Value target).
    await s.k('annotate', 'pods', '-l', 'app=pps', 'skiff.io/simulate-metrics=packets_per_second=100, requests_per_second=6000', '--overwrite');
    await eventually(async () => assert.match(await s.k('describe', 'hpa', 'pps'), /reason: Service metric requests_per_second above target/), { timeoutMs: 40_000, intervalMs: 500 });
    assert.notEqual(await jp('deployment pps', '{.spec.replicas}'), '1');
  });

  test('external metrics pushed as a labelled ConfigMap drive an External metric', async () => {
    await s.create(deployment('worker', {}));
    await s.k('create', 'configmap', 'queue', '--from-literal=queue_messages_ready=90');
    await s.k('label', 'configmap', 'queue', 'metrics.skiff.io/external=true', 'queue=jobs');
    const raw = JSON.parse(await s.k('get', '--raw', '/apis/external.metrics.k8s.io/v1beta1/namespaces/default/queue_messages_ready?labelSelector=queue%3Djobs')) as { items: { metricName: string; metricLabels: Record<string, string>; value: string }[] };
    assert.deepEqual(raw.items.map((i) => [i.metricName, i.metricLabels, i.value]), [['queue_messages_ready', { queue: 'jobs' }, '90']]);
    await s.create(hpaV2('worker', [{ type: 'External', external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } } }]));
    await eventually(async () => assert.equal(await jp('deployment worker', '{.spec.replicas}'), '3'), { timeoutMs: 40_000, intervalMs: 500 });
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'worker', '--no-headers'), /^worker\s+Deployment\/worker\s+30\/30 \(avg\)\s+1\s+3\s+3\s/), { timeoutMs: 20_000, intervalMs: 500 });
    await s.k('patch', 'configmap', 'queue', '-p', '{"data":{"queue_messages_ready":"5"}}');
    await eventually(async () => assert.equal(await jp('deployment worker', '{.spec.replicas}'), '1'), { timeoutMs: 40_000, intervalMs: 500 });
  });

  test('an HPA scales a StatefulSet through its /scale; before any metric TARGETS reads <unknown>', async () => {
    await s.create(JSON.stringify({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: {
        serviceName: 'db', replicas: 1, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' }, annotations: { 'skiff.io/simulate-cpu': '450m' } }, spec: { containers: [{ name: 'db', image: 'postgres', resources: { requests: { cpu: '300m' } } }] } },
      },
    }));
    assert.equal(await s.k('autoscale', 'statefulset', 'db', '--cpu-percent=50', '--min=1', '--max=3'), 'horizontalpodautoscaler.autoscaling/db autoscaled\n');
    assert.match(await s.k('get', 'hpa', 'db', '--no-headers'), /^db\s+StatefulSet\/db\s+cpu: (<unknown>|\d+%)\/50%\s+1\s+3\s/);
    await eventually(async () => assert.equal(await jp('statefulset db', '{.spec.replicas}'), '3'), { timeoutMs: 40_000, intervalMs: 500 });
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'db', '--no-headers'), /cpu: 150%\/50%\s+1\s+3\s+3\s/), { timeoutMs: 20_000, intervalMs: 500 });
  });
});
