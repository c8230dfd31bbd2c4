// x-kubernetes-embedded-resource: an embedded object needs apiVersion and kind, and its metadata must be valid
// ObjectMeta (upstream's objectmeta.Validate). The metadata of the custom resource itself is the registry's.
import { invalid, required, type FieldError, type FieldPath } from '../../../meta/field-path.js';
import { isDns1035Label, isValidPathSegmentName } from '../../../meta/name-validation.js';
import { validateObjectMeta } from '../../../meta/validation.js';
import { isObject, type JSONSchemaProps } from './types.js';
import { walkStructural } from './walk.js';

/** Errors of every embedded resource under root (root itself excluded). */
export function validateEmbeddedResources(schema: JSONSchemaProps, root: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  walkStructural(schema, root, path, (s, v, p) => {
    if (s['x-kubernetes-embedded-resource'] === true && isObject(v) && v !== root) errs.push(...validateEmbedded(v, p));
  });
  return errs;
}

function validateEmbedded(x: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = x['apiVersion'];
  const kind = x['kind'];
  if (apiVersion === undefined || apiVersion === '') errs.push(required(path.child('apiVersion')));
  else if (typeof apiVersion !== 'string') errs.push(invalid(path.child('apiVersion'), apiVersion, 'must be a string'));
  else if (apiVersion.split('/').length > 2) errs.push(invalid(path.child('apiVersion'), apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
  if (kind === undefined || kind === '') errs.push(required(path.child('kind')));
  else if (typeof kind !== 'string') errs.push(invalid(path.child('kind'), kind, 'must be a string'));
  else {
    const msgs = isDns1035Label(kind.toLowerCase());
    if (msgs.length) errs.push(invalid(path.child('kind'), kind, `may have mixed case, but should otherwise match: ${msgs.join(',')}`));
  }
  const meta = x['metadata'];
  if (meta !== undefined && meta !== null) {
    if (!isObject(meta)) errs.push(invalid(path.child('metadata'), meta, 'must be an object'));
    else {
      // Upstream fills in a name so that an embedded template without one is not reported.
      const m = typeof meta['name'] === 'string' && meta['name'] !== '' ? meta : { ...meta, name: 'fakename' };
      const namespaced = typeof meta['namespace'] === 'string' && meta['namespace'] !== '';
      errs.push(...validateObjectMeta(m, { namespaced, path: path.child('metadata'), nameFn: isValidPathSegmentName }));
    }
  }
  return errs;
}
