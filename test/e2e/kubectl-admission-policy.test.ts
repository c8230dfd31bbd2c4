// e2e: ValidatingAdmissionPolicy and its binding through the real kubectl, after Kubernetes' "Validating
// Admission Policy" documentation: the demo policy on Deployments bound by namespace labels (Deny), a ConfigMap
// paramKind with paramRef, messageExpression, Warn (a kubectl warning, the object created), Audit (the
// validation_failure annotation in the audit log) and auditAnnotations, a policy that does not compile (422),
// and the NAME VALIDATIONS PARAMKIND / NAME POLICYNAME PARAMREF columns.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlAvailable, startSkiff, yamlStream, type SkiffProcess } from '../support/skiff-process.js';
import { eventually } from '../support/eventually.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: Metadata
    resources: [{ group: "apps", resources: ["deployments"] }]
`;

const deploymentRules = [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }];

function policy(name: string, spec: Record<string, unknown>): object {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name }, spec: { matchConstraints: { resourceRules: deploymentRules }, ...spec } };
}

function binding(name: string, spec: Record<string, unknown>): object {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec };
}

function deployment(name: string, namespace: string, replicas: number, labels: Record<string, string> = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
}

describe('ValidatingAdmissionPolicy through kubectl', { skip }, () => {
  let s: SkiffProcess;
  const dir = mkdtempSync(join(tmpdir(), 'skiff-vap-e2e-'));
  const log = join(dir, 'audit.log');
  before(async () => {
    writeFileSync(join(dir, 'audit-policy.yaml'), auditPolicy);
    s = await startSkiff({ args: ['--disable-agent', '--audit-policy-file', join(dir, 'audit-policy.yaml'), '--audit-log-path', log] });
    for (const ns of ['test', 'params', 'warn', 'audit']) await s.k('create', 'namespace', ns);
    await s.k('label', 'namespace', 'test', 'environment=test');
  });
  after(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the documentation\'s demo policy denies a Deployment over 5 replicas in a namespace its binding selects', async () => {
    await s.create(yamlStream([
      policy('demo-policy.example.com', { failurePolicy: 'Fail', validations: [{ expression: 'object.spec.replicas <= 5' }] }),
      binding('demo-binding-test.example.com', { policyName: 'demo-policy.example.com', validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { environment: 'test' } } } }),
    ]));
    await eventually(async () => {
      const denied = await s.kubectl(['create', '-f', '-'], { input: deployment('nginx', 'test', 6) });
      assert.equal(denied.code, 1);
      assert.equal(denied.stderr, 'The deployments "nginx" is invalid: : ValidatingAdmissionPolicy \'demo-policy.example.com\' with binding \'demo-binding-test.example.com\' denied request: failed expression: object.spec.replicas <= 5\n');
    }, { timeoutMs: 10_000 });
    await s.create(deployment('nginx', 'test', 5));
    // Namespaces the binding does not select are not checked.
    await s.create(deployment('nginx', 'default', 6));
    // UPDATE is checked too (the rule names deployments, not deployments/scale, so kubectl scale would pass).
    const patched = await s.kubectl(['patch', 'deployment', 'nginx', '-n', 'test', '--type=merge', '-p', '{"spec":{"replicas":7}}']);
    assert.equal(patched.code, 1);
    assert.match(patched.stderr, /denied request: failed expression: object\.spec\.replicas <= 5/);
    const listed = await s.k('get', 'validatingadmissionpolicies');
    assert.match(listed, /^NAME\s+VALIDATIONS\s+PARAMKIND\s+AGE\ndemo-policy\.example\.com\s+1\s+<unset>\s+\d+s\n$/);
    const bindings = await s.k('get', 'validatingadmissionpolicybindings');
    assert.match(bindings, /^NAME\s+POLICYNAME\s+PARAMREF\s+AGE\ndemo-binding-test\.example\.com\s+demo-policy\.example\.com\s+<unset>\s+\d+s\n$/);
  });

  test('a ConfigMap paramKind: the binding\'s paramRef supplies the limit; a missing param denies with Deny', async () => {
    await s.k('create', 'configmap', 'replica-limit', '-n', 'params', '--from-literal=maxReplicas=3');
    await s.create(yamlStream([
      policy('replica-limit.example.com', {
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        validations: [{ expression: 'object.spec.replicas <= int(params.data.maxReplicas)', messageExpression: "'replicas must be no greater than ' + params.data.maxReplicas", reason: 'Forbidden' }],
      }),
      binding('replica-limit-params.example.com', {
        policyName: 'replica-limit.example.com', validationActions: ['Deny'],
        paramRef: { name: 'replica-limit', namespace: 'params', parameterNotFoundAction: 'Deny' },
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'params' } } },
      }),
    ]));
    await eventually(async () => {
      const denied = await s.kubectl(['create', '-f', '-'], { input: deployment('web', 'params', 4) });
      assert.equal(denied.code, 1);
      assert.equal(denied.stderr, 'Error from server (Forbidden): error when creating "STDIN": deployments.apps "web" is forbidden: ValidatingAdmissionPolicy \'replica-limit.example.com\' with binding \'replica-limit-params.example.com\' denied request: replicas must be no greater than 3\n');
    }, { timeoutMs: 10_000 });
    await s.create(deployment('web', 'params', 3));
    assert.match(await s.k('get', 'validatingadmissionpolicybindings', 'replica-limit-params.example.com'), /replica-limit\.example\.com\s+params\/replica-limit\s+/);
    await s.k('delete', 'configmap', 'replica-limit', '-n', 'params');
    await eventually(async () => {
      const missing = await s.kubectl(['create', '-f', '-'], { input: deployment('web2', 'params', 1) });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction/);
    }, { timeoutMs: 10_000 });
  });

  test('Warn: kubectl prints the warning and the Deployment is created', async () => {
    await s.create(yamlStream([
      policy('warn-policy.example.com', { validations: [{ expression: "has(object.metadata.labels) && 'team' in object.metadata.labels", message: 'deployments should carry a team label' }] }),
      binding('warn-binding.example.com', { policyName: 'warn-policy.example.com', validationActions: ['Warn'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'warn' } } } }),
    ]));
    await eventually(async () => {
      const name = `w-${Date.now()}`;
      const out = await s.kubectl(['create', '-f', '-'], { input: deployment(name, 'warn', 1) });
      assert.equal(out.code, 0);
      assert.equal(out.stderr, 'Warning: Validation failed for ValidatingAdmissionPolicy \'warn-policy.example.com\' with binding \'warn-binding.example.com\': deployments should carry a team label\n');
      assert.equal(out.stdout, `deployment.apps/${name} created\n`);
    }, { timeoutMs: 10_000 });
  });

  test('Audit and auditAnnotations: the request is allowed and its audit event carries the annotations', async () => {
    await s.create(yamlStream([
      policy('audit-policy.example.com', {
        validations: [{ expression: 'object.spec.replicas <= 2' }],
        auditAnnotations: [{ key: 'high-replica-count', valueExpression: "object.spec.replicas > 2 ? 'Deployment spec.replicas set to ' + string(object.spec.replicas) : ''" }],
      }),
      binding('audit-binding.example.com', { policyName: 'audit-policy.example.com', validationActions: ['Audit'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'audit' } } } }),
    ]));
    await eventually(async () => {
      const name = `a-${Date.now()}`;
      await s.create(deployment(name, 'audit', 4));
      const events = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { verb: string; objectRef?: { name?: string }; annotations?: Record<string, string> });
      const created = events.find((e) => e.verb === 'create' && e.objectRef?.name === name);
      assert.ok(created, 'the audit event of the create');
      assert.deepEqual(JSON.parse(created.annotations?.['validation.policy.admission.k8s.io/validation_failure'] ?? 'null'), [{
        message: 'failed expression: object.spec.replicas <= 2', policy: 'audit-policy.example.com', binding: 'audit-binding.example.com', expressionIndex: 0, validationActions: ['Audit'],
      }]);
      assert.equal(created.annotations?.['audit-policy.example.com/high-replica-count'], 'Deployment spec.replicas set to 4');
    }, { timeoutMs: 10_000 });
  });

  test('a policy whose expression does not compile is refused with a 422 naming the field', async () => {
    const out = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify(policy('broken.example.com', { validations: [{ expression: 'object.spec.replicas <=' }, { expression: 'object.spec' }] })) });
    assert.equal(out.code, 1);
    assert.equal(out.stderr, [
      'The ValidatingAdmissionPolicy "broken.example.com" is invalid: ',
      '* spec.validations[0].expression: Invalid value: "object.spec.replicas <=": compilation failed: ERROR: <input>:1:24: Syntax error: unexpected token: EOF',
      ' | object.spec.replicas <=',
      ' | .......................^',
      '* spec.validations[1].expression: Invalid value: "object.spec": must evaluate to bool',
      '',
    ].join('\n'));
    const actions = await s.kubectl(['create', '-f', '-'], { input: JSON.stringify(binding('b.example.com', { policyName: 'demo-policy.example.com', validationActions: ['Deny', 'Warn'] })) });
    assert.equal(actions.code, 1);
    assert.match(actions.stderr, /spec\.validationActions: Invalid value: \[\]admissionregistration\.ValidationAction\{"Deny", "Warn"\}: must not contain both Deny and Warn/);
  });
});
