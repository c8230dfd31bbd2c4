// The pods quota evaluator (upstream evaluator/core/pods.go): object counts, compute requests and limits with
// sidecars and overhead, the Terminating/BestEffort/PriorityClass/CrossNamespacePodAffinity scopes, and the
// historical rule that a quota on cpu or memory makes every container state it.
import { containerResources, podLimits, podRequests, type Quantities } from '../core/v1/pod-resources.js';
import { podQosClass } from '../core/v1/pod.js';
import type { KubeObject } from '../meta/kind-rules.js';
import { parseQuantity } from '../resource/quantity.js';
import { objectCountName, scopeSelectorMatches, type QuotaEvaluator, type ScopeRequirement } from './evaluator.js';
import { addLists, type ResourceList } from './resource-list.js';

const one = parseQuantity('1');
const podCount = objectCountName('', 'pods');
const podResources = new Set([
  podCount, 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods',
]);
/** Only these make every container state a value: a mistake upstream keeps for compatibility. */
const validationSet = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

const isNative = (n: string): boolean => !n.includes('/') || n.includes('kubernetes.io/');
const isExtended = (n: string): boolean => !isNative(n) && !n.startsWith('requests.');
const isExtendedQuotaName = (n: string): boolean => !isNative(n) && n.startsWith('requests.');

type PodShape = {
  metadata?: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number };
  spec?: {
    activeDeadlineSeconds?: number; priorityClassName?: string;
    containers?: { name?: string }[]; initContainers?: { name?: string }[];
    affinity?: { podAffinity?: AffinityShape; podAntiAffinity?: AffinityShape };
  };
  status?: { phase?: string };
};
type Term = { namespaces?: string[]; namespaceSelector?: object | null };
type AffinityShape = { requiredDuringSchedulingIgnoredDuringExecution?: Term[]; preferredDuringSchedulingIgnoredDuringExecution?: { podAffinityTerm?: Term }[] };

/** Upstream podComputeUsageHelper: pods=1 plus the requests and limits under their quota names. */
function computeUsage(requests: Quantities, limits: Quantities): ResourceList {
  const out: Record<string, ReturnType<typeof parseQuantity>> = { pods: one };
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests[r];
    if (req) { out[r] = req; out[`requests.${r}`] = req; }
    const lim = limits[r];
    if (lim) out[`limits.${r}`] = lim;
  }
  for (const [name, q] of Object.entries(requests)) {
    if (name.startsWith('hugepages-')) { out[name] = q; out[`requests.${name}`] = q; }
    if (isExtended(name)) out[`requests.${name}`] = q;
  }
  return out;
}

/** Upstream QuotaV1Pod: terminal pods, and pods past their deletion grace period, no longer use compute quota. */
export function isPodChargeable(pod: KubeObject, nowMs: number): boolean {
  const p = pod as PodShape;
  if (p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded') return false;
  const ts = p.metadata?.deletionTimestamp;
  const grace = p.metadata?.deletionGracePeriodSeconds;
  if (ts !== undefined && grace !== undefined && nowMs > Date.parse(ts) + grace * 1000) return false;
  return true;
}

const isTerminating = (p: PodShape): boolean => typeof p.spec?.activeDeadlineSeconds === 'number' && p.spec.activeDeadlineSeconds >= 0;

function crossNamespace(a: AffinityShape | undefined): boolean {
  const cross = (t: Term | undefined): boolean => (t?.namespaces?.length ?? 0) > 0 || (t?.namespaceSelector !== undefined && t.namespaceSelector !== null);
  return (a?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(cross) || (a?.preferredDuringSchedulingIgnoredDuringExecution ?? []).some((w) => cross(w.podAffinityTerm));
}

function matchesScope(req: ScopeRequirement, obj: KubeObject): boolean {
  const p = obj as PodShape;
  switch (req.scopeName) {
    case 'Terminating': return isTerminating(p);
    case 'NotTerminating': return !isTerminating(p);
    case 'BestEffort': return podQosClass(p.spec) === 'BestEffort';
    case 'NotBestEffort': return podQosClass(p.spec) !== 'BestEffort';
    case 'PriorityClass': {
      const pc = p.spec?.priorityClassName || undefined;
      return req.operator === 'Exists' ? pc !== undefined : scopeSelectorMatches(req, pc);
    }
    case 'CrossNamespacePodAffinity': return crossNamespace(p.spec?.affinity?.podAffinity) || crossNamespace(p.spec?.affinity?.podAntiAffinity);
    default: return false;
  }
}

export const podEvaluator: QuotaEvaluator = {
  group: '',
  resource: 'pods',
  handles: (op, subresource) => op === 'CREATE' && subresource === '',
  matchingResources: (names) => names.filter((n) => podResources.has(n) || n.startsWith('hugepages-') || n.startsWith('requests.hugepages-') || isExtendedQuotaName(n)),
  matchesScope,
  constraints(required, obj) {
    const needed = required.filter((r) => validationSet.has(r));
    if (needed.length === 0) return undefined;
    const spec = (obj['spec'] ?? {}) as { containers?: unknown[]; initContainers?: unknown[] };
    const missing = new Map<string, Set<string>>();
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      const have = computeUsage(containerResources(c, 'requests'), containerResources(c, 'limits'));
      for (const r of needed) {
        if (have[r]) continue;
        const names = missing.get(r) ?? new Set<string>();
        names.add(String((c as { name?: string }).name ?? ''));
        missing.set(r, names);
      }
    }
    if (missing.size === 0) return undefined;
    return `must specify ${[...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`).join('; ')}`;
  },
  usage(obj, nowMs) {
    const count: ResourceList = { [podCount]: one };
    if (!isPodChargeable(obj, nowMs)) return count;
    const spec = obj['spec'];
    return addLists(count, computeUsage(podRequests(spec), podLimits(spec)));
  },
};
