// Test builders for PatchMeta trees, so patch tests do not depend on the OpenAPI-backed schema.
import type { PatchMeta, PatchStrategy } from './patch-meta.js';

export const scalar = (): PatchMeta => ({ kind: 'scalar', field: () => undefined, elem: () => undefined });

/** A typed object; fields not listed are unknown (undefined). */
export function struct(fields: Record<string, PatchMeta>, opts: { strategy?: PatchStrategy } = {}): PatchMeta {
  return { kind: 'struct', field: (n) => fields[n], elem: () => undefined, ...opts };
}

/** A string-keyed map whose values are described by `values`. */
export const map = (values: PatchMeta = scalar()): PatchMeta => ({ kind: 'map', field: () => undefined, elem: () => values });

/** A list; pass strategy/mergeKey for x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key. */
export function list(items: PatchMeta, opts: { strategy?: PatchStrategy; mergeKey?: string; listType?: 'atomic' | 'set' | 'map' } = {}): PatchMeta {
  return { kind: 'list', field: () => undefined, elem: () => items, ...opts };
}

const s = scalar;

function shapes(): { objectMeta: PatchMeta; podSpec: PatchMeta } {
  const container = struct({
    name: s(), image: s(),
    ports: list(struct({ containerPort: s(), name: s(), protocol: s() }), { strategy: 'merge', mergeKey: 'containerPort' }),
    env: list(struct({ name: s(), value: s() }), { strategy: 'merge', mergeKey: 'name' }),
    args: list(s(), { listType: 'atomic' }),
  });
  const volume = struct({ name: s(), emptyDir: struct({ medium: s() }), hostPath: struct({ path: s(), type: s() }), configMap: struct({ name: s() }) });
  const podSpec = struct({
    containers: list(container, { strategy: 'merge', mergeKey: 'name' }),
    volumes: list(volume, { strategy: 'merge,retainKeys', mergeKey: 'name' }),
    tolerations: list(struct({ key: s(), operator: s(), effect: s() }), { listType: 'atomic' }),
    nodeSelector: map(),
  });
  const objectMeta = struct({ name: s(), labels: map(), annotations: map(), finalizers: list(s(), { strategy: 'merge' }) });
  return { objectMeta, podSpec };
}

/** A Pod-like shape with the patch strategies upstream declares for these fields. */
export function podMeta(): PatchMeta {
  const { objectMeta, podSpec } = shapes();
  return struct({ apiVersion: s(), kind: s(), metadata: objectMeta, spec: podSpec });
}

/** A StatefulSet/Deployment-like shape: replicas, a pod template, and a retainKeys update strategy. */
export function workloadMeta(): PatchMeta {
  const { objectMeta, podSpec } = shapes();
  const strategy = struct({ type: s(), rollingUpdate: struct({ maxSurge: s(), maxUnavailable: s() }) }, { strategy: 'retainKeys' });
  const spec = struct({ replicas: s(), template: struct({ metadata: objectMeta, spec: podSpec }), strategy });
  return struct({ apiVersion: s(), kind: s(), metadata: objectMeta, spec });
}

/** Freezes a value recursively so that tests catch any mutation of patch inputs. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
