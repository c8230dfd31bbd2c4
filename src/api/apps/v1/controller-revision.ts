// ControllerRevision (apps/v1): data is mandatory and immutable, revision is non-negative.
import { required, root, validateObjectMeta, validateObjectMetaUpdate, type FieldError, type KindRules, type KubeObject } from '../../meta/index.js';
import { immutable, nonNegative } from './json-fields.js';

function validateControllerRevision(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true });
  if (obj['data'] === undefined || obj['data'] === null) errs.push(required(root('data'), 'data is mandatory'));
  errs.push(...nonNegative(obj['revision'], root('revision')));
  return errs;
}

export const controllerRevisionRules: KindRules = {
  validate: validateControllerRevision,
  validateUpdate: (obj, old) => [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validateControllerRevision(obj).filter((e) => !e.field.startsWith('metadata')),
    ...immutable(obj['data'], old['data'], root('data')),
  ],
};
