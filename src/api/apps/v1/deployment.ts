// Deployment (apps/v1): upstream defaulting (RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600)
// and validation (selector, template, strategy, immutable selector on update).
import { defaultPodTemplateSpec, validatePodTemplateSpec } from '../../core/v1/index.js';
import {
  forbidden, invalid, notSupported, required, root, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type FieldPath, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.js';
import { child, immutable, isRecord, nonNegative, rec, setDefault, setDefaultString, str } from './json-fields.js';
import { validateWorkloadSelector } from './workload-selector.js';
import { workloadRules } from './workload-rules.js';
import { validateReplicaStatus } from './workload-status.js';

function defaultDeployment(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefaultString(strategy, 'type', 'RollingUpdate');
  if (strategy['type'] === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  if (isRecord(spec['template'])) defaultPodTemplateSpec(spec['template']);
}

function validateStrategy(strategy: unknown, path: FieldPath): FieldError[] {
  const s = rec(strategy);
  const ru = s['rollingUpdate'];
  switch (str(s['type'])) {
    case 'Recreate':
      return ru === undefined || ru === null ? [] : [forbidden(path.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")];
    case 'RollingUpdate': {
      if (!isRecord(ru)) return [required(path.child('rollingUpdate'), 'this should be defaulted and never be nil')];
      const p = path.child('rollingUpdate');
      const errs = [
        ...validatePositiveIntOrPercent(ru['maxUnavailable'], p.child('maxUnavailable')),
        ...validatePositiveIntOrPercent(ru['maxSurge'], p.child('maxSurge')),
      ];
      if (intOrPercentValue(ru['maxUnavailable']) === 0 && intOrPercentValue(ru['maxSurge']) === 0) {
        errs.push(invalid(p.child('maxUnavailable'), ru['maxUnavailable'], 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...validateNotMoreThan100Percent(ru['maxUnavailable'], p.child('maxUnavailable')));
      return errs;
    }
    default:
      return [notSupported(path, strategy, ['Recreate', 'RollingUpdate'])];
  }
}

/**
 * Full pod template validation with the allowed restart policies. The core validator is asked to enforce them;
 * the check is repeated here (once) so the rule holds whatever that validator does with the option.
 */
export function validateRestartPolicy(template: Record<string, unknown>, path: FieldPath, allowed: string[]): FieldError[] {
  const errs = validatePodTemplateSpec(template, path, { restartPolicies: allowed });
  const p = path.child('spec', 'restartPolicy');
  const policy = rec(template['spec'])['restartPolicy'];
  if (!allowed.includes(str(policy)) && !errs.some((e) => e.field === p.toString())) errs.push(notSupported(p, policy ?? '', allowed));
  return errs;
}

/**
 * The pod template rules of ReplicaSet-like controllers: full pod template validation with restartPolicy Always
 * and no activeDeadlineSeconds (upstream names ReplicaSet in the message for Deployments too).
 */
export function validateReplicaTemplate(spec: Record<string, unknown>, path: FieldPath, kindWord: string): FieldError[] {
  const template = spec['template'];
  if (!isRecord(template)) return [required(path.child('template'))];
  const errs = validateRestartPolicy(template, path.child('template'), ['Always']);
  const ads = rec(template['spec'])['activeDeadlineSeconds'];
  if (ads !== undefined && ads !== null) {
    errs.push(forbidden(path.child('template', 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kindWord} is not Supported`));
  }
  return errs;
}

function validateSpec(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs = [
    ...nonNegative(spec['replicas'], path.child('replicas')),
    ...validateWorkloadSelector(spec, path, { kindWord: 'deployment' }),
    ...validateReplicaTemplate(spec, path, 'ReplicaSet'),
    ...validateStrategy(spec['strategy'], path.child('strategy')),
    ...nonNegative(spec['minReadySeconds'], path.child('minReadySeconds')),
    ...nonNegative(spec['revisionHistoryLimit'], path.child('revisionHistoryLimit')),
  ];
  const pds = spec['progressDeadlineSeconds'];
  if (typeof pds === 'number') {
    errs.push(...nonNegative(pds, path.child('progressDeadlineSeconds')));
    const mrs = typeof spec['minReadySeconds'] === 'number' ? spec['minReadySeconds'] : 0;
    if (pds <= mrs) errs.push(invalid(path.child('progressDeadlineSeconds'), pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export const deploymentRules: KindRules = workloadRules({
  defaults: defaultDeployment,
  validateSpec,
  validateStatus: (status, old) => validateReplicaStatus(status, old, {
    counters: ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'],
    unbounded: ['unavailableReplicas'],
    readyWord: 'readyReplicas',
  }),
});
