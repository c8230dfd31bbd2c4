// e2e with the real node agent (runc, as root): seed 003's HPA walkthrough end to end. The php-apache
// Deployment (a rebuilt hpa-example: busybox httpd whose index is a CGI script spinning the CPU) behind its
// Service, `kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=4`, a busybox load
// generator `wget`-ing http://php-apache in a loop, REPLICAS above 1 with `kubectl get hpa` above 50%, then back
// to one replica once the load stops (the test shortens the scale-down window through `behavior`). Also
// `kubectl top` on the real node.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import type { TestImages } from '../support/test-images.js';
import { registryNodeSkip, startRegistryNode, type RegistryNode } from '../support/registry-node.js';
import { eventually } from '../support/eventually.js';

const skip = registryNodeSkip('HPA e2e on the runc node');

const node = 'hpa-node';

describe('seed 003 HPA walkthrough on the runc node', { skip }, () => {
  let s: SkiffProcess;
  let images: TestImages;
  let cluster: RegistryNode | undefined;
  before(async () => {
    cluster = await startRegistryNode(node, ['--metric-resolution', '5s', '--horizontal-pod-autoscaler-sync-period', '5s']);
    ({ s, images } = cluster);
  });
  after(async () => { await cluster?.stop(); });

  test('kubectl autoscale, a load generator: php-apache grows above one replica over 50%, and shrinks back to one', async () => {
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'php-apache' },
      spec: {
        selector: { matchLabels: { run: 'php-apache' } },
        template: {
          metadata: { labels: { run: 'php-apache' } },
          spec: { containers: [{ name: 'php-apache', image: images.hpaExample, ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } } }] },
        },
      },
    };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'php-apache', labels: { run: 'php-apache' } }, spec: { ports: [{ port: 80 }], selector: { run: 'php-apache' } } };
    await s.create(yamlStream([deployment, service]));
    await s.k('rollout', 'status', 'deployment/php-apache', '--timeout=90s');
    assert.equal(await s.k('autoscale', 'deployment', 'php-apache', '--cpu-percent=50', '--min=1', '--max=4'), 'horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    // kubectl autoscale makes an autoscaling/v1 HPA; the shorter scale-down window goes in through v2's behavior.
    await s.k('patch', 'hpa', 'php-apache', '--type=merge', '-p', '{"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":5}}}}');
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'php-apache', '--no-headers'), /^php-apache\s+Deployment\/php-apache\s+cpu: \d+%\/50%\s+1\s+4\s+1\s/), { timeoutMs: 60_000, intervalMs: 1000 });

    await s.k('run', 'load-generator', `--image=${images.busybox}`, '--restart=Never', '--', '/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done');
    let highest = 0;
    await eventually(async () => {
      const line = await s.k('get', 'hpa', 'php-apache', '--no-headers');
      const m = /cpu: (\d+)%\/50%\s+1\s+4\s+(\d+)\s/.exec(line);
      assert.ok(m, line);
      highest = Math.max(highest, Number(m[1]));
      assert.ok(Number(m[2]) > 1, `still ${m[2]} replica(s): ${line}`);
    }, { timeoutMs: 120_000, intervalMs: 1000 });
    assert.ok(highest > 50, `utilization above the 50% target while loaded (saw ${highest}%)`);
    assert.match(await s.k('describe', 'hpa', 'php-apache'), /SuccessfulRescale\s+.*New size: \d; reason: cpu resource utilization \(percentage of request\) above target/);
    assert.match(await s.k('get', 'deployment', 'php-apache', '--no-headers'), /^php-apache\s+\d\/[2-4]\s/);
    const top = await s.k('top', 'pod', '-l', 'run=php-apache');
    assert.match(top, /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\nphp-apache-\S+\s+\d+m\s+\d+Mi/);
    assert.match(await s.k('top', 'node'), new RegExp(`^NAME\\s+CPU\\(cores\\)\\s+CPU\\(%\\)\\s+MEMORY\\(bytes\\)\\s+MEMORY\\(%\\)\\s*\\n${node}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`));

    await s.k('delete', 'pod', 'load-generator', '--wait=false');
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'php-apache', '--no-headers'), /cpu: \d+%\/50%\s+1\s+4\s+1\s/), { timeoutMs: 150_000, intervalMs: 1000 });
    assert.match(await s.k('describe', 'hpa', 'php-apache'), /New size: 1; reason: All metrics below target/);
  });

  test('seed 003 v2 shape: a Pods metric from pods serving /metrics and an Object metric on their Service scale up and down', async () => {
    const metricsText = (pps: number, rps: number): string => `# TYPE packets_per_second gauge\npackets_per_second ${pps}\n# TYPE requests_per_second gauge\nrequests_per_second ${rps}\n`;
    const setMetrics = (pps: number, rps: number): Promise<string> => s.k('patch', 'configmap', 'app-metrics', '--type=merge', '-p', JSON.stringify({ data: { metrics: metricsText(pps, rps) } }));
    await s.create(yamlStream([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-metrics' }, data: { metrics: metricsText(2500, 100) } },
      {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app' },
        spec: {
          selector: { matchLabels: { app: 'app' } },
          template: {
            metadata: { labels: { app: 'app' }, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' } },
            spec: {
              containers: [{ name: 'app', image: images.busybox, command: ['httpd', '-f', '-p', '8080', '-h', '/www'], ports: [{ containerPort: 8080 }], volumeMounts: [{ name: 'www', mountPath: '/www' }] }],
              volumes: [{ name: 'www', configMap: { name: 'app-metrics' } }],
            },
          },
        },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app' }, spec: { selector: { app: 'app' }, ports: [{ port: 8080 }] } },
      {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'app' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app' }, minReplicas: 1, maxReplicas: 3,
          metrics: [
            { type: 'Pods', pods: { metric: { name: 'packets_per_second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
            { type: 'Object', object: { metric: { name: 'requests_per_second' }, describedObject: { apiVersion: 'v1', kind: 'Service', name: 'app' }, target: { type: 'Value', value: '5k' } } },
          ],
          behavior: { scaleDown: { stabilizationWindowSeconds: 0 } },
        },
      },
    ]));
    // 2500 packets/s per pod against 1k: up to the maximum of 3.
    await eventually(async () => assert.match(await s.k('get', 'hpa', 'app', '--no-headers'), /^app\s+Deployment\/app\s+2500\/1k, \d+\/5k\s+1\s+3\s+3\s/), { timeoutMs: 120_000, intervalMs: 1000 });
    assert.match(await s.k('describe', 'hpa', 'app'), /reason: pods metric packets_per_second above target/);
    // Both low: back to one.
    await setMetrics(100, 100);
    await eventually(async () => assert.equal(await s.k('get', 'deployment', 'app', '-o', 'jsonpath={.spec.replicas}'), '1'), { timeoutMs: 120_000, intervalMs: 1000 });
    // The Service's summed requests_per_second (6000 from one pod, against 5k): up again.
    await setMetrics(100, 6000);
    await eventually(async () => assert.match(await s.k('describe', 'hpa', 'app'), /reason: Service metric requests_per_second above target/), { timeoutMs: 120_000, intervalMs: 1000 });
    assert.notEqual(await s.k('get', 'deployment', 'app', '-o', 'jsonpath={.spec.replicas}'), '1');
  });
});
