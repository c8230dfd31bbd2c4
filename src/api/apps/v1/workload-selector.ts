// The selector rules shared by workload controllers (StatefulSet, Deployment, ReplicaSet, DaemonSet, Job):
// selector present and valid, non-empty, and matching the pod template's labels.
import {
  fromLabelSelectorObject, invalid, matchesLabels, required, validateLabelSelector,
  type FieldError, type FieldPath, type LabelSelectorObject,
} from '../../meta/index.js';
import { isRecord, rec, strMap } from './json-fields.js';

export interface WorkloadSelectorOptions {
  /** The word in "empty selector is invalid for <kind>" (upstream says "deployment" for ReplicaSet too). */
  readonly kindWord?: string;
  /** Job has no empty-selector rule. */
  readonly allowEmpty?: boolean;
}

/**
 * Validates spec.selector and that it selects spec.template.metadata.labels.
 * `spec` is the decoded spec object; `path` points at it (usually `spec`).
 */
export function validateWorkloadSelector(spec: Record<string, unknown>, path: FieldPath, opts: WorkloadSelectorOptions): FieldError[] {
  const errs: FieldError[] = [];
  const sel = spec['selector'];
  const selPath = path.child('selector');
  if (sel === undefined || sel === null) {
    errs.push(required(selPath));
    return errs;
  }
  errs.push(...validateLabelSelector(sel, selPath));
  const s = rec(sel);
  const count = Object.keys(rec(s['matchLabels'])).length + (Array.isArray(s['matchExpressions']) ? s['matchExpressions'].length : 0);
  if (count === 0 && opts.allowEmpty !== true) errs.push(invalid(selPath, sel, `empty selector is invalid for ${opts.kindWord ?? ''}`));
  if (!isRecord(sel) || (count === 0 && opts.allowEmpty !== true)) return errs;
  let parsed;
  try {
    parsed = fromLabelSelectorObject(sel as LabelSelectorObject);
  } catch {
    return errs; // an unknown operator is already reported by validateLabelSelector
  }
  const labels = strMap(rec(rec(spec['template'])['metadata'])['labels']);
  if (!matchesLabels(parsed, labels)) {
    errs.push(invalid(path.child('template', 'metadata', 'labels'), labels ?? null, '`selector` does not match template `labels`'));
  }
  return errs;
}
