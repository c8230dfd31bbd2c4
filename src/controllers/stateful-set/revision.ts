// StatefulSet revisions (upstream controller history): the ControllerRevision for a template, named
// `<set>-<hash>`, whose data is the template patch kubectl rollout undo applies back. Pure.
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1.js';
import { setOwner, type SetObject } from './identity.js';
import { controllerRefTo } from '../../client/index.js';
import { canonicalJson, hashText } from '../../util/index.js';

/** The hash suffix: FNV-32a of the data (and the collision count, when non-zero), safe-encoded. */
export const revisionHash = (data: unknown, collisionCount = 0): string => hashText(canonicalOf(data), collisionCount);

/** Canonical JSON of objects that are never mutated (cache objects, revision data), computed once each. */
const canonicalCache = new WeakMap<object, string>();
function canonicalOf(v: unknown): string {
  if (v === null || typeof v !== 'object') return canonicalJson(v);
  let c = canonicalCache.get(v);
  if (c === undefined) canonicalCache.set(v, (c = canonicalJson(v)));
  return c;
}

type RevisionData = { spec: { template: Record<string, unknown> } };
/** Data per template object: a set is synced on every pod event, its template changes rarely. */
const dataCache = new WeakMap<object, RevisionData>();

/** The revision data: the patch that restores the template (`$patch: replace`, as upstream stores it). Treat as read-only. */
export function revisionData(set: StatefulSet): RevisionData {
  const template = set.spec?.template;
  const cached = template && dataCache.get(template);
  if (cached) return cached;
  const data = { spec: { template: { ...(structuredClone(template ?? {}) as Record<string, unknown>), $patch: 'replace' } } };
  if (template) dataCache.set(template, data);
  return data;
}

export function newRevision(set: SetObject, revision: number, collisionCount = 0): ControllerRevision & { metadata: { name: string } } {
  const data = revisionData(set);
  const hash = revisionHash(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${set.metadata.name}-${hash}`,
      namespace: set.metadata.namespace,
      labels: { ...(set.spec?.template.metadata?.labels ?? {}), 'controller.kubernetes.io/hash': hash },
      ownerReferences: [controllerRefTo(setOwner(set))],
    },
    data,
    revision,
  };
}

/** Whether a stored revision holds the same template (rollback reuses it instead of creating one). */
export function sameTemplate(a: ControllerRevision, b: ControllerRevision): boolean {
  return canonicalOf(a.data) === canonicalOf(b.data);
}

export function nextRevisionNumber(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision), 0) + 1;
}

/** The set as it was at a revision: its template replaced by the revision's (upstream ApplyRevision of a `$patch: replace` patch). */
export function applyRevision(set: SetObject, revision: ControllerRevision): SetObject {
  const data = (revision.data ?? {}) as { spec?: { template?: Record<string, unknown> } };
  const template = { ...(data.spec?.template ?? {}) };
  delete template['$patch'];
  return { ...set, spec: { ...set.spec!, template: template as NonNullable<StatefulSet['spec']>['template'] } };
}
