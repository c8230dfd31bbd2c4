// Naming: which @kubernetes/client-node model class holds a kind, and the definition name we give it.

const groupPrefix: Record<string, string> = {
  '': 'Core', 'events.k8s.io': 'Events', 'discovery.k8s.io': 'Discovery', 'storage.k8s.io': 'Storage', 'rbac.authorization.k8s.io': 'Rbac',
  'authentication.k8s.io': 'Authentication', 'authorization.k8s.io': 'Authorization',
};

/** The client-node class for a kind: `V1Pod`, or a group-qualified one where names collide (`CoreV1Event`). */
export function classForKind(group: string, version: string, kind: string): string {
  const v = version[0]!.toUpperCase() + version.slice(1);
  if (kind === 'Event') return `${groupPrefix[group] ?? ''}${v}${kind}`;
  return `${v}${kind}`;
}

/** `V1Pod` → `io.k8s.api.v1.Pod`; `CoreV1Event` → `io.k8s.api.core.v1.Event`. The last segment is the type name kubectl explain prints. */
export function definitionNameForClass(cls: string): string {
  const m = /^([A-Z][a-z]+)?(V\d+(?:alpha\d+|beta\d+)?)(.+)$/.exec(cls);
  if (!m) return `io.k8s.api.${cls}`;
  const group = m[1] ? `${m[1].toLowerCase()}.` : '';
  return `io.k8s.api.${group}${m[2]!.toLowerCase()}.${m[3]}`;
}
