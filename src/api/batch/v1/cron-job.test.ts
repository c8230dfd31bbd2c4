import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPodTemplateSpec } from '../../core/v1/index.js';
import { errorString, type KubeObject } from '../../meta/index.js';
import { cronJobRules } from './cron-job.js';

const podTemplate = { spec: { containers: [{ name: 'hello', image: 'busybox:1.28', command: ['date'] }], restartPolicy: 'OnFailure' } };
const cronJob: KubeObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello', namespace: 'default' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: podTemplate } } } };
const defaulted = (extra: Record<string, unknown> = {}): KubeObject => {
  const c = structuredClone(cronJob);
  Object.assign(c['spec'] as object, extra);
  cronJobRules.defaults?.(c);
  return c;
};

test('cronJobRules.defaults() sets Allow, suspend false and history limits 3/1, defaulting only the pod template', () => {
  const t = structuredClone(podTemplate);
  defaultPodTemplateSpec(t);
  assert.deepEqual(defaulted(), {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello', namespace: 'default' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: t } }, concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 },
  });
  assert.deepEqual(cronJobRules.validate?.(defaulted()), []);
});

test('cronJobRules.validate() rejects bad schedules, time zones, policies and long names', () => {
  const cases: { name: string; o: KubeObject; want: string[] }[] = [
    { name: 'missing schedule', o: defaulted({ schedule: '' }), want: ['spec.schedule: Required value'] },
    { name: 'unparsable schedule', o: defaulted({ schedule: '61 * * * *' }), want: ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61'] },
    { name: 'TZ in schedule', o: defaulted({ schedule: 'TZ=UTC 0 * * * *' }), want: ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'] },
    { name: 'unknown time zone', o: defaulted({ timeZone: 'Mars/Olympus' }), want: ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus'] },
    { name: 'bad concurrencyPolicy', o: defaulted({ concurrencyPolicy: 'Sometimes' }), want: ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"'] },
    { name: 'negative history', o: defaulted({ failedJobsHistoryLimit: -1 }), want: ['spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0'] },
  ];
  for (const c of cases) assert.deepEqual((cronJobRules.validate?.(c.o) ?? []).map(errorString), c.want, c.name);
  const long = defaulted();
  (long.metadata as Record<string, unknown>)['name'] = 'a'.repeat(53);
  assert.deepEqual((cronJobRules.validate?.(long) ?? []).map(errorString), [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`]);
  assert.deepEqual(cronJobRules.validate?.(defaulted({ timeZone: 'Europe/Berlin', schedule: '@daily' })), []);
});
