// Job (batch/v1): upstream defaulting, the create-time selector/label generation (needs the uid, so the
// server calls prepareJobForCreate), and validation of spec, update immutability and status.
import { defaultPodTemplateSpec } from '../../core/v1/index.js';
import { defaultPodFailurePolicy, validateJobPolicies } from './job-policies.js';
import {
  fromLabelSelectorObject, invalid, matchesLabels, notSupported, required, root, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type FieldPath, type KindRules, type KubeObject, type LabelSelectorObject,
} from '../../meta/index.js';
import {
  child, deepEqual, immutable, isRecord, nonNegative, rec, setDefault, str, strMap, validateRestartPolicy, validateWorkloadSelector,
} from '../../apps/v1/index.js';

export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const legacyControllerUidLabel = 'controller-uid';
export const jobNameLabel = 'batch.kubernetes.io/job-name';
export const legacyJobNameLabel = 'job-name';
/** The finalizer the Job controller puts on its pods so a finished pod is counted before it can go. */
export const jobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';
/** Annotation and label with an Indexed Job pod's completion index. */
export const jobCompletionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
/** Annotations carrying an index's failure counts from a failed pod to its replacement (backoffLimitPerIndex). */
export const jobIndexFailureCountAnnotation = 'batch.kubernetes.io/job-index-failure-count';
export const jobIndexIgnoredFailureCountAnnotation = 'batch.kubernetes.io/job-index-ignored-failure-count';
const completionModes = ['NonIndexed', 'Indexed'] as const;
const podReplacementPolicies = ['TerminatingOrFailed', 'Failed'] as const;

/** upstream SetDefaults_Job (JobPodReplacementPolicy on, as in 1.32). Mutates the job. */
export function defaultJob(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  if ((spec['completions'] ?? null) === null && (spec['parallelism'] ?? null) === null) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  setDefault(spec, 'parallelism', 1);
  // With per-index backoff the global limit is effectively unlimited.
  setDefault(spec, 'backoffLimit', spec['backoffLimitPerIndex'] === undefined || spec['backoffLimitPerIndex'] === null ? 6 : 2147483647);
  const template = spec['template'];
  const templateLabels = isRecord(template) ? strMap(rec(template['metadata'])['labels']) : undefined;
  const meta = child(obj, 'metadata');
  if (templateLabels !== undefined && Object.keys(rec(meta['labels'])).length === 0) meta['labels'] = { ...templateLabels };
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', isRecord(spec['podFailurePolicy']) ? 'Failed' : 'TerminatingOrFailed');
  defaultPodFailurePolicy(spec);
  if (isRecord(template)) defaultPodTemplateSpec(template);
}

/**
 * upstream Job PrepareForCreate: unless spec.manualSelector is true, adds the controller-uid and job-name labels
 * to the pod template and selects on `batch.kubernetes.io/controller-uid=<uid>`. Labels the user already set are
 * kept (validation rejects a conflicting selector). Also copies the template labels onto an unlabelled job, which
 * upstream achieves by re-defaulting the stored object on read. Mutates the job.
 */
export function prepareJobForCreate(job: KubeObject, uid: string): void {
  const spec = child(job, 'spec');
  if (spec['manualSelector'] === true) return;
  const name = str(rec(job.metadata)['name']);
  const tmeta = child(child(spec, 'template'), 'metadata');
  const labels = child(tmeta, 'labels');
  for (const [k, v] of [[legacyJobNameLabel, name], [jobNameLabel, name], [legacyControllerUidLabel, uid], [controllerUidLabel, uid]] as const) {
    if (!(k in labels)) labels[k] = v;
  }
  const sel = child(spec, 'selector');
  const matchLabels = child(sel, 'matchLabels');
  if (!(controllerUidLabel in matchLabels)) matchLabels[controllerUidLabel] = uid;
  const meta = child(job, 'metadata');
  if (Object.keys(rec(meta['labels'])).length === 0) meta['labels'] = { ...labels };
}

/** The JobSpec rules shared by Job and CronJob.spec.jobTemplate (no selector rules here). */
export function validateJobSpecCommon(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...nonNegative(spec[f], path.child(f)));
  }
  const mode = spec['completionMode'];
  if (mode !== undefined && mode !== null) {
    if (!(completionModes as readonly unknown[]).includes(mode)) errs.push(notSupported(path.child('completionMode'), mode, completionModes));
    else if (mode === 'Indexed' && typeof spec['completions'] !== 'number') {
      errs.push(required(path.child('completions'), 'when completion mode is Indexed'));
    }
  }
  const prp = spec['podReplacementPolicy'];
  if (prp !== undefined && prp !== null && !(podReplacementPolicies as readonly unknown[]).includes(prp)) {
    errs.push(notSupported(path.child('podReplacementPolicy'), prp, podReplacementPolicies));
  }
  const template = spec['template'];
  if (!isRecord(template)) errs.push(required(path.child('template')));
  else errs.push(...validateRestartPolicy(template, path.child('template'), ['OnFailure', 'Never']));
  errs.push(...validateJobPolicies(spec, path));
  return errs;
}

/** upstream ValidateHasLabel on the pod template metadata. */
function validateHasLabel(labels: Record<string, string> | undefined, key: string, want: string): FieldError[] {
  const path = root('spec', 'template', 'metadata', 'labels').key(key);
  const got = labels?.[key];
  if (got === undefined) return [required(path, `must be '${want}'`)];
  return got === want ? [] : [invalid(path, labels, `must be '${want}'`)];
}

/** upstream ValidateGeneratedSelector: a generated selector must select exactly this job's pods. */
function validateGeneratedSelector(job: KubeObject): FieldError[] {
  const spec = rec(job['spec']);
  if (spec['manualSelector'] === true || !isRecord(spec['selector'])) return [];
  const meta = rec(job.metadata);
  const uid = str(meta['uid']);
  // The server assigns the uid before validating; without one there is nothing to compare against yet.
  if (uid === '') return [];
  const name = str(meta['name']);
  const labels = strMap(rec(rec(spec['template'])['metadata'])['labels']);
  const errs = [
    ...validateHasLabel(labels, legacyControllerUidLabel, uid),
    ...validateHasLabel(labels, legacyJobNameLabel, name),
    ...validateHasLabel(labels, controllerUidLabel, uid),
    ...validateHasLabel(labels, jobNameLabel, name),
  ];
  let selects = false;
  try {
    selects = matchesLabels(fromLabelSelectorObject(spec['selector'] as LabelSelectorObject), { [controllerUidLabel]: uid });
  } catch {
    return errs; // an invalid selector is reported by validateLabelSelector
  }
  if (!selects) errs.push(invalid(root('spec', 'selector'), spec['selector'], '`selector` not auto-generated'));
  return errs;
}

function validateJobSpec(job: KubeObject): FieldError[] {
  const spec = rec(job['spec']);
  const path = root('spec');
  return [...validateJobSpecCommon(spec, path), ...validateWorkloadSelector(spec, path, { allowEmpty: true }), ...validateGeneratedSelector(job)];
}

/** Template fields a suspended job that never started may change (mutable scheduling directives). */
const schedulingDirectives = ['nodeSelector', 'affinity', 'tolerations', 'schedulingGates'] as const;

function validateTemplateUpdate(next: KubeObject, prev: KubeObject): FieldError[] {
  const nt = rec(rec(next['spec'])['template']);
  const pt = rec(rec(prev['spec'])['template']);
  const neverStarted = rec(prev['status'])['startTime'] === undefined || rec(prev['status'])['startTime'] === null;
  if (rec(next['spec'])['suspend'] === true && neverStarted) {
    const strip = (t: Record<string, unknown>): Record<string, unknown> => {
      const s = { ...rec(t['spec']) };
      for (const f of schedulingDirectives) delete s[f];
      const m = { ...rec(t['metadata']) };
      delete m['labels'];
      delete m['annotations'];
      return { ...t, metadata: m, spec: s };
    };
    return deepEqual(strip(nt), strip(pt)) ? [] : [invalid(root('spec', 'template'), nt, 'field is immutable')];
  }
  return immutable(nt, pt, root('spec', 'template'));
}

function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = rec(obj['spec']);
  const prev = rec(old['spec']);
  const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateJobSpec(obj)];
  errs.push(...immutable(spec['selector'], prev['selector'], root('spec', 'selector')));
  errs.push(...validateTemplateUpdate(obj, old));
  errs.push(...immutable(spec['completionMode'], prev['completionMode'], root('spec', 'completionMode')));
  errs.push(...immutable(spec['podFailurePolicy'], prev['podFailurePolicy'], root('spec', 'podFailurePolicy')));
  errs.push(...immutable(spec['backoffLimitPerIndex'], prev['backoffLimitPerIndex'], root('spec', 'backoffLimitPerIndex')));
  // Elastic Indexed Jobs may change completions together with parallelism (kept equal).
  const elastic = spec['completionMode'] === 'Indexed' && spec['completions'] === spec['parallelism'];
  if (!elastic) errs.push(...immutable(spec['completions'], prev['completions'], root('spec', 'completions')));
  return errs;
}

const statusCounters = ['active', 'succeeded', 'failed', 'ready', 'terminating'] as const;

export const jobRules: KindRules = {
  defaults: defaultJob,
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateJobSpec(obj)],
  validateUpdate: validateJobUpdate,
  validateStatusUpdate(obj, old) {
    const status = rec(obj['status']);
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata)];
    for (const c of statusCounters) errs.push(...nonNegative(status[c], root('status', c)));
    return errs;
  },
};
