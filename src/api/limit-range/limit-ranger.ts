// The LimitRanger decisions (upstream plugin/pkg/admission/limitranger): default requests and limits for pod
// containers from a LimitRange's Container item (annotating the pod with what was set), and the min, max and
// maxLimitRequestRatio checks for Container, Pod and PersistentVolumeClaim items. Pure; pods are mutated in place.
import { containerResources, podLimits, podRequests } from '../core/v1/pod-resources.js';
import type { KubeObject } from '../meta/kind-rules.js';
import { parseQuantity, type Quantity } from '../resource/quantity.js';
import { limitRequestRatioConstraint, maxConstraint, maxRequestConstraint, minConstraint, type Quantities } from './constraints.js';

export const limitRangerAnnotation = 'kubernetes.io/limit-ranger';

type Item = { type?: string; min?: Record<string, string>; max?: Record<string, string>; default?: Record<string, string>; defaultRequest?: Record<string, string>; maxLimitRequestRatio?: Record<string, string> };
type Container = { name?: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };
type PodShape = { metadata?: { annotations?: Record<string, string> }; spec?: { containers?: Container[]; initContainers?: Container[] } };

const itemsOf = (lr: KubeObject): Item[] => ((lr['spec'] ?? {}) as { limits?: Item[] }).limits ?? [];

function quantities(raw: Record<string, string> | undefined): Record<string, Quantity> {
  const out: Record<string, Quantity> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    try {
      out[k] = parseQuantity(v);
    } catch {
      // LimitRange validation keeps malformed quantities out.
    }
  }
  return out;
}

/** Sorted entries: upstream walks Go maps in random order; a fixed order keeps messages stable. */
const sorted = (q: Record<string, Quantity>): [string, Quantity][] => Object.entries(q).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function defaultsOf(lr: KubeObject): { requests: Record<string, Quantity>; limits: Record<string, Quantity> } {
  const requests: Record<string, Quantity> = {};
  const limits: Record<string, Quantity> = {};
  for (const item of itemsOf(lr)) {
    if (item.type !== 'Container') continue;
    Object.assign(requests, quantities(item.defaultRequest));
    Object.assign(limits, quantities(item.default));
  }
  return { requests, limits };
}

function mergeContainer(c: Container, defaults: ReturnType<typeof defaultsOf>, what: string, notes: string[]): void {
  const resources = (c.resources ??= {});
  const limits = (resources.limits ??= {});
  const requests = (resources.requests ??= {});
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(defaults.limits)) if (!(k in limits)) { limits[k] = v.toString(); setLimits.push(k); }
  for (const [k, v] of Object.entries(defaults.requests)) if (!(k in requests)) { requests[k] = v.toString(); setRequests.push(k); }
  if (setRequests.length) notes.push(`${setRequests.sort().join(', ')} request for ${what} ${c.name ?? ''}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(', ')} limit for ${what} ${c.name ?? ''}`);
  if (Object.keys(limits).length === 0) delete resources.limits;
  if (Object.keys(requests).length === 0) delete resources.requests;
}

/** Upstream PodMutateLimitFunc: fills missing container requests and limits from the Container defaults. */
export function applyPodDefaults(lr: KubeObject, pod: KubeObject): void {
  const defaults = defaultsOf(lr);
  if (Object.keys(defaults.requests).length === 0 && Object.keys(defaults.limits).length === 0) return;
  const p = pod as PodShape;
  const notes: string[] = [];
  for (const c of p.spec?.containers ?? []) mergeContainer(c, defaults, 'container', notes);
  for (const c of p.spec?.initContainers ?? []) mergeContainer(c, defaults, 'init container', notes);
  if (notes.length) p.metadata = { ...p.metadata, annotations: { ...p.metadata?.annotations, [limitRangerAnnotation]: `LimitRanger plugin set: ${notes.join('; ')}` } };
}

function check(type: string, item: Item, requests: Quantities, limits: Quantities, out: string[]): void {
  const add = (m: string | undefined): void => { if (m) out.push(m); };
  for (const [k, v] of sorted(quantities(item.min))) add(minConstraint(type, k, v, requests, limits));
  for (const [k, v] of sorted(quantities(item.max))) add(maxConstraint(type, k, v, requests, limits));
  for (const [k, v] of sorted(quantities(item.maxLimitRequestRatio))) add(limitRequestRatioConstraint(type, k, v, requests, limits));
}

/** Upstream PodValidateLimitFunc: every violation of the range's Container and Pod items. */
export function podViolations(lr: KubeObject, pod: KubeObject): string[] {
  const spec = (pod as PodShape).spec ?? {};
  const out: string[] = [];
  for (const item of itemsOf(lr)) {
    if (item.type === 'Container') {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) check('Container', item, containerResources(c, 'requests'), containerResources(c, 'limits'), out);
    }
    if (item.type === 'Pod') check('Pod', item, podRequests(spec, { excludeOverhead: true }), podLimits(spec, { excludeOverhead: true }), out);
  }
  return out;
}

/** Upstream PersistentVolumeClaimValidateLimitFunc: min and max on the claim's requests (claims have no limits). */
export function claimViolations(lr: KubeObject, pvc: KubeObject): string[] {
  const requests = quantities(((pvc['spec'] ?? {}) as { resources?: { requests?: Record<string, string> } }).resources?.requests);
  const out: string[] = [];
  for (const item of itemsOf(lr)) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [k, v] of sorted(quantities(item.min))) { const m = minConstraint('PersistentVolumeClaim', k, v, requests, {}); if (m) out.push(m); }
    for (const [k, v] of sorted(quantities(item.max))) { const m = maxRequestConstraint('PersistentVolumeClaim', k, v, requests); if (m) out.push(m); }
  }
  return out;
}
