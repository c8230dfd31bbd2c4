// Where Pod Security finds a pod spec: pods themselves, and the pod templates of workload kinds (upstream
// DefaultPodSpecExtractor); and which pod updates are worth evaluating again (upstream isSignificantPodUpdate).
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../meta/kind-rules.js';

type Template = { metadata?: ObjectMeta; spec?: PodSpec };

/** group/resource → where the pod template sits. */
const templatePaths: Readonly<Record<string, readonly string[]>> = {
  '/replicationcontrollers': ['spec', 'template'],
  '/podtemplates': ['template'],
  'apps/replicasets': ['spec', 'template'],
  'apps/deployments': ['spec', 'template'],
  'apps/statefulsets': ['spec', 'template'],
  'apps/daemonsets': ['spec', 'template'],
  'batch/jobs': ['spec', 'template'],
  'batch/cronjobs': ['spec', 'jobTemplate', 'spec', 'template'],
};

export const hasPodTemplate = (group: string, resource: string): boolean => `${group}/${resource}` in templatePaths;

/** The pod template of a workload object, or undefined when the kind has none or the object carries none. */
export function podTemplateOf(group: string, resource: string, obj: KubeObject): { meta: ObjectMeta; spec: PodSpec } | undefined {
  const path = templatePaths[`${group}/${resource}`];
  if (!path) return undefined;
  let cur: unknown = obj;
  for (const p of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  if (cur === null || typeof cur !== 'object') return undefined;
  const t = cur as Template;
  if (!t.metadata && !t.spec) return undefined;
  return { meta: t.metadata ?? {}, spec: t.spec ?? { containers: [] } };
}

const seccompPodAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
const seccompContainerPrefix = 'container.seccomp.security.alpha.kubernetes.io/';

function containerChanged(c: Container, old: Container, a: Record<string, string>, oldA: Record<string, string>): boolean {
  return c.image !== old.image || a[seccompContainerPrefix + c.name] !== oldA[seccompContainerPrefix + c.name];
}

/** Only image changes, the seccomp annotations and added containers can make an admitted pod violate a policy. */
export function isSignificantPodUpdate(pod: Pod, old: Pod): boolean {
  const a = pod.metadata?.annotations ?? {};
  const oldA = old.metadata?.annotations ?? {};
  if (a[seccompPodAnnotation] !== oldA[seccompPodAnnotation]) return true;
  const s = pod.spec ?? { containers: [] };
  const os = old.spec ?? { containers: [] };
  for (const field of ['containers', 'initContainers'] as const) {
    const now = s[field] ?? [];
    const before = os[field] ?? [];
    if (now.length !== before.length) return true;
    if (now.some((c, i) => containerChanged(c, before[i]!, a, oldA))) return true;
  }
  for (const e of s.ephemeralContainers ?? []) {
    const prev = (os.ephemeralContainers ?? []).find((o) => o.name === e.name);
    if (!prev || containerChanged(e as Container, prev as Container, a, oldA)) return true;
  }
  return false;
}
