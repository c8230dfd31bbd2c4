// DaemonSet (apps/v1): upstream defaulting (RollingUpdate maxUnavailable 1 / maxSurge 0, revisionHistoryLimit 10),
// validation (selector, template, update strategy, immutable selector), and the server-kept template generation.
import { defaultPodTemplateSpec } from '../../core/v1/index.js';
import {
  invalid, notSupported, required, root, semanticEqual, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type FieldPath, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { validateReplicaTemplate } from './deployment.js';
import { intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from './int-or-percent.js';
import { child, immutable, isRecord, nonNegative, rec, setDefault, setDefaultString, str } from './json-fields.js';
import { validateWorkloadSelector } from './workload-selector.js';
import { workloadRules } from './workload-rules.js';

function validateUpdateStrategy(strategy: unknown, path: FieldPath): FieldError[] {
  const s = rec(strategy);
  switch (str(s['type'])) {
    case 'OnDelete':
      return [];
    case 'RollingUpdate': {
      const ru = s['rollingUpdate'];
      if (!isRecord(ru)) return [required(path.child('rollingUpdate'))];
      const p = path.child('rollingUpdate');
      const errs: FieldError[] = [];
      for (const f of ['maxUnavailable', 'maxSurge'] as const) errs.push(...validatePositiveIntOrPercent(ru[f], p.child(f)));
      for (const f of ['maxUnavailable', 'maxSurge'] as const) errs.push(...validateNotMoreThan100Percent(ru[f], p.child(f)));
      const hasUnavailable = intOrPercentValue(ru['maxUnavailable']) !== 0;
      const hasSurge = intOrPercentValue(ru['maxSurge']) !== 0;
      if (hasUnavailable && hasSurge) errs.push(invalid(p.child('maxSurge'), ru['maxSurge'], 'may not be set when maxUnavailable is non-zero'));
      if (!hasUnavailable && !hasSurge) errs.push(required(p.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
      return errs;
    }
    default:
      return [notSupported(path, strategy, ['RollingUpdate', 'OnDelete'])];
  }
}

function validateSpec(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  return [
    ...validateWorkloadSelector(spec, path, { kindWord: 'daemonset' }),
    ...validateReplicaTemplate(spec, path, 'DaemonSet'),
    ...nonNegative(spec['minReadySeconds'], path.child('minReadySeconds')),
    ...validateUpdateStrategy(spec['updateStrategy'], path.child('updateStrategy')),
    ...nonNegative(spec['revisionHistoryLimit'], path.child('revisionHistoryLimit')),
  ];
}

const statusCounters = [
  'currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady',
  'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount',
] as const;

export const daemonSetRules: KindRules = workloadRules({
  defaults(obj) {
    const spec = child(obj, 'spec');
    const strategy = child(spec, 'updateStrategy');
    setDefaultString(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      const ru = child(strategy, 'rollingUpdate');
      setDefault(ru, 'maxUnavailable', 1);
      setDefault(ru, 'maxSurge', 0);
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    if (isRecord(spec['template'])) defaultPodTemplateSpec(spec['template']);
  },  validateSpec,
  validateStatus(status, old) {
    const errs: FieldError[] = [];
    for (const c of statusCounters) errs.push(...nonNegative(status[c], root('status', c)));
    const prev = old['collisionCount'];
    const now = typeof status['collisionCount'] === 'number' ? status['collisionCount'] : 0;
    if (typeof prev === 'number' && now < prev) errs.push(invalid(root('status', 'collisionCount'), now, 'cannot be decremented'));
    return errs;
  },
});

/**
 * The annotation apps/v1 serves the DaemonSet's template generation in (upstream spec.templateGeneration of
 * the internal type): 1 on create, one more whenever an update changes spec.template, never set by clients.
 * The controller labels pods with it (pod-template-generation).
 */
export const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

const generationOf = (obj: KubeObject): number => {
  const v = Number(rec(rec(obj.metadata)['annotations'])[templateGenerationAnnotation]);
  return Number.isSafeInteger(v) ? v : 0;
};
function setGeneration(obj: KubeObject, generation: number): void {
  child(child(obj, 'metadata'), 'annotations')[templateGenerationAnnotation] = String(generation);
}

/** On create: the generation a client sent when it is at least 1, else 1. Mutates obj. */
export function prepareDaemonSetForCreate(obj: KubeObject): void {
  setGeneration(obj, Math.max(1, generationOf(obj)));
}

/** On update: the stored generation, plus one when spec.template changed (after defaulting). Mutates obj. */
export function prepareDaemonSetForUpdate(obj: KubeObject, old: KubeObject): void {
  const changed = !semanticEqual(rec(obj['spec'])['template'], rec(old['spec'])['template']);
  setGeneration(obj, generationOf(old) + (changed ? 1 : 0));
}
