// The pod a Job creates (upstream manageJob's pod template handling): the template with the tracking
// finalizer; for Indexed Jobs the completion index as annotation, label and JOB_COMPLETION_INDEX, hostname
// `<job>-<index>`, name `<job>-<index>-<random>`, and the index's failure counts carried over. Pure.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { jobCompletionIndexAnnotation, jobIndexFailureCountAnnotation, jobIndexIgnoredFailureCountAnnotation, jobTrackingFinalizer } from '../../api/index.js';
import { maxGeneratedNamePrefix, podFromTemplate, type Owner } from '../../client/index.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { indexFailureCountOf, indexIgnoredFailureCountOf } from './pod-facts.js';

export const completionIndexEnv = 'JOB_COMPLETION_INDEX';

export type JobObject = Job & { metadata: { name: string; namespace: string; uid: string } };

export const jobOwner = (job: JobObject): Owner => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: job.metadata });

function withIndexEnv(c: Container): Container {
  if ((c.env ?? []).some((e) => e.name === completionIndexEnv)) return c;
  return { ...c, env: [...(c.env ?? []), { name: completionIndexEnv, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${jobCompletionIndexAnnotation}']` } } }] };
}

/** upstream podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the prefix fits. */
export function indexedGenerateName(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > maxGeneratedNamePrefix ? jobName.slice(0, maxGeneratedNamePrefix - suffix.length) + suffix : prefix;
}

/** The index's failure counts for its next pod: the last failed pod's, plus its own failure (upstream getNewIndexFailureCounts). */
function nextFailureCounts(job: Job, lastFailed: Pod | undefined): { failed: number; ignored: number } {
  let failed = indexFailureCountOf(lastFailed);
  let ignored = indexIgnoredFailureCountOf(lastFailed);
  if (lastFailed) {
    if (matchPodFailurePolicy(job.spec?.podFailurePolicy, lastFailed).countFailed) failed++;
    else ignored++;
  }
  return { failed, ignored };
}

export function jobPod(job: JobObject, index?: number, lastFailed?: Pod): Pod {
  const template: PodTemplateSpec = structuredClone(job.spec?.template ?? {});
  const meta = (template.metadata ??= {});
  if (!(meta.finalizers ?? []).includes(jobTrackingFinalizer)) meta.finalizers = [...(meta.finalizers ?? []), jobTrackingFinalizer];
  if (index === undefined) return podFromTemplate(jobOwner(job), template);
  const spec = template.spec ?? { containers: [] };
  template.spec = {
    ...spec, hostname: `${job.metadata.name}-${index}`,
    containers: spec.containers.map(withIndexEnv),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(withIndexEnv) } : {}),
  };
  meta.annotations = { ...meta.annotations, [jobCompletionIndexAnnotation]: String(index) };
  meta.labels = { ...meta.labels, [jobCompletionIndexAnnotation]: String(index) };
  if (job.spec?.backoffLimitPerIndex != null) {
    const counts = nextFailureCounts(job, lastFailed);
    meta.annotations[jobIndexFailureCountAnnotation] = String(counts.failed);
    if (counts.ignored > 0) meta.annotations[jobIndexIgnoredFailureCountAnnotation] = String(counts.ignored);
  }
  return podFromTemplate(jobOwner(job), template, { generateName: indexedGenerateName(job.metadata.name, index) });
}
