// HorizontalPodAutoscaler (autoscaling/v1, served from v2 storage): v1 defaulting (minReplicas 1) and validation
// of the v1 shape. Upstream validates the converted object; the v1 paths below are where those rules land.
import { invalid, required, root, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type KindRules, type KubeObject } from '../../meta/index.js';
import { child, rec, setDefault, str } from '../../apps/v1/index.js';

function validateHpaV1(obj: KubeObject): FieldError[] {
  const spec = rec(obj['spec']);
  const errs: FieldError[] = [];
  const ref = rec(spec['scaleTargetRef']);
  for (const f of ['kind', 'name'] as const) if (str(ref[f]) === '') errs.push(required(root('spec', 'scaleTargetRef', f)));
  const min = spec['minReplicas'];
  const max = spec['maxReplicas'];
  if (typeof min === 'number' && min < 1) errs.push(invalid(root('spec', 'minReplicas'), min, 'must be greater than or equal to 1'));
  if (typeof max !== 'number' || max < 1) errs.push(invalid(root('spec', 'maxReplicas'), max ?? 0, 'must be greater than 0'));
  if (typeof min === 'number' && typeof max === 'number' && min > max) errs.push(invalid(root('spec', 'maxReplicas'), max, 'must be greater than or equal to `minReplicas`'));
  const cpu = spec['targetCPUUtilizationPercentage'];
  if (typeof cpu === 'number' && cpu < 1) errs.push(invalid(root('spec', 'targetCPUUtilizationPercentage'), cpu, 'must be greater than 0'));
  return errs;
}

export const hpaV1Rules: KindRules = {
  defaults(obj) {
    setDefault(child(obj, 'spec'), 'minReplicas', 1);
  },
  validate: (obj) => [...validateObjectMeta(obj.metadata, { namespaced: true }), ...validateHpaV1(obj)],
  validateUpdate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateHpaV1(obj)],
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};
