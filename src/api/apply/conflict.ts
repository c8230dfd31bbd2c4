// The 409 an apply gets when it changes fields another manager owns, worded exactly as upstream
// (clients such as kubectl print it, and tests match it).
import { ApiError, type StatusCause } from '../errors.js';
import type { Manager } from './managed-fields.js';
import { describePath } from './path.js';

export interface Conflict {
  readonly id: string;
  readonly owner: Manager;
  readonly path: string;
}

/** `"kubectl" with subresource "scale" using apps/v1`: updaters show their version, appliers do not. */
export function printManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}

/** Conflicts must be ordered by manager identifier, then path (the order causes are listed in). */
export function conflictError(conflicts: readonly Conflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.owner)}`, field: describePath(c.path) }));
  return new ApiError(409, 'Conflict', conflictMessage(conflicts), { causes });
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) return `Apply failed with 1 conflict: conflict with ${printManager(only.owner)}: ${describePath(only.path)}`;
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) byManager.set(c.id, [...(byManager.get(c.id) ?? []), c]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const group = byManager.get(id) ?? [];
    const [first] = group;
    if (!first) continue;
    lines.push(`conflicts with ${printManager(first.owner)}:`);
    for (const c of group) lines.push(`- ${describePath(c.path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}
