// e2e: CEL validation rules (x-kubernetes-validations) through the real kubectl: rules compiled when a CRD is
// written (compile errors and cost limits refused with upstream's messages), evaluated on every write of its
// resources (messages, messageExpression, reason, fieldPath, transition rules with oldSelf), and
// prometheus-operator's CRD bundle (test/fixtures/crds/upstream/prometheus-operator/, with CEL rules in its
// schemas) applied server-side, Established, and its rules enforced.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const prometheusOperator = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'crds', 'upstream', 'prometheus-operator');

/** The CronTab of Kubernetes' CEL documentation, with more rules. */
const cronTab = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com', scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('cron-')", message: 'names start with cron-' }],
          properties: {
            spec: {
              type: 'object',
              'x-kubernetes-validations': [
                { rule: 'self.minReplicas <= self.replicas', message: 'replicas should be greater than or equal to minReplicas.' },
                { rule: 'self.replicas <= self.maxReplicas', messageExpression: "'replicas ' + string(self.replicas) + ' exceeds maxReplicas ' + string(self.maxReplicas)" },
                { rule: "!has(self.schedule) || self.schedule.matches('^(\\\\S+ ){4}\\\\S+$')", message: 'schedule has five fields', fieldPath: '.schedule', reason: 'FieldValueInvalid' },
              ],
              properties: {
                schedule: { type: 'string', maxLength: 64 },
                image: { type: 'string', maxLength: 256, 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'image is immutable' }] },
                replicas: { type: 'integer' },
                minReplicas: { type: 'integer' },
                maxReplicas: { type: 'integer' },
                tags: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 32 }, 'x-kubernetes-validations': [{ rule: 'self.all(t, t.lowerAscii() == t)', message: 'tags are lower case', reason: 'FieldValueForbidden' }] },
              },
            },
          },
        },
      },
    }],
  },
};

const crontab = (name: string, spec: Record<string, unknown>): string => JSON.stringify({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name }, spec });

describe('CEL validation rules through kubectl', { skip }, () => {
  let s: SkiffProcess;
  before(async () => {
    s = await startSkiff({ args: ['--disable-agent'] });
    await s.create(JSON.stringify(cronTab));
    await s.k('wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=20s');
  });
  after(async () => { await s?.stop(); });

  test('valid objects are created; each broken rule answers with its message, reason and field path', async () => {
    await s.create(crontab('cron-ok', { schedule: '*/5 * * * *', image: 'busybox', replicas: 2, minReplicas: 1, maxReplicas: 3, tags: ['a'] }));
    const bad = await s.kubectl(['create', '-f', '-'], { input: crontab('nightly', { schedule: 'never', image: 'busybox', replicas: 5, minReplicas: 6, maxReplicas: 3, tags: ['Loud'] }) });
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, [
      'The CronTab "nightly" is invalid: ',
      '* <nil>: Invalid value: "object": names start with cron-',
      '* spec: Invalid value: "object": replicas should be greater than or equal to minReplicas.',
      '* spec: Invalid value: "object": replicas 5 exceeds maxReplicas 3',
      '* spec.schedule: Invalid value: "object": schedule has five fields',
      '* spec.tags: Forbidden: tags are lower case',
      '',
    ].join('\n'));
  });

  test('a transition rule keeps a field immutable on update and does not apply on create', async () => {
    await s.create(crontab('cron-img', { image: 'busybox:1', replicas: 1, minReplicas: 1, maxReplicas: 1 }));
    const changed = await s.kubectl(['patch', 'crontab', 'cron-img', '--type=merge', '-p', '{"spec":{"image":"busybox:2"}}']);
    assert.equal(changed.code, 1);
    assert.equal(changed.stderr, 'The CronTab "cron-img" is invalid: spec.image: Invalid value: "string": image is immutable\n');
    assert.equal(await s.k('patch', 'crontab', 'cron-img', '--type=merge', '-p', '{"spec":{"replicas":1,"schedule":"0 0 * * *"}}'), 'crontab.stable.example.com/cron-img patched\n');
  });

  test('a CRD with a rule that does not compile, or can cost too much, is refused with upstream\'s messages', async () => {
    const broken = structuredClone(cronTab);
    broken.metadata.name = 'brokens.stable.example.com';
    broken.spec.names = { plural: 'brokens', singular: 'broken', kind: 'Broken', shortNames: [] };
    broken.spec.versions[0]!.schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'] = [{ rule: 'self.nope > 0', message: 'x' }];
    const refused = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify(broken) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^The CustomResourceDefinition "brokens\.stable\.example\.com" is invalid: spec\.validation\.openAPIV3Schema\.properties\[spec\]\.x-kubernetes-validations\[0\]\.rule: Invalid value: apiextensions\.ValidationRule\{Rule:"self\.nope > 0", Message:"x", .*\}: compilation failed: ERROR: <input>:1:6: undefined field 'nope'\n \| self\.nope > 0\n \| \.\.\.\.\.\^\n$/);
    const costly = structuredClone(cronTab);
    costly.metadata.name = 'costlies.stable.example.com';
    costly.spec.names = { plural: 'costlies', singular: 'costly', kind: 'Costly', shortNames: [] };
    const spec = costly.spec.versions[0]!.schema.openAPIV3Schema.properties.spec;
    spec.properties.tags = { type: 'array', items: { type: 'string' } } as typeof spec.properties.tags;
    spec['x-kubernetes-validations'] = [{ rule: "self.tags.all(a, self.tags.all(b, a.matches(b)))", message: 'x' }];
    const tooCostly = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify(costly) });
    assert.equal(tooCostly.code, 1);
    assert.match(tooCostly.stderr, /spec\.validation\.openAPIV3Schema\.properties\[spec\]\.x-kubernetes-validations\[0\]\.rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x \(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared\)/);
  });

  test('ratcheting: after the schema gets stricter, objects with old values can still be updated elsewhere', async () => {
    await s.create(crontab('cron-legacy', { image: 'a-very-long-image-name', replicas: 1, minReplicas: 1, maxReplicas: 1, tags: ['x'] }));
    // The CRD tightens: images of at most 8 characters, a new rule on tags.
    const stricter = structuredClone(cronTab);
    const props = stricter.spec.versions[0]!.schema.openAPIV3Schema.properties.spec.properties;
    props.image.maxLength = 8;
    props.tags['x-kubernetes-validations'] = [{ rule: 'self.size() <= 1', message: 'one tag at most', reason: 'FieldValueForbidden' }];
    const current = JSON.parse(await s.k('get', 'crd', 'crontabs.stable.example.com', '-o', 'json')) as { metadata: { resourceVersion: string } };
    const replaced = await s.kubectl(['replace', '-f', '-'], { input: JSON.stringify({ ...stricter, metadata: { ...stricter.metadata, resourceVersion: current.metadata.resourceVersion } }) });
    assert.equal(replaced.code, 0, replaced.stderr);
    // Unchanged invalid image: another field may change.
    assert.equal(await s.k('patch', 'crontab', 'cron-legacy', '--type=merge', '-p', '{"spec":{"schedule":"1 2 3 4 5"}}'), 'crontab.stable.example.com/cron-legacy patched\n');
    // A changed image must satisfy the new schema.
    const changed = await s.kubectl(['patch', 'crontab', 'cron-legacy', '--type=merge', '-p', '{"spec":{"tags":["x","y"]}}']);
    assert.equal(changed.code, 1);
    assert.equal(changed.stderr, 'The CronTab "cron-legacy" is invalid: spec.tags: Forbidden: one tag at most\n');
    assert.equal(await s.k('get', 'crontab', 'cron-legacy', '-o', 'jsonpath={.spec.image} {.spec.schedule}'), 'a-very-long-image-name 1 2 3 4 5');
  });

  test('prometheus-operator\'s CRD bundle applies server-side, its resources print their columns and its rules hold', async () => {
    const files = readdirSync(prometheusOperator).filter((f) => f.endsWith('.yaml')).sort();
    assert.equal(files.length, 10);
    const applied = await s.kubectl(['apply', '--server-side', '-f', prometheusOperator], { timeoutMs: 120_000 });
    assert.equal(applied.stderr, '');
    assert.equal(applied.stdout, files.map((f) => `customresourcedefinition.apiextensions.k8s.io/${f.replace(/^monitoring\.coreos\.com_/, '').replace(/\.yaml$/, '')}.monitoring.coreos.com serverside-applied\n`).join(''));
    await s.k('wait', '--for=condition=Established', '--timeout=60s', ...files.map((f) => `crd/${f.replace(/^monitoring\.coreos\.com_/, '').replace(/\.yaml$/, '')}.monitoring.coreos.com`));
    await s.create('apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: main\nspec:\n  version: v2.54.0\n  replicas: 2\n  serviceMonitorSelector:\n    matchLabels:\n      team: frontend\n');
    assert.match(await s.k('get', 'prometheus'), /^NAME\s+VERSION\s+DESIRED\s+READY\s+RECONCILED\s+AVAILABLE\s+AGE\nmain\s+v2\.54\.0\s+2\s+\S*\s*\d+s\n$/);
    // Defaults from the schema (shards: 1) and the rules' messages, as upstream's.
    assert.equal(await s.k('get', 'prometheus', 'main', '-o', 'jsonpath={.spec.shards}'), '1');
    const topology = await s.kubectl(['create', '-f', '-'], { input: 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: sharded\nspec:\n  shards: 1\n  shardingStrategy:\n    mode: Address\n    topology:\n      values: [a, b]\n' });
    assert.equal(topology.code, 1);
    assert.equal(topology.stderr, 'The Prometheus "sharded" is invalid: spec.shardingStrategy: Invalid value: "object": topology can only be defined when mode is set to \'Topology\'\n');
    const shards = await s.kubectl(['create', '-f', '-'], { input: 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: sharded\nspec:\n  shards: 1\n  shardingStrategy:\n    mode: Topology\n    topology:\n      values: [a, b]\n' });
    assert.equal(shards.code, 1);
    assert.equal(shards.stderr, 'The Prometheus "sharded" is invalid: spec: Invalid value: "object": shards must be greater than or equal to the number of topology values when sharding strategy mode is Topology\n');
    await s.create('apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\n  labels:\n    team: frontend\nspec:\n  selector:\n    matchLabels:\n      app: web\n  endpoints:\n  - port: http\n    interval: 30s\n');
    assert.match(await s.k('get', 'servicemonitors'), /^NAME\s+AGE\nweb\s+\d+s\n$/);
    assert.match(await s.k('explain', 'prometheus.spec.shardingStrategy'), /FIELD: shardingStrategy <Object>/);
  });
});
