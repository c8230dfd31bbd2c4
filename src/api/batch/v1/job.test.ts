import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPodTemplateSpec } from '../../core/v1/index.js';
import { errorString, type KubeObject } from '../../meta/index.js';
import { jobRules, prepareJobForCreate } from './job.js';

const template = { spec: { containers: [{ name: 'pi', image: 'perl:5.34', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }], restartPolicy: 'Never' } };
const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' }, spec: { template, backoffLimit: 4 } };
const uid = '0c4d1a1e-7b1f-4f43-9d0e-5d2a8f0b9c11';

/** What the server does on create: defaults, then the uid-dependent preparation. */
function created(o: KubeObject): KubeObject {
  const c = structuredClone(o);
  jobRules.defaults?.(c);
  (c.metadata as Record<string, unknown>)['uid'] = uid;
  prepareJobForCreate(c, uid);
  return c;
}

test('jobRules.defaults() plus prepareJobForCreate() give the upstream Job for the pi example', () => {
  const labels = { 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid };
  // Pod defaults come first; the generated labels are added to whatever template metadata they left.
  const t: Record<string, unknown> = structuredClone(template);
  defaultPodTemplateSpec(t);
  t['metadata'] = { ...(t['metadata'] as Record<string, unknown> | undefined), labels };
  assert.deepEqual(created(job), {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid, labels },
    spec: {
      template: t,
      backoffLimit: 4, completions: 1, parallelism: 1, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    },
  });
  assert.deepEqual(jobRules.validate?.(created(job)), []);
});

test('jobRules.defaults() leaves completions unset when only parallelism is given and copies template labels', () => {
  const o = structuredClone(job);
  (o['spec'] as Record<string, unknown>)['parallelism'] = 3;
  (o['spec'] as { template: Record<string, unknown> }).template['metadata'] = { labels: { app: 'pi' } };
  jobRules.defaults?.(o);
  const spec = o['spec'] as Record<string, unknown>;
  assert.deepEqual([spec['completions'], spec['parallelism'], (o.metadata as Record<string, unknown>)['labels']], [undefined, 3, { app: 'pi' }]);
});

test('prepareJobForCreate() leaves a manualSelector job alone', () => {
  const o = structuredClone(job);
  Object.assign(o['spec'] as object, { manualSelector: true, selector: { matchLabels: { app: 'pi' } } });
  const before = structuredClone(o);
  prepareJobForCreate(o, uid);
  assert.deepEqual(o, before);
});

test('jobRules.validate() rejects invalid Jobs', () => {
  const mutate = (f: (s: Record<string, unknown>) => void): KubeObject => {
    const o = created(job);
    f(o['spec'] as Record<string, unknown>);
    return o;
  };
  const cases: { name: string; o: KubeObject; want: string[] }[] = [
    { name: 'negative parallelism', o: mutate((s) => { s['parallelism'] = -1; }), want: ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'Indexed without completions', o: mutate((s) => { s['completionMode'] = 'Indexed'; delete s['completions']; }), want: ['spec.completions: Required value: when completion mode is Indexed'] },
    { name: 'bad completionMode', o: mutate((s) => { s['completionMode'] = 'Sometimes'; }), want: ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"'] },
    { name: 'foreign selector', o: mutate((s) => { s['selector'] = { matchLabels: { 'job-name': 'pi' } }; }), want: ['spec.selector: Invalid value: {"matchLabels":{"job-name":"pi"}}: `selector` not auto-generated'] },
    { name: 'conflicting job-name label', o: mutate((s) => { ((s['template'] as Record<string, unknown>)['metadata'] as { labels: Record<string, string> }).labels['job-name'] = 'other'; }), want: [`spec.template.metadata.labels[job-name]: Invalid value: {"job-name":"other","batch.kubernetes.io/job-name":"pi","controller-uid":"${uid}","batch.kubernetes.io/controller-uid":"${uid}"}: must be 'pi'`] },
  ];
  for (const c of cases) assert.deepEqual((jobRules.validate?.(c.o) ?? []).map(errorString), c.want, c.name);
  const always = mutate((s) => { ((s['template'] as Record<string, unknown>)['spec'] as Record<string, unknown>)['restartPolicy'] = 'Always'; });
  assert.deepEqual((jobRules.validate?.(always) ?? []).map((e) => e.field), ['spec.template.spec.restartPolicy']);
});

test('jobRules.validateUpdate() keeps selector, template and completions immutable', () => {
  const old = created(job);
  const next = created(job);
  const spec = next['spec'] as Record<string, unknown>;
  spec['completions'] = 2;
  ((spec['template'] as Record<string, unknown>)['spec'] as Record<string, unknown>)['nodeSelector'] = { disk: 'ssd' };
  assert.deepEqual((jobRules.validateUpdate?.(next, old) ?? []).map((e) => `${e.field}: ${e.detail ?? ''}`), ['spec.template: field is immutable', 'spec.completions: field is immutable']);
  const suspended = created(job);
  (suspended['spec'] as Record<string, unknown>)['suspend'] = true;
  (((suspended['spec'] as Record<string, unknown>)['template'] as Record<string, unknown>)['spec'] as Record<string, unknown>)['nodeSelector'] = { disk: 'ssd' };
  assert.deepEqual(jobRules.validateUpdate?.(suspended, old), [], 'a suspended job that never started may change scheduling directives');
  const parallel = created(job);
  (parallel['spec'] as Record<string, unknown>)['parallelism'] = 5;
  assert.deepEqual(jobRules.validateUpdate?.(parallel, old), []);
});
