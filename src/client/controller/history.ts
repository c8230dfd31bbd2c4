// Controller history (upstream controller/history, shared by the StatefulSet and DaemonSet controllers):
// the ControllerRevision of a pod template, named `<owner>-<hash>`, whose data is the patch `kubectl rollout
// undo` applies back; which revision is the update revision (existing, renumbered for a rollback, or new).
// Pure; history-control.ts performs the writes.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { canonicalJson, hashText } from '../../util/index.js';
import { controllerRefTo, type Owner } from './ownership.js';

export type Revision = ControllerRevision & { metadata: { name: string } };

/** What differs between owner kinds: the label carrying the hash, and annotations copied from the owner. */
export interface RevisionScheme {
  /** StatefulSet: `controller.kubernetes.io/hash`; DaemonSet: `controller-revision-hash`. */
  readonly hashLabel: string;
  /** The DaemonSet copies its own annotations (kubectl rollout history shows kubernetes.io/change-cause from them). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Canonical JSON of objects that are never mutated (cache objects, revision data), computed once each. */
const canonicalCache = new WeakMap<object, string>();
function canonicalOf(v: unknown): string {
  if (v === null || typeof v !== 'object') return canonicalJson(v);
  let c = canonicalCache.get(v);
  if (c === undefined) canonicalCache.set(v, (c = canonicalJson(v)));
  return c;
}

/** The hash suffix: FNV-32a of the data (and the collision count, when non-zero), safe-encoded. */
export const revisionHash = (data: unknown, collisionCount = 0): string => hashText(canonicalOf(data), collisionCount);

export type RevisionData = { spec: { template: Record<string, unknown> } };
/** Data per template object: an owner is synced on every pod event, its template changes rarely. */
const dataCache = new WeakMap<object, RevisionData>();

/** The revision data: the patch that restores the template (`$patch: replace`, as upstream stores it). Treat as read-only. */
export function revisionData(template: PodTemplateSpec | undefined): RevisionData {
  const cached = template && dataCache.get(template);
  if (cached) return cached;
  const data = { spec: { template: { ...(structuredClone(template ?? {}) as Record<string, unknown>), $patch: 'replace' } } };
  if (template) dataCache.set(template, data);
  return data;
}

/** The revision of the owner's template: labels are the template's plus the hash label, the owner controls it. */
export function newRevision(owner: Owner, template: PodTemplateSpec | undefined, revision: number, options: RevisionScheme & { collisionCount?: number }): Revision {
  const data = revisionData(template);
  const hash = revisionHash(data, options.collisionCount ?? 0);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${hash}`,
      namespace: owner.metadata.namespace,
      labels: { ...(template?.metadata?.labels ?? {}), [options.hashLabel]: hash },
      ...(options.annotations && Object.keys(options.annotations).length ? { annotations: { ...options.annotations } } : {}),
      ownerReferences: [controllerRefTo(owner)],
    },
    data,
    revision,
  };
}

/** Whether two revisions hold the same template (a rollback reuses the earlier one instead of creating one). */
export function sameTemplate(a: ControllerRevision, b: ControllerRevision): boolean {
  return canonicalOf(a.data) === canonicalOf(b.data);
}

export function nextRevisionNumber(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision), 0) + 1;
}

/** The pod template a revision restores (upstream ApplyRevision of a `$patch: replace` patch). */
export function templateOf(revision: ControllerRevision): PodTemplateSpec {
  const data = (revision.data ?? {}) as { spec?: { template?: Record<string, unknown> } };
  const template = { ...(data.spec?.template ?? {}) };
  delete template['$patch'];
  return template as PodTemplateSpec;
}

/** Oldest first: by .revision, then creation time, then name (upstream SortControllerRevisions). */
export function sortRevisions<R extends Revision>(revisions: readonly R[]): R[] {
  return [...revisions].sort((a, b) => a.revision - b.revision
    || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '')
    || a.metadata.name.localeCompare(b.metadata.name));
}

export type UpdateRevisionPlan =
  /** The newest revision already holds the template. */
  | { readonly kind: 'existing'; readonly revision: Revision }
  /** An older revision holds it: a rollback, which renumbers that revision to the next number. */
  | { readonly kind: 'bump'; readonly revision: Revision; readonly to: number }
  /** No revision holds it: create the candidate (on a name collision the caller retries with collisionCount+1). */
  | { readonly kind: 'create'; readonly revision: Revision };

/** candidate: the revision of the current template, numbered nextRevisionNumber(revisions). */
export function planUpdateRevision(revisions: readonly Revision[], candidate: Revision): UpdateRevisionPlan {
  const sorted = sortRevisions(revisions);
  const latestEqual = sorted.filter((r) => sameTemplate(r, candidate)).at(-1);
  if (latestEqual && latestEqual === sorted.at(-1)) return { kind: 'existing', revision: latestEqual };
  if (latestEqual) return { kind: 'bump', revision: latestEqual, to: candidate.revision };
  return { kind: 'create', revision: candidate };
}
