// CronJob (batch/v1): upstream defaulting (Allow, suspend false, history limits 3/1) and validation
// (schedule syntax, timeZone, name length, job template).
import { defaultPodTemplateSpec } from '../../core/v1/index.js';
import {
  invalid, notSupported, required, root, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type FieldPath, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { child, isRecord, nonNegative, rec, setDefault, setDefaultString, str } from '../../apps/v1/index.js';
import { cronScheduleError } from './cron-schedule.js';
import { TimeZone } from './time-zone.js';
import { validateJobSpecCommon } from './job.js';

const concurrencyPolicies = ['Allow', 'Forbid', 'Replace'] as const;
/** On each Job the CronJob controller creates: its scheduled time in the CronJob's time zone, RFC 3339. */
export const cronJobScheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** Job names get an 11-character suffix, so CronJob names are limited to 63 - 11. */
const maxCronJobNameLength = 52;

function defaultCronJob(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefaultString(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  // Only the embedded pod template is defaulted; SetDefaults_Job does not apply to a JobTemplateSpec.
  const template = rec(rec(spec['jobTemplate'])['spec'])['template'];
  if (isRecord(template)) defaultPodTemplateSpec(template);
}

/** An explicit IANA zone: not "" and not "Local", which TimeZone.load() would accept. */
function isValidTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'Local') return false;
  try {
    TimeZone.load(tz);
    return true;
  } catch {
    return false;
  }
}

function validateSchedule(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const schedule = str(spec['schedule']);
  const p = path.child('schedule');
  if (schedule === '') return [required(p)];
  if (/(^|\s)(CRON_)?TZ=/.test(schedule)) {
    return [invalid(p, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead')];
  }
  const err = cronScheduleError(schedule);
  return err === undefined ? [] : [invalid(p, schedule, err)];
}

function validateSpec(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs = validateSchedule(spec, path);
  const tz = spec['timeZone'];
  if (typeof tz === 'string' && !isValidTimeZone(tz)) errs.push(invalid(path.child('timeZone'), tz, `unknown time zone ${tz}`));
  const cp = str(spec['concurrencyPolicy']);
  if (cp === '') errs.push(required(path.child('concurrencyPolicy')));
  else if (!(concurrencyPolicies as readonly string[]).includes(cp)) errs.push(notSupported(path.child('concurrencyPolicy'), cp, concurrencyPolicies));
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) errs.push(...nonNegative(spec[f], path.child(f)));
  const jobSpec = rec(rec(spec['jobTemplate'])['spec']);
  const jp = path.child('jobTemplate', 'spec');
  errs.push(...validateJobSpecCommon(jobSpec, jp));
  if (jobSpec['manualSelector'] === true) errs.push(notSupported(jp.child('manualSelector'), true, ['nil', 'false']));
  return errs;
}

function validateName(meta: unknown): FieldError[] {
  const name = str(rec(meta)['name']);
  return name.length > maxCronJobNameLength ? [invalid(root('metadata', 'name'), name, `must be no more than ${maxCronJobNameLength} characters`)] : [];
}

export const cronJobRules: KindRules = {
  defaults: defaultCronJob,
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateName(obj.metadata), ...validateSpec(rec(obj['spec']), root('spec'))],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(rec(obj['spec']), root('spec'))],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};
