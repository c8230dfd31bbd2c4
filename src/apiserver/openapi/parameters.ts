// Query and path parameters of the generated operations, in swagger 2.0 or OpenAPI 3.0 form.
import type { Dialect } from './resource.js';

type ParamType = 'string' | 'boolean' | 'integer';

interface ParamSpec {
  name: string;
  in: 'query' | 'path';
  type: ParamType;
  description: string;
}

const specs: readonly ParamSpec[] = [
  { name: 'name', in: 'path', type: 'string', description: 'name of the object' },
  { name: 'namespace', in: 'path', type: 'string', description: 'namespace of the object' },
  { name: 'pretty', in: 'query', type: 'string', description: 'If "true", the output is indented.' },
  { name: 'dryRun', in: 'query', type: 'string', description: 'When "All", the request is validated and computed but nothing is persisted.' },
  { name: 'fieldManager', in: 'query', type: 'string', description: 'Name of the actor making the change, recorded in managedFields.' },
  { name: 'fieldValidation', in: 'query', type: 'string', description: 'What to do with unknown or duplicate fields: "Ignore", "Warn" or "Strict".' },
  { name: 'force', in: 'query', type: 'boolean', description: 'Apply requests only: take ownership of conflicting fields from other managers.' },
  { name: 'labelSelector', in: 'query', type: 'string', description: 'Restricts the result to objects whose labels match this selector.' },
  { name: 'fieldSelector', in: 'query', type: 'string', description: 'Restricts the result to objects whose fields match this selector.' },
  { name: 'limit', in: 'query', type: 'integer', description: 'Maximum number of items to return; the rest is reachable with continue.' },
  { name: 'continue', in: 'query', type: 'string', description: 'Token from a previous paged list response.' },
  { name: 'resourceVersion', in: 'query', type: 'string', description: 'Which resource version the result must be at least as new as.' },
  { name: 'resourceVersionMatch', in: 'query', type: 'string', description: 'How resourceVersion applies: "Exact" or "NotOlderThan".' },
  { name: 'watch', in: 'query', type: 'boolean', description: 'Stream changes after the initial list.' },
  { name: 'allowWatchBookmarks', in: 'query', type: 'boolean', description: 'Request BOOKMARK watch events.' },
  { name: 'sendInitialEvents', in: 'query', type: 'boolean', description: 'Start a watch with synthetic ADDED events for existing objects.' },
  { name: 'timeoutSeconds', in: 'query', type: 'integer', description: 'Time limit of a list or watch call.' },
  { name: 'gracePeriodSeconds', in: 'query', type: 'integer', description: 'Seconds before the object is deleted; 0 means immediately.' },
  { name: 'orphanDependents', in: 'query', type: 'boolean', description: 'Deprecated: use propagationPolicy.' },
  { name: 'propagationPolicy', in: 'query', type: 'string', description: 'Garbage collection of dependents: "Orphan", "Background" or "Foreground".' },
];

const byName = new Map(specs.map((s) => [s.name, s]));

/** Named parameter lists of each operation kind. */
export const parameterSets = {
  list: ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'],
  write: ['dryRun', 'fieldManager', 'fieldValidation'],
  patch: ['dryRun', 'fieldManager', 'fieldValidation', 'force'],
  delete: ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'],
  deleteCollection: ['continue', 'dryRun', 'fieldSelector', 'gracePeriodSeconds', 'labelSelector', 'limit', 'orphanDependents', 'propagationPolicy', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds'],
} as const satisfies Record<string, readonly string[]>;

/** Parameter objects for `names`, declared inline (kubectl's field-validation probe reads them from the operation). */
export function parameters(names: readonly string[], dialect: Dialect): Record<string, unknown>[] {
  return names.map((n) => {
    const s = byName.get(n);
    if (!s) throw new RangeError(`Unknown OpenAPI parameter "${n}"`);
    const base = { name: s.name, in: s.in, description: s.description, ...(s.in === 'path' ? { required: true } : {}) };
    if (dialect === 'v2') return { ...base, type: s.type, uniqueItems: true };
    return { ...base, schema: { type: s.type, uniqueItems: true } };
  });
}
