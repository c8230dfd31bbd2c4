// e2e: custom resources in OpenAPI through the real kubectl. `kubectl explain` reads a CRD's schema from
// /openapi/v3 (fields, descriptions, --recursive), a changed CRD changes what it prints, and kubectl's validation
// finds the kind's PATCH operation there: apply and create under the default strict validation are checked
// server-side (an unknown field refused, as upstream kubectl 1.32 does), client-side apply patches with a merge patch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlAvailable, startSkiff, type SkiffProcess } from '../support/skiff-process.js';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';

function cronTabCrd(replicasDescription: string): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com', scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object', description: 'CronTab runs a command on a schedule.',
            properties: {
              spec: {
                type: 'object', description: 'What to run and when.', required: ['cronSpec'],
                properties: {
                  cronSpec: { type: 'string', description: 'The schedule, in cron format.' },
                  image: { type: 'string', description: 'The container image to run.' },
                  replicas: { type: 'integer', description: replicasDescription, minimum: 1 },
                  port: { 'x-kubernetes-int-or-string': true, description: 'A port, by number or name.' },
                },
              },
              status: { type: 'object', properties: { lastRun: { type: 'string', format: 'date-time' } } },
            },
          },
        },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
      }],
    },
  };
}

describe('custom resources in OpenAPI through kubectl', { skip }, () => {
  let s: SkiffProcess;
  before(async () => {
    s = await startSkiff({ args: ['--disable-agent'] });
    await s.create(JSON.stringify(cronTabCrd('How many jobs to run at once.')));
    await s.k('wait', '--for=condition=Established', 'crd/crontabs.stable.example.com', '--timeout=20s');
  });
  after(async () => { await s?.stop(); });

  test('kubectl explain crontab.spec prints the schema\'s fields and descriptions', async () => {
    const out = await s.k('explain', 'crontab.spec');
    assert.match(out, /^GROUP:\s+stable\.example\.com\nKIND:\s+CronTab\nVERSION:\s+v1\n\nFIELD: spec <Object>\n+DESCRIPTION:\n\s+What to run and when\.\n/);
    assert.match(out, /\n {2}cronSpec\t<string> -required-\n {4}The schedule, in cron format\.\n/);
    assert.match(out, /\n {2}replicas\t<integer>\n {4}How many jobs to run at once\.\n/);
    const top = await s.k('explain', 'crontabs');
    assert.match(top, /DESCRIPTION:\n\s+CronTab runs a command on a schedule\.\n/);
    assert.match(top, /\n {2}metadata\t<ObjectMeta>\n {4}Standard object's metadata\./);
    assert.match(top, /\n {2}apiVersion\t<string>\n {4}APIVersion defines the versioned schema/);
  });

  test('kubectl explain crontabs --recursive lists every field, metadata\'s included', async () => {
    const out = await s.k('explain', 'crontabs', '--recursive');
    assert.match(out, /\n {2}spec\t<Object>\n {4}cronSpec\t<string> -required-\n {4}image\t<string>\n {4}port\t<[^>]+>\n {4}replicas\t<integer>\n {2}status\t<Object>\n {4}lastRun\t<string>\n/);
    assert.match(out, /\n {4}ownerReferences\t<\[\]OwnerReference>\n/);
  });

  test('a changed CRD schema is what kubectl explain prints next (the v3 document and its hash change)', async () => {
    const before = JSON.parse(await s.k('get', '--raw', '/openapi/v3')) as { paths: Record<string, { serverRelativeURL: string }> };
    const url = before.paths['apis/stable.example.com/v1']?.serverRelativeURL;
    assert.match(url ?? '', /^\/openapi\/v3\/apis\/stable\.example\.com\/v1\?hash=[0-9A-F]{128}$/);
    const applied = await s.kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: JSON.stringify(cronTabCrd('Jobs at once (changed).')) });
    assert.equal(applied.code, 0, applied.stderr);
    const after = JSON.parse(await s.k('get', '--raw', '/openapi/v3')) as { paths: Record<string, { serverRelativeURL: string }> };
    assert.notEqual(after.paths['apis/stable.example.com/v1']?.serverRelativeURL, url);
    assert.equal(after.paths['api/v1']?.serverRelativeURL, before.paths['api/v1']?.serverRelativeURL, 'other group-versions keep their hash');
    assert.match(await s.k('explain', 'crontab.spec.replicas'), /Jobs at once \(changed\)\./);
  });

  test('apply and create under the default strict validation: valid objects pass, an unknown field is refused server-side', async () => {
    const good = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'nightly' }, spec: { cronSpec: '0 3 * * *', image: 'busybox', replicas: 1 } };
    const created = await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify(good) });
    assert.equal(created.stdout, 'crontab.stable.example.com/nightly created\n', created.stderr);
    const changed = await s.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ ...good, spec: { ...good.spec, replicas: 2 } }) });
    assert.equal(changed.stdout, 'crontab.stable.example.com/nightly configured\n', changed.stderr);
    assert.equal(await s.k('get', 'ct', 'nightly', '-o', 'jsonpath={.spec.replicas}'), '2');
    const unknown = { ...good, metadata: { name: 'bogus' }, spec: { ...good.spec, bogus: true } };
    const refused = await s.kubectl(['create', '--validate=true', '-f', '-'], { input: JSON.stringify(unknown) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Error from server \(BadRequest\): error when creating "STDIN": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec\.bogus"\n/);
    const ssa = await s.kubectl(['apply', '--server-side', '-f', '-'], { input: JSON.stringify({ ...good, metadata: { name: 'ssa' } }) });
    assert.equal(ssa.stdout, 'crontab.stable.example.com/ssa serverside-applied\n', ssa.stderr);
  });
});
