// batch/v1: Job and CronJob defaulting/validation rules keyed by Kind, the Job create-time preparation and the cron parser.
import type { KindRules } from '../../meta/index.js';
import { cronJobRules } from './cron-job.js';
import { jobRules } from './job.js';

export {
  jobRules, defaultJob, prepareJobForCreate, controllerUidLabel, legacyControllerUidLabel, jobNameLabel, legacyJobNameLabel, jobTrackingFinalizer,
  jobCompletionIndexAnnotation, jobIndexFailureCountAnnotation, jobIndexIgnoredFailureCountAnnotation,
} from './job.js';
export { cronJobRules } from './cron-job.js';
export { parseCronSchedule, cronScheduleError, type CronSchedule } from './cron-schedule.js';
export { nextCronTime } from './cron-next.js';
export { TimeZone, formatRfc3339, type WallTime } from './time-zone.js';
export { cronJobScheduledTimestampAnnotation } from './cron-job.js';

export const batchV1Rules: Record<string, KindRules> = {
  Job: jobRules,
  CronJob: cronJobRules,
};
