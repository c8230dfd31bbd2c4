// Object filters for list and watch: namespace, label selector, field selector (with supported-field checks).
import {
  checkFieldSelector, matchesFields, matchesLabels,
  type FieldSelector, type KubeObject, type LabelSelector, type ResourceDescriptor,
} from '../../api/index.js';

export type Predicate = (obj: KubeObject) => boolean;

export function supportedFields(desc: ResourceDescriptor): Set<string> {
  const s = new Set(['metadata.name', ...Object.keys(desc.selectableFields)]);
  if (desc.namespaced) s.add('metadata.namespace');
  return s;
}

/** Builds the predicate; throws 400 for unsupported field labels. */
export function objectPredicate(desc: ResourceDescriptor, labels: LabelSelector, fields: FieldSelector): Predicate {
  checkFieldSelector(fields, supportedFields(desc));
  const noLabels = !labels.nothing && labels.requirements.length === 0;
  const noFields = fields.requirements.length === 0;
  if (noLabels && noFields) return () => true;
  return (obj) => {
    const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
    if (!noLabels && !matchesLabels(labels, meta.labels)) return false;
    if (noFields) return true;
    const set: Record<string, string> = { 'metadata.name': meta.name ?? '', 'metadata.namespace': meta.namespace ?? '' };
    for (const r of fields.requirements) {
      const get = desc.selectableFields[r.field];
      if (get) set[r.field] = get(obj);
    }
    return matchesFields(fields, set);
  };
}
