// Printers for batch/v1: Job and CronJob (kubectl-compat.md §3.3, §3.8).
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import { ageColumn, ageOf, col, containersColumns, nameColumn, nameOf, type PrinterSet } from './columns.js';
import { containerCells, formatLabelSelector } from './cell-format.js';
import { humanDuration, timestampMs, translateTimestampSince } from './human-duration.js';

/** The first condition of the type decides, as upstream's hasJobCondition does. */
function hasCondition(conditions: readonly JobCondition[], type: string): boolean {
  return conditions.find((c) => c.type === type)?.status === 'True';
}

export function jobStatusCell(job: Job): string {
  const conds = job.status?.conditions ?? [];
  if (hasCondition(conds, 'Complete')) return 'Complete';
  if (hasCondition(conds, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(conds, 'Suspended')) return 'Suspended';
  if (hasCondition(conds, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completionsCell(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Empty before the job starts, time since start while it runs, completion minus start once complete. */
function durationCell(job: Job, now: Date): string {
  const start = timestampMs(job.status?.startTime);
  if (start === undefined) return '';
  const end = timestampMs(job.status?.completionTime);
  return humanDuration((end ?? now.getTime()) - start);
}

/** printBoolPtr: `True`/`False`, `<unset>` when nil. */
function boolPtrCell(v: boolean | undefined): string {
  return v === undefined || v === null ? '<unset>' : v ? 'True' : 'False';
}

export const batchPrinters: PrinterSet = {
  'Job.batch': {
    columns: [nameColumn, col('Status'), col('Completions'), col('Duration'), ageColumn, ...containersColumns, col('Selector', { wide: true })],
    cells(obj, now) {
      const job = obj as Job;
      return [nameOf(job), jobStatusCell(job), completionsCell(job), durationCell(job, now), ageOf(job, now),
        ...containerCells(job.spec?.template?.spec?.containers), formatLabelSelector(job.spec?.selector)];
    },
  },
  'CronJob.batch': {
    columns: [nameColumn, col('Schedule'), col('Timezone'), col('Suspend', { type: 'boolean' }), col('Active', { type: 'integer' }), col('Last Schedule'),
      ageColumn, ...containersColumns, col('Selector', { wide: true })],
    cells(obj, now) {
      const cj = obj as CronJob;
      const jobSpec = cj.spec?.jobTemplate?.spec;
      const last = cj.status?.lastScheduleTime ? translateTimestampSince(cj.status.lastScheduleTime, now) : '<none>';
      return [nameOf(cj), cj.spec?.schedule ?? '', cj.spec?.timeZone ?? '<none>', boolPtrCell(cj.spec?.suspend), (cj.status?.active ?? []).length, last,
        ageOf(cj, now), ...containerCells(jobSpec?.template?.spec?.containers), formatLabelSelector(jobSpec?.selector)];
    },
  },
};
