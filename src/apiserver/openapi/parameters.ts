// Query and path parameters of the generated operations, in swagger 2.0 or OpenAPI 3.0 form.
import type { Dialect } from './resource.js';

type ParamType = 'string' | 'boolean' | 'integer';

interface ParamSpec {
  /** How parameter lists name it; defaults to `name` (two parameters may share a name in different places). */
  id?: string;
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
  { name: 'container', in: 'query', type: 'string', description: 'The container to read from or connect to; defaults to the only container.' },
  { name: 'follow', in: 'query', type: 'boolean', description: 'Keep streaming the log as lines are written.' },
  { name: 'insecureSkipTLSVerifyBackend', in: 'query', type: 'boolean', description: 'Do not verify the serving certificate of the node the log is read from.' },
  { name: 'limitBytes', in: 'query', type: 'integer', description: 'Stop after this many bytes of log.' },
  { name: 'previous', in: 'query', type: 'boolean', description: 'Read the log of the previous, terminated instance of the container.' },
  { name: 'sinceSeconds', in: 'query', type: 'integer', description: 'Only lines written in the last this many seconds.' },
  { name: 'tailLines', in: 'query', type: 'integer', description: 'Only this many lines from the end of the log.' },
  { name: 'timestamps', in: 'query', type: 'boolean', description: 'Prefix every line with its RFC 3339 timestamp.' },
  { name: 'command', in: 'query', type: 'string', description: 'The command to run, one argument per parameter.' },
  { name: 'stdin', in: 'query', type: 'boolean', description: 'Connect the container\'s standard input.' },
  { name: 'stdout', in: 'query', type: 'boolean', description: 'Connect the container\'s standard output.' },
  { name: 'stderr', in: 'query', type: 'boolean', description: 'Connect the container\'s standard error.' },
  { name: 'tty', in: 'query', type: 'boolean', description: 'Allocate a terminal.' },
  { name: 'ports', in: 'query', type: 'integer', description: 'Container ports to forward.' },
  { name: 'path', in: 'query', type: 'string', description: 'The path of the request to proxy.' },
  { id: 'proxyPath', name: 'path', in: 'path', type: 'string', description: 'The path of the request to proxy.' },
];

const byName = new Map(specs.map((s) => [s.id ?? s.name, s]));

/** Named parameter lists of each operation kind. */
export const parameterSets = {
  list: ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'],
  write: ['dryRun', 'fieldManager', 'fieldValidation'],
  patch: ['dryRun', 'fieldManager', 'fieldValidation', 'force'],
  delete: ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'],
  deleteCollection: ['continue', 'dryRun', 'fieldSelector', 'gracePeriodSeconds', 'labelSelector', 'limit', 'orphanDependents', 'propagationPolicy', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds'],
  log: ['container', 'follow', 'insecureSkipTLSVerifyBackend', 'limitBytes', 'previous', 'sinceSeconds', 'tailLines', 'timestamps'],
  exec: ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty'],
  attach: ['container', 'stderr', 'stdin', 'stdout', 'tty'],
  portforward: ['ports'],
  proxy: ['path'],
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
