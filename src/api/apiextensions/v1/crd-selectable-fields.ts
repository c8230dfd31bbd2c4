// spec.versions[].selectableFields (GA in 1.32): fields of a custom resource that field selectors may use
// (`kubectl get --field-selector spec.color=red`). Checked against the version's schema as upstream's
// ValidateCustomResourceSelectableFields does; each becomes a field selector label of the version's descriptor.
import type { SelectableField } from 'kubernetes-types/apiextensions/v1.js';
import { duplicate, invalid, required, tooMany, type FieldError, type FieldPath } from '../../meta/field-path.js';
import type { KubeObject } from '../../meta/kind-rules.js';
import { simplePath, valueAtPath } from '../../patch/json-value.js';
import { resolveFieldPath } from './schema/cel-validation.js';
import type { JSONSchemaProps } from './schema/types.js';

export const maxSelectableFields = 8;

export function validateSelectableFields(fields: readonly SelectableField[], schema: JSONSchemaProps | undefined, path: FieldPath): FieldError[] {
  if (fields.length === 0) return [];
  if (schema === undefined) return [invalid(path, '', 'selectableFields may only be set when version.schema.openAPIV3Schema is not included')];
  const errs: FieldError[] = [];
  const unique = new Set<string>();
  fields.forEach((f, i) => {
    const at = path.index(i).child('jsonPath');
    if (!f.jsonPath) {
      errs.push(required(at, ''));
      return;
    }
    const r = resolveFieldPath(f.jsonPath, schema, { allowArrayNotation: false });
    if (!r.ok) {
      errs.push(invalid(at, f.jsonPath, `is an invalid path: ${r.error}`));
      return;
    }
    if (r.path.split(/[.[]/)[1] === 'metadata') errs.push(invalid(at, f.jsonPath, 'must not point to fields in metadata'));
    if (r.schema.type !== 'string' && r.schema.type !== 'boolean' && r.schema.type !== 'integer') {
      errs.push(invalid(at, f.jsonPath, 'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.'));
    }
    if (unique.has(r.path)) errs.push(duplicate(at, f.jsonPath));
    else unique.add(r.path);
  });
  if (unique.size > maxSelectableFields) errs.push(tooMany(path, unique.size, maxSelectableFields));
  return errs;
}

/** The field selector labels of a version (`spec.color`) and how each reads an object's value. */
export function selectableFieldGetters(fields: readonly SelectableField[] | undefined): Record<string, (obj: KubeObject) => string> {
  const out: Record<string, (obj: KubeObject) => string> = {};
  for (const f of fields ?? []) {
    const path = simplePath(f.jsonPath);
    out[path.join('.')] = (obj) => {
      const v = valueAtPath(obj, path);
      return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    };
  }
  return out;
}
