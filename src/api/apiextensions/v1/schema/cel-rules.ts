// x-kubernetes-validations (CEL) is not evaluated by Skiff yet: this lists where rules sit so the caller can
// refuse such a CRD with a clear error instead of storing rules that would never run.
import { FieldPath } from '../../../meta/field-path.js';
import { itemsSchema, type JSONSchemaProps } from './types.js';

/** Schema paths (`openAPIV3Schema.properties[spec].x-kubernetes-validations`) of every node carrying CEL rules. */
export function celRulesPresent(schema: JSONSchemaProps, path: FieldPath = new FieldPath('openAPIV3Schema')): string[] {
  const out: string[] = [];
  const visit = (s: JSONSchemaProps | undefined, p: FieldPath): void => {
    if (s === undefined) return;
    if (s['x-kubernetes-validations']?.length) out.push(p.child('x-kubernetes-validations').toString());
    for (const [k, sub] of Object.entries(s.properties ?? {})) visit(sub, p.child('properties').key(k));
    visit(itemsSchema(s), p.child('items'));
    if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, p.child('additionalProperties'));
    for (const j of ['allOf', 'anyOf', 'oneOf'] as const) s[j]?.forEach((sub, i) => visit(sub, p.child(j).index(i)));
    visit(s.not, p.child('not'));
  };
  visit(schema, path);
  return out;
}
