import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPodTemplateSpec } from '../../core/v1/index.js';
import { errorString, type KubeObject } from '../../meta/index.js';
import { dropStatefulSetDisabledFields, statefulSetRules, statefulSetSpecForbiddenMessage } from './stateful-set.js';

const defaults = (o: KubeObject): KubeObject => {
  const c = structuredClone(o);
  statefulSetRules.defaults?.(c);
  return c;
};
const validate = (o: KubeObject): string[] => (statefulSetRules.validate?.(o) ?? []).map(errorString);
const validateUpdate = (o: KubeObject, old: KubeObject): string[] => (statefulSetRules.validateUpdate?.(o, old) ?? []).map(errorString);
const defaultedTemplate = (t: Record<string, unknown>): Record<string, unknown> => {
  const c = structuredClone(t);
  defaultPodTemplateSpec(c);
  return c;
};

/** seed 000: the `web` StatefulSet of the StatefulSet lab (web.yml), with a namespace as the server assigns. */
const seed000Template = {
  metadata: { labels: { app: 'nginx' } },
  spec: {
    containers: [{
      name: 'nginx',
      image: 'registry.cn-hangzhou.aliyuncs.com/chenshi-kubernetes/nginx-slim:0.8',
      ports: [{ containerPort: 80, name: 'web' }],
      volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }],
    }],
  },
};
const seed000: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'nginx' } },
    serviceName: 'nginx',
    replicas: 2,
    template: seed000Template,
    volumeClaimTemplates: [{
      metadata: { name: 'www' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-storage', resources: { requests: { storage: '10Mi' } } },
    }],
  },
};

/** seed 001: nginx-sts.yaml, later updated with a partitioned rolling update. */
const seed001: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    serviceName: 'nginx',
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:9', ports: [{ name: 'web', containerPort: 80 }], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] },
    },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
};

test('statefulSetRules.defaults() fills the seed 000 web StatefulSet like upstream', () => {
  assert.deepEqual(defaults(seed000), {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      serviceName: 'nginx',
      replicas: 2,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: defaultedTemplate(seed000Template),
      // Templates stay as written (Skiff departs from upstream so that re-apply is "unchanged").
      volumeClaimTemplates: [{
        metadata: { name: 'www' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-storage', resources: { requests: { storage: '10Mi' } } },
      }],
    },
  });
});

test('statefulSetRules.validate() accepts the defaulted seed 000 and seed 001 StatefulSets', () => {
  assert.deepEqual(validate(defaults(seed000)), []);
  assert.deepEqual(validate(defaults(seed001)), []);
});

test('statefulSetRules.defaults() keeps explicit values and materialises rollingUpdate only for a defaulted type', () => {
  const spec = (o: KubeObject): Record<string, unknown> => o['spec'] as Record<string, unknown>;
  const withStrategy = (s: unknown, extra: Record<string, unknown> = {}): KubeObject => ({ ...seed001, spec: { ...spec(seed001), updateStrategy: s, ...extra } });
  const cases: { name: string; in: KubeObject; want: Record<string, unknown> }[] = [
    { name: 'OnDelete gets no rollingUpdate', in: withStrategy({ type: 'OnDelete' }), want: { type: 'OnDelete' } },
    { name: 'explicit RollingUpdate without a block stays without one', in: withStrategy({ type: 'RollingUpdate' }), want: { type: 'RollingUpdate' } },
    { name: 'an empty block gets partition 0', in: withStrategy({ type: 'RollingUpdate', rollingUpdate: {} }), want: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
    { name: 'a partition is kept', in: withStrategy({ rollingUpdate: { partition: 1 } }), want: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
  ];
  for (const c of cases) assert.deepEqual(spec(defaults(c.in))['updateStrategy'], c.want, c.name);
  const explicit = defaults(withStrategy({ type: 'OnDelete' }, { replicas: 0, podManagementPolicy: 'Parallel', revisionHistoryLimit: 3, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } }));
  assert.deepEqual(
    [spec(explicit)['replicas'], spec(explicit)['podManagementPolicy'], spec(explicit)['revisionHistoryLimit'], spec(explicit)['persistentVolumeClaimRetentionPolicy']],
    [0, 'Parallel', 3, { whenScaled: 'Delete', whenDeleted: 'Retain' }],
  );
});

type Mutation = (spec: Record<string, unknown>, meta: Record<string, unknown>) => void;
const mutate = (base: KubeObject, m: Mutation): KubeObject => {
  const o = defaults(base);
  m(o['spec'] as Record<string, unknown>, o.metadata as Record<string, unknown>);
  return o;
};
const tmpl = (s: Record<string, unknown>): Record<string, unknown> => s['template'] as Record<string, unknown>;
const podSpec = (s: Record<string, unknown>): Record<string, unknown> => tmpl(s)['spec'] as Record<string, unknown>;
type ClaimTemplate = { metadata: Record<string, unknown>; spec: Record<string, unknown> };
const claimTmpl = (s: Record<string, unknown>): ClaimTemplate => (s['volumeClaimTemplates'] as ClaimTemplate[])[0]!;

test('statefulSetRules.validate() rejects invalid StatefulSets with upstream field paths and messages', () => {
  const cases: { name: string; m: Mutation; want: string[] }[] = [
    { name: 'selector does not match', m: (s) => { (tmpl(s)['metadata'] as Record<string, unknown>)['labels'] = { app: 'x' }; }, want: ['spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`'] },
    { name: 'selector missing', m: (s) => { delete s['selector']; }, want: ['spec.selector: Required value'] },
    { name: 'empty selector', m: (s) => { s['selector'] = {}; }, want: ['spec.selector: Invalid value: {}: empty selector is invalid for statefulset'] },
    { name: 'restartPolicy Never', m: (s) => { podSpec(s)['restartPolicy'] = 'Never'; }, want: ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'] },
    { name: 'activeDeadlineSeconds', m: (s) => { podSpec(s)['activeDeadlineSeconds'] = 10; }, want: ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported'] },
    { name: 'negative replicas', m: (s) => { s['replicas'] = -1; }, want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'negative minReadySeconds', m: (s) => { s['minReadySeconds'] = -1; }, want: ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'negative ordinals.start', m: (s) => { s['ordinals'] = { start: -2 }; }, want: ['spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0'] },
    { name: 'negative partition', m: (s) => { s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }; }, want: ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'negative revisionHistoryLimit', m: (s) => { s['revisionHistoryLimit'] = -1; }, want: ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0'] },
    { name: 'bad podManagementPolicy', m: (s) => { s['podManagementPolicy'] = 'Random'; }, want: ['spec.podManagementPolicy: Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\''] },
    { name: 'bad updateStrategy type', m: (s) => { s['updateStrategy'] = { type: 'Blue' }; }, want: ['spec.updateStrategy: Invalid value: {"type":"Blue"}: must be \'RollingUpdate\' or \'OnDelete\''] },
    { name: 'OnDelete with rollingUpdate', m: (s) => { s['updateStrategy'] = { type: 'OnDelete', rollingUpdate: { partition: 0 } }; }, want: ['spec.updateStrategy.rollingUpdate: Invalid value: {"partition":0}: only allowed for updateStrategy \'RollingUpdate\''] },
    { name: 'bad retention policy', m: (s) => { s['persistentVolumeClaimRetentionPolicy'] = { whenDeleted: 'Keep', whenScaled: 'Retain' }; }, want: ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"'] },
    { name: 'bad template label value', m: (s) => { s['selector'] = { matchLabels: { app: 'nginx' } }; (tmpl(s)['metadata'] as Record<string, unknown>)['labels'] = { app: 'nginx', tier: 'web tier' }; }, want: [`spec.template.labels: Invalid value: "web tier": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`] },
    { name: 'name with a dot', m: (_s, meta) => { meta['name'] = 'web.v2'; }, want: ['metadata.name: Invalid value: "web.v2": must not contain dots'] }, // apimachinery IsDNS1123Label (v0.32)
  ];
  for (const c of cases) assert.deepEqual(validate(mutate(seed001, c.m)), c.want, c.name);
});

test('statefulSetRules.validate() validates volumeClaimTemplates like claims (VAL-STS9)', () => {
  const o = mutate(seed001, (s) => {
    const t = (s['volumeClaimTemplates'] as Record<string, unknown>[])[0] as Record<string, unknown>;
    (t['spec'] as Record<string, unknown>)['accessModes'] = [];
  });
  const fields = (statefulSetRules.validate?.(o) ?? []).map((e) => e.field);
  assert.ok(fields.includes('spec.volumeClaimTemplates[0].spec.accessModes'), fields.join(', '));
});

test('statefulSetRules.validateUpdate() allows the seed 001 partitioned rolling update', () => {
  const old = defaults(seed001);
  const next = mutate(seed001, (s) => {
    s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: { partition: 1 } };
    ((podSpec(s)['containers'] as Record<string, unknown>[])[0] as Record<string, unknown>)['image'] = 'nginx:1.9.1';
  });
  assert.deepEqual(validateUpdate(next, old), []);
});

test('statefulSetRules.validateUpdate() allows exactly the mutable spec fields (VAL-STS12)', () => {
  const old = defaults(seed001);
  const allowed: { name: string; m: Mutation }[] = [
    { name: 'replicas', m: (s) => { s['replicas'] = 5; } },
    { name: 'ordinals', m: (s) => { s['ordinals'] = { start: 2 }; } },
    { name: 'template', m: (s) => { (tmpl(s)['metadata'] as Record<string, unknown>)['annotations'] = { a: 'b' }; } },
    { name: 'updateStrategy', m: (s) => { s['updateStrategy'] = { type: 'OnDelete' }; } },
    { name: 'retention policy', m: (s) => { s['persistentVolumeClaimRetentionPolicy'] = { whenDeleted: 'Delete', whenScaled: 'Delete' }; } },
    { name: 'minReadySeconds', m: (s) => { s['minReadySeconds'] = 10; } },
    // KEP-4650: the policy, a larger storage request, labels, annotations and the VolumeAttributesClass.
    { name: 'volumeClaimUpdatePolicy', m: (s) => { s['volumeClaimUpdatePolicy'] = 'InPlace'; } },
    { name: 'volumeClaimTemplates storage increase', m: (s) => { claimTmpl(s).spec['resources'] = { requests: { storage: '2Gi' } }; } },
    { name: 'volumeClaimTemplates labels and annotations', m: (s) => { claimTmpl(s).metadata['labels'] = { tier: 'db' }; claimTmpl(s).metadata['annotations'] = { a: 'b' }; } },
    { name: 'volumeClaimTemplates volumeAttributesClassName', m: (s) => { claimTmpl(s).spec['volumeAttributesClassName'] = 'gold'; } },
  ];
  for (const c of allowed) assert.deepEqual(validateUpdate(mutate(seed001, c.m), old), [], c.name);
  const forbiddenChanges: { name: string; m: Mutation }[] = [
    { name: 'selector', m: (s) => { s['selector'] = { matchLabels: { app: 'nginx', tier: 'web' } }; (tmpl(s)['metadata'] as Record<string, unknown>)['labels'] = { app: 'nginx', tier: 'web' }; } },
    { name: 'serviceName', m: (s) => { s['serviceName'] = 'other'; } },
    { name: 'volumeClaimTemplates accessModes', m: (s) => { claimTmpl(s).spec['accessModes'] = ['ReadWriteMany']; } },
    { name: 'volumeClaimTemplates storageClassName', m: (s) => { claimTmpl(s).spec['storageClassName'] = 'fast'; } },
    { name: 'volumeClaimTemplates name', m: (s) => { claimTmpl(s).metadata['name'] = 'data'; } },
    { name: 'volumeClaimTemplates added', m: (s) => { (s['volumeClaimTemplates'] as unknown[]).push(structuredClone(claimTmpl(s))); } },
    { name: 'volumeClaimTemplates other request', m: (s) => { claimTmpl(s).spec['resources'] = { requests: { storage: '1Gi', cpu: '1' } }; } },
    { name: 'podManagementPolicy', m: (s) => { s['podManagementPolicy'] = 'Parallel'; } },
    { name: 'revisionHistoryLimit', m: (s) => { s['revisionHistoryLimit'] = 3; } },
  ];
  for (const c of forbiddenChanges) assert.deepEqual(validateUpdate(mutate(seed001, c.m), old), [`spec: Forbidden: ${statefulSetSpecForbiddenMessage}`], c.name);
  assert.equal(
    statefulSetSpecForbiddenMessage,
    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  );
});

test('statefulSetRules.validateUpdate() forbids a smaller volumeClaimTemplates storage request (KEP-4650: increase only)', () => {
  const old = defaults(seed001);
  const smaller = mutate(seed001, (s) => { claimTmpl(s).spec['resources'] = { requests: { storage: '512Mi' } }; });
  assert.deepEqual(validateUpdate(smaller, old), ['spec.volumeClaimTemplates[0].spec.resources.requests.storage: Forbidden: field can not be less than previous value']);
  // The same size written another way is no change.
  assert.deepEqual(validateUpdate(mutate(seed001, (s) => { claimTmpl(s).spec['resources'] = { requests: { storage: '1024Mi' } }; }), old), []);
  // Together with a change outside the mutable fields only the general Forbidden is reported.
  const both = mutate(seed001, (s) => { claimTmpl(s).spec['resources'] = { requests: { storage: '512Mi' } }; s['serviceName'] = 'other'; });
  assert.deepEqual(validateUpdate(both, old), [`spec: Forbidden: ${statefulSetSpecForbiddenMessage}`]);
});

test('statefulSetRules.validate() accepts only the KEP-4650 volumeClaimUpdatePolicy values', () => {
  assert.deepEqual(validate(defaults(mutate(seed001, (s) => { s['volumeClaimUpdatePolicy'] = 'InPlace'; }))), []);
  assert.deepEqual(validate(defaults(mutate(seed001, (s) => { s['volumeClaimUpdatePolicy'] = 'OnClaimDelete'; }))), []);
  assert.deepEqual(validate(defaults(mutate(seed001, (s) => { s['volumeClaimUpdatePolicy'] = 'Always'; }))),
    ['spec.volumeClaimUpdatePolicy: Unsupported value: "Always": supported values: "OnClaimDelete", "InPlace"']);
});

test('statefulSetRules.validateUpdate() still validates the new spec', () => {
  const old = defaults(seed001);
  assert.deepEqual(validateUpdate(mutate(seed001, (s) => { s['replicas'] = -1; }), old), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
});

test('statefulSetRules.validateStatusUpdate() bounds counters and forbids decrementing collisionCount (VAL-STS13)', () => {
  const old = { ...defaults(seed001), status: { replicas: 2, collisionCount: 2 } };
  const next = { ...defaults(seed001), status: { replicas: 2, readyReplicas: 3, availableReplicas: 1, collisionCount: 1 } };
  assert.deepEqual((statefulSetRules.validateStatusUpdate?.(next, old) ?? []).map(errorString), [
    'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
    'status.collisionCount: Invalid value: 1: cannot be decremented',
  ]);
  const ok = { ...defaults(seed001), status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, collisionCount: 2 } };
  assert.deepEqual(statefulSetRules.validateStatusUpdate?.(ok, old), []);
});

const withStrategy = (rollingUpdate: Record<string, unknown> | undefined): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
  spec: { updateStrategy: { type: rollingUpdate ? 'RollingUpdate' : 'OnDelete', ...(rollingUpdate ? { rollingUpdate } : {}) } },
});
const dropCases: { name: string; obj: KubeObject; old?: KubeObject; want: KubeObject }[] = [
  { name: 'drops maxUnavailable on create', obj: withStrategy({ partition: 0, maxUnavailable: 2 }), want: withStrategy({ partition: 0 }) },
  { name: 'drops a percentage too', obj: withStrategy({ maxUnavailable: '50%' }), want: withStrategy({}) },
  { name: 'drops it on an update that adds it', obj: withStrategy({ partition: 1, maxUnavailable: 1 }), old: withStrategy({ partition: 0 }), want: withStrategy({ partition: 1 }) },
  { name: 'keeps it when the stored object already uses it', obj: withStrategy({ maxUnavailable: 3 }), old: withStrategy({ maxUnavailable: 2 }), want: withStrategy({ maxUnavailable: 3 }) },
  { name: 'leaves OnDelete alone', obj: withStrategy(undefined), want: withStrategy(undefined) },
];
for (const c of dropCases) {
  test(`dropStatefulSetDisabledFields() ${c.name} (MaxUnavailableStatefulSet off)`, () => {
    const obj = structuredClone(c.obj);
    dropStatefulSetDisabledFields(obj, c.old);
    assert.deepEqual(obj, c.want);
  });
}
