// The garbage collector's view of custom resources (upstream discovers every deletable resource and resyncs its
// monitors; Skiff reads the CustomResourceDefinitions): which resource to monitor for a CRD, how the monitored
// set changes, and how an owner reference's kind resolves. Pure.
import { lookupKind, type ResourceDescriptor } from '../../api/index.js';

/** A monitored resource's identity: its group, version and plural. */
export function monitorKey(r: Pick<ResourceDescriptor, 'group' | 'version' | 'plural'>): string {
  return `${r.group}/${r.version}/${r.plural}`;
}

/**
 * The one resource to monitor among a CRD's served versions (apiextensions.customResourceDescriptors: none unless
 * it is established): the storage version when it is served, else the first served version (read through
 * conversion). Every version holds the same objects, so one monitor sees each object once.
 */
export function monitoredResource(served: readonly ResourceDescriptor[]): ResourceDescriptor | undefined {
  return served.find((r) => !r.conversion) ?? served[0];
}

export interface MonitorChanges {
  /** Resources to start monitoring. */
  readonly start: readonly ResourceDescriptor[];
  /** Keys (monitorKey) of monitors to stop, their graph nodes forgotten. */
  readonly stop: readonly string[];
}

/** What to start and stop so the running monitors (by key) become the desired resources. */
export function planMonitors(running: Iterable<string>, desired: readonly ResourceDescriptor[]): MonitorChanges {
  const want = new Map(desired.map((r) => [monitorKey(r), r]));
  const have = new Set(running);
  return {
    start: [...want].filter(([k]) => !have.has(k)).map(([, r]) => r),
    stop: [...have].filter((k) => !want.has(k)),
  };
}

/** An apiVersion split into group and version ("v1" is the core group). */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The resource an owner reference's apiVersion and kind name: a built-in kind first, then a served version of a
 * custom resource. Undefined when nothing serves it: the owner's existence is then unknown, never assumed gone.
 */
export function resolveOwnerKind(apiVersion: string, kind: string, custom: Iterable<ResourceDescriptor>): ResourceDescriptor | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  const builtIn = lookupKind(group, version, kind);
  if (builtIn) return builtIn;
  for (const r of custom) if (r.group === group && r.version === version && r.kind === kind) return r;
  return undefined;
}

/** Whether an owner reference names a kind among these resources (any version of their group): owners to look at again once they are served. */
export function namesKindOf(owner: { apiVersion: string; kind: string }, resources: readonly Pick<ResourceDescriptor, 'group' | 'kind'>[]): boolean {
  const { group } = parseApiVersion(owner.apiVersion);
  return resources.some((r) => r.group === group && r.kind === owner.kind);
}
