// HorizontalPodAutoscaler (autoscaling/v2, the storage version): upstream defaulting (minReplicas 1, cpu 80% when
// no metrics, behavior rules filled when behavior is given) and validation of spec, metrics and behavior.
import {
  invalid, notSupported, required, root, validateObjectMeta, validateObjectMetaUpdate,
  type FieldError, type FieldPath, type KindRules, type KubeObject,
} from '../../meta/index.js';
import { arr, child, isRecord, rec, setDefault, str } from '../../apps/v1/index.js';
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';

/** upstream autoscaling.DefaultCPUUtilization. */
export const defaultCpuUtilization = 80;

export function defaultCpuMetric(utilization: number): Record<string, unknown> {
  return { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } };
}

/** upstream's default scale-up rules (GenerateHPAScaleUpRules): no stabilization, the larger of +4 pods and +100 % per 15 s. */
export const defaultScaleUpRules = (): HPAScalingRules => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
});
/**
 * upstream's default scale-down rules (GenerateHPAScaleDownRules): -100 % per 15 s. Stabilization stays unset: the
 * controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
 */
export const defaultScaleDownRules = (): HPAScalingRules => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
const defaultScaleUp = (): Record<string, unknown> => ({ ...defaultScaleUpRules() });
const defaultScaleDown = (): Record<string, unknown> => ({ ...defaultScaleDownRules() });

function fillRules(given: unknown, defaults: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(given)) return defaults;
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) {
    if (given[k] !== undefined && given[k] !== null) defaults[k] = given[k];
  }
  return defaults;
}

/** upstream SetDefaults_HorizontalPodAutoscaler (v2). Mutates obj. */
export function defaultHpaV2(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (arr(spec['metrics']).length === 0) spec['metrics'] = [defaultCpuMetric(defaultCpuUtilization)];
  const behavior = spec['behavior'];
  if (isRecord(behavior)) {
    behavior['scaleUp'] = fillRules(behavior['scaleUp'], defaultScaleUp());
    behavior['scaleDown'] = fillRules(behavior['scaleDown'], defaultScaleDown());
  }
}

function validateScaleTargetRef(ref: unknown, path: FieldPath): FieldError[] {
  const r = rec(ref);
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name'] as const) {
    const v = str(r[f]);
    if (v === '') errs.push(required(path.child(f)));
    else if (v.includes('/') || v.includes('%') || v === '.' || v === '..') errs.push(invalid(path.child(f), v, `may not contain '/' or '%' and may not be '.' or '..'`));
  }
  return errs;
}

const targetTypes = ['Utilization', 'Value', 'AverageValue'] as const;

function validateTarget(target: unknown, path: FieldPath, allowed: readonly string[]): FieldError[] {
  const t = rec(target);
  const type = str(t['type']);
  const errs: FieldError[] = [];
  if (type === '') return [required(path.child('type'), 'must specify a metric target type')];
  if (!(targetTypes as readonly string[]).includes(type)) return [invalid(path.child('type'), type, 'must be either Utilization, Value, or AverageValue')];
  if (!allowed.includes(type)) errs.push(notSupported(path.child('type'), type, allowed));
  const u = t['averageUtilization'];
  if (typeof u === 'number' && u < 1) errs.push(invalid(path.child('averageUtilization'), u, 'must be greater than 0'));
  const field = type === 'Utilization' ? 'averageUtilization' : type === 'Value' ? 'value' : 'averageValue';
  if (t[field] === undefined || t[field] === null) errs.push(required(path.child(field), `must set either a target raw value or a target utilization`));
  return errs;
}

const sourceField: Readonly<Record<string, string>> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

function validateMetric(metric: unknown, path: FieldPath): FieldError[] {
  const m = rec(metric);
  const type = str(m['type']);
  if (type === '') return [required(path.child('type'), 'must specify a metric source type')];
  const field = sourceField[type];
  if (field === undefined) return [notSupported(path.child('type'), type, Object.keys(sourceField))];
  const errs: FieldError[] = [];
  for (const [t, f] of Object.entries(sourceField)) {
    if (t !== type && m[f] !== undefined && m[f] !== null) errs.push(invalid(path.child(f), m[f], 'must populate the given metric source only'));
  }
  const src = m[field];
  const p = path.child(field);
  if (!isRecord(src)) return [...errs, required(p, 'must populate information for the given metric source')];
  switch (type) {
    case 'Resource':
    case 'ContainerResource':
      if (str(src['name']) === '') errs.push(required(p.child('name'), 'must specify a resource name'));
      if (type === 'ContainerResource' && str(src['container']) === '') errs.push(required(p.child('container'), 'must specify a container'));
      errs.push(...validateTarget(src['target'], p.child('target'), targetTypes));
      break;
    case 'Pods':
      if (str(rec(src['metric'])['name']) === '') errs.push(required(p.child('metric', 'name'), 'must specify a metric name'));
      errs.push(...validateTarget(src['target'], p.child('target'), ['AverageValue']));
      break;
    case 'Object': {
      const d = rec(src['describedObject']);
      if (str(d['kind']) === '') errs.push(required(p.child('describedObject', 'kind')));
      if (str(d['name']) === '') errs.push(required(p.child('describedObject', 'name')));
      if (str(rec(src['metric'])['name']) === '') errs.push(required(p.child('metric', 'name'), 'must specify a metric name'));
      errs.push(...validateTarget(src['target'], p.child('target'), ['Value', 'AverageValue']));
      break;
    }
    default:
      if (str(rec(src['metric'])['name']) === '') errs.push(required(p.child('metric', 'name'), 'must specify a metric name'));
      errs.push(...validateTarget(src['target'], p.child('target'), ['Value', 'AverageValue']));
  }
  return errs;
}

function validateRules(rules: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(rules)) return [];
  const errs: FieldError[] = [];
  const sws = rules['stabilizationWindowSeconds'];
  if (typeof sws === 'number' && sws < 0) errs.push(invalid(path.child('stabilizationWindowSeconds'), sws, 'must be greater than or equal to zero'));
  if (typeof sws === 'number' && sws > 3600) errs.push(invalid(path.child('stabilizationWindowSeconds'), sws, 'must be less than or equal to 3600'));
  const sp = rules['selectPolicy'];
  if (sp !== undefined && sp !== null && !['Max', 'Min', 'Disabled'].includes(str(sp))) errs.push(notSupported(path.child('selectPolicy'), sp, ['Max', 'Min', 'Disabled']));
  const policies = arr(rules['policies']);
  if (policies.length === 0) errs.push(required(path.child('policies'), 'must specify at least one Policy'));
  policies.forEach((pol, i) => {
    const p = path.child('policies').index(i);
    const r = rec(pol);
    if (!['Pods', 'Percent'].includes(str(r['type']))) errs.push(notSupported(p.child('type'), r['type'] ?? '', ['Pods', 'Percent']));
    const v = r['value'];
    if (typeof v !== 'number' || v <= 0) errs.push(invalid(p.child('value'), v ?? 0, 'must be greater than zero'));
    const ps = r['periodSeconds'];
    if (typeof ps !== 'number' || ps <= 0) errs.push(invalid(p.child('periodSeconds'), ps ?? 0, 'must be greater than zero'));
    else if (ps > 1800) errs.push(invalid(p.child('periodSeconds'), ps, 'must be less than or equal to 1800'));
  });
  return errs;
}

function validateSpec(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs = validateScaleTargetRef(spec['scaleTargetRef'], path.child('scaleTargetRef'));
  const min = spec['minReplicas'];
  const max = spec['maxReplicas'];
  if (typeof min === 'number' && min < 1) errs.push(invalid(path.child('minReplicas'), min, 'must be greater than or equal to 1'));
  if (typeof max !== 'number' || max < 1) errs.push(invalid(path.child('maxReplicas'), max ?? 0, 'must be greater than 0'));
  if (typeof min === 'number' && typeof max === 'number' && min > max) errs.push(invalid(path.child('maxReplicas'), max, 'must be greater than or equal to `minReplicas`'));
  arr(spec['metrics']).forEach((m, i) => errs.push(...validateMetric(m, path.child('metrics').index(i))));
  const behavior = spec['behavior'];
  if (isRecord(behavior)) {
    errs.push(...validateRules(behavior['scaleUp'], path.child('behavior', 'scaleUp')));
    errs.push(...validateRules(behavior['scaleDown'], path.child('behavior', 'scaleDown')));
  }
  return errs;
}

function validateStatus(status: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['currentReplicas', 'desiredReplicas']) {
    const v = status[f];
    if (typeof v === 'number' && v < 0) errs.push(invalid(root('status', f), v, 'must be greater than or equal to 0'));
  }
  return errs;
}

export const hpaV2Rules: KindRules = {
  defaults: defaultHpaV2,
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateSpec(rec(obj['spec']), root('spec'))],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpec(rec(obj['spec']), root('spec'))],
  validateStatusUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(rec(obj['status']))],
};
