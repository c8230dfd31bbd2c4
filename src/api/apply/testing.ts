// Test fixtures for apply: hand-built PatchMeta trees (a Deployment-like kind) and object builders.
import type { PatchMeta, PatchStrategy } from '../patch/patch-meta.js';
import type { KubeObject } from '../meta/kind-rules.js';

export const scalar: PatchMeta = { kind: 'scalar', field: () => undefined, elem: () => undefined };

export function struct(fields: Record<string, PatchMeta>, mapType?: 'atomic'): PatchMeta {
  return { kind: 'struct', field: (n) => (Object.hasOwn(fields, n) ? fields[n] : undefined), elem: () => undefined, ...(mapType ? { mapType } : {}) };
}

export function mapOf(elem: PatchMeta): PatchMeta {
  return { kind: 'map', field: () => undefined, elem: () => elem };
}

export interface ListOptions {
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: readonly string[];
  mergeKey?: string;
  strategy?: PatchStrategy;
}

export function listOf(elem: PatchMeta, o: ListOptions = {}): PatchMeta {
  return { kind: 'list', field: () => undefined, elem: () => elem, ...o };
}

const objectMeta = struct({
  name: scalar,
  namespace: scalar,
  uid: scalar,
  resourceVersion: scalar,
  generation: scalar,
  creationTimestamp: scalar,
  labels: mapOf(scalar),
  annotations: mapOf(scalar),
  finalizers: listOf(scalar, { listType: 'set', strategy: 'merge' }),
  managedFields: listOf(struct({ manager: scalar }), { listType: 'atomic' }),
});

const container = struct({
  name: scalar,
  image: scalar,
  args: listOf(scalar, { listType: 'atomic' }),
  // No listType: keyed by the merge key, and upstream's containerPort+protocol.
  ports: listOf(struct({ containerPort: scalar, protocol: scalar, name: scalar }), { mergeKey: 'containerPort', strategy: 'merge' }),
  env: listOf(struct({ name: scalar, value: scalar }), { mergeKey: 'name', strategy: 'merge' }),
  resources: struct({ limits: mapOf(scalar), requests: mapOf(scalar) }),
});

export const deploymentMeta: PatchMeta = struct({
  apiVersion: scalar,
  kind: scalar,
  metadata: objectMeta,
  spec: struct({
    replicas: scalar,
    paused: scalar,
    selector: struct({ matchLabels: mapOf(scalar) }, 'atomic'),
    strategy: struct({ type: scalar, rollingUpdate: struct({ maxSurge: scalar, maxUnavailable: scalar }) }),
    template: struct({
      metadata: objectMeta,
      spec: struct({
        containers: listOf(container, { listType: 'map', listMapKeys: ['name'], mergeKey: 'name', strategy: 'merge' }),
        nodeSelector: mapOf(scalar),
      }),
    }),
  }),
  status: struct({ replicas: scalar, readyReplicas: scalar }),
});

export interface DeploymentOptions {
  replicas?: number;
  labels?: Record<string, string>;
  containers?: Record<string, unknown>[];
}

/** An applied configuration of Deployment "web" (no server fields). */
export function deployment(o: DeploymentOptions = {}): KubeObject {
  const spec: Record<string, unknown> = {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: o.containers ?? [{ name: 'nginx', image: 'nginx:1.25' }] } },
  };
  if (o.replicas !== undefined) spec['replicas'] = o.replicas;
  const metadata: Record<string, unknown> = { name: 'web', namespace: 'default' };
  if (o.labels) metadata['labels'] = o.labels;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec };
}

/** The managedFields of an object as [manager, operation] pairs plus fieldsV1, for compact assertions. */
export function owners(obj: KubeObject): { manager: string; operation: string; fieldsV1: unknown; time?: string; subresource?: string }[] {
  const mf = obj.metadata?.['managedFields'];
  return Array.isArray(mf) ? (mf as { manager: string; operation: string; fieldsV1: unknown }[]) : [];
}

export const t0 = new Date('2024-01-02T03:04:05.678Z');
export const t1 = new Date('2024-01-02T04:00:00Z');
