// Discovery order of API groups and versions (upstream's APIService priorities): groups by
// groupPriorityMinimum, highest first, then by APIService name; versions by versionPriority, then by
// Kubernetes version order (GA > beta > alpha, higher numbers first).

export interface ApiServicePriority {
  readonly groupPriorityMinimum: number;
  readonly versionPriority: number;
}

/**
 * Priorities of the group-versions a Kubernetes API server serves itself (kube-apiserver's table; groups
 * Skiff does not serve are kept so a merge with a newer table stays a diff of values).
 */
const builtIn: Readonly<Record<string, ApiServicePriority>> = {
  '/v1': { groupPriorityMinimum: 18000, versionPriority: 1 },
  'apiregistration.k8s.io/v1': { groupPriorityMinimum: 18000, versionPriority: 15 },
  'apps/v1': { groupPriorityMinimum: 17800, versionPriority: 15 },
  'events.k8s.io/v1': { groupPriorityMinimum: 17750, versionPriority: 15 },
  'authentication.k8s.io/v1': { groupPriorityMinimum: 17700, versionPriority: 15 },
  'authorization.k8s.io/v1': { groupPriorityMinimum: 17600, versionPriority: 15 },
  'autoscaling/v1': { groupPriorityMinimum: 17500, versionPriority: 15 },
  'autoscaling/v2': { groupPriorityMinimum: 17500, versionPriority: 30 },
  'batch/v1': { groupPriorityMinimum: 17400, versionPriority: 15 },
  'certificates.k8s.io/v1': { groupPriorityMinimum: 17300, versionPriority: 15 },
  'networking.k8s.io/v1': { groupPriorityMinimum: 17200, versionPriority: 15 },
  'policy/v1': { groupPriorityMinimum: 17100, versionPriority: 15 },
  'rbac.authorization.k8s.io/v1': { groupPriorityMinimum: 17000, versionPriority: 15 },
  'storage.k8s.io/v1': { groupPriorityMinimum: 16800, versionPriority: 15 },
  'apiextensions.k8s.io/v1': { groupPriorityMinimum: 16700, versionPriority: 15 },
  'admissionregistration.k8s.io/v1': { groupPriorityMinimum: 16700, versionPriority: 15 },
  'scheduling.k8s.io/v1': { groupPriorityMinimum: 16600, versionPriority: 15 },
  'coordination.k8s.io/v1': { groupPriorityMinimum: 16500, versionPriority: 15 },
  'node.k8s.io/v1': { groupPriorityMinimum: 16300, versionPriority: 15 },
  'discovery.k8s.io/v1': { groupPriorityMinimum: 16200, versionPriority: 15 },
  'flowcontrol.apiserver.k8s.io/v1': { groupPriorityMinimum: 16100, versionPriority: 21 },
};

/** The priority of a built-in group-version, or undefined for one the table does not know. */
export function builtInPriority(group: string, version: string): ApiServicePriority | undefined {
  return builtIn[`${group}/${version}`];
}

interface ParsedVersion { readonly major: number; readonly level: 0 | 1 | 2; readonly minor: number }

function parseKubeVersion(v: string): ParsedVersion | undefined {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return undefined;
  const level = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
  return { major: Number(m[1]), level, minor: m[3] === undefined ? 0 : Number(m[3]) };
}

/**
 * Upstream CompareKubeAwareVersionStrings as a sort comparator (negative: `a` first): Kubernetes-style
 * versions before others, GA before beta before alpha, higher major then higher minor first; other
 * strings in lexical order.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  const x = parseKubeVersion(a);
  const y = parseKubeVersion(b);
  if (!x && !y) return a < b ? -1 : a > b ? 1 : 0;
  if (!x) return 1;
  if (!y) return -1;
  if (x.level !== y.level) return y.level - x.level;
  if (x.major !== y.major) return y.major - x.major;
  return y.minor - x.minor;
}

export interface PrioritizedGroupVersion extends ApiServicePriority {
  readonly group: string;
  readonly version: string;
}

/**
 * Groups in discovery order, each with its versions in preferred order (upstream
 * SortedByGroupAndVersion): a group's rank is the highest groupPriorityMinimum among its versions, ties
 * broken by the APIService name (`<version>.<group>`) of that version.
 */
export function sortGroupVersions(items: readonly PrioritizedGroupVersion[]): { group: string; versions: string[] }[] {
  const byGroupRank = [...items].sort((a, b) => b.groupPriorityMinimum - a.groupPriorityMinimum || cmp(`${a.version}.${a.group}`, `${b.version}.${b.group}`));
  const groups = new Map<string, PrioritizedGroupVersion[]>();
  for (const it of byGroupRank) {
    const list = groups.get(it.group);
    if (list) { if (!list.some((x) => x.version === it.version)) list.push(it); } else groups.set(it.group, [it]);
  }
  return [...groups.entries()].map(([group, vs]) => ({
    group,
    versions: vs.sort((a, b) => b.versionPriority - a.versionPriority || compareKubeAwareVersions(a.version, b.version)).map((v) => v.version),
  }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
