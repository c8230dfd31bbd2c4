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

const policyRows: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  {
    name: 'podFailurePolicy rules: exit code 0 with In, unknown action, both or neither matcher, unknown container, unordered values',
    spec: { podFailurePolicy: { rules: [
      { action: 'FailJob', onExitCodes: { containerName: 'nope', operator: 'In', values: [3, 0, 3] } },
      { action: 'Bogus', onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'Ignore', onExitCodes: { operator: 'NotIn', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'Count' },
      { action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } },
    ] } },
    want: [
      'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,0,3]: must be ordered',
      'spec.podFailurePolicy.rules[1].action: Unsupported value: "Bogus": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
      'spec.podFailurePolicy.rules[2]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
      'spec.podFailurePolicy.rules[3]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
      'spec.podFailurePolicy.rules[4].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
    ],
  },
  {
    name: 'podFailurePolicy needs restartPolicy Never and podReplacementPolicy Failed',
    spec: { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, podReplacementPolicy: 'TerminatingOrFailed', template: { spec: { ...template.spec, restartPolicy: 'OnFailure' } } },
    want: [
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
      'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
    ],
  },
  {
    name: 'successPolicy and per-index limits need Indexed; maxFailedIndexes needs backoffLimitPerIndex',
    spec: { successPolicy: { rules: [{ succeededCount: 1 }] }, backoffLimitPerIndex: 1, maxFailedIndexes: 1 },
    want: [
      'spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode',
      'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
    ],
  },
  {
    name: 'successPolicy rules of an Indexed job: index format, counts within completions and the listed indexes',
    spec: { completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '0-2,1' }, { succeededIndexes: '0-1', succeededCount: 3 }, { succeededIndexes: '9' }, {}] }, maxFailedIndexes: 9 },
    want: [
      'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-2,1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1',
      'spec.successPolicy.rules[1].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
      'spec.successPolicy.rules[2].succeededIndexes: Invalid value: "9": error parsing succeededIndexes: too large index: "9"',
      'spec.successPolicy.rules[3]: Required value: at least one of succeededCount or succeededIndexes must be specified',
      'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
      'spec.maxFailedIndexes: Invalid value: 9: must be less than or equal to completions',
    ],
  },
];
for (const r of policyRows) {
  test(`jobRules.validate() ${r.name}`, () => {
    const o = structuredClone(job);
    Object.assign(o['spec'] as Record<string, unknown>, r.spec);
    assert.deepEqual((jobRules.validate?.(created(o)) ?? []).map(errorString), r.want);
  });
}

test('jobRules.defaults() gives onPodConditions patterns status True', () => {
  const o = structuredClone(job);
  Object.assign(o['spec'] as Record<string, unknown>, { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } });
  const c = created(o);
  assert.deepEqual((c['spec'] as { podFailurePolicy: unknown }).podFailurePolicy, { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] });
  assert.equal((c['spec'] as { podReplacementPolicy: unknown }).podReplacementPolicy, 'Failed');
});
