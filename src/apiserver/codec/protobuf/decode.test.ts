// Unit tests for the protobuf decoder: bodies built with protobufjs from descriptors.json the way Go lays them out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../api/index.js';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from './decode.js';
import { encodeBody, wrapRaw } from './testing.js';

/** ObjectMeta as Go's encoder writes it for a new object: every non-pointer field present with its zero value. */
const goMeta = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name, generateName: '', namespace: '', selfLink: '', uid: '', resourceVersion: '', generation: 0, creationTimestamp: {}, ...extra,
});

const decode = (apiVersion: string, kind: string, object: Record<string, unknown>): Record<string, unknown> =>
  decodeKubernetesProtobuf(encodeBody(apiVersion, kind, object)).object;

const isBadRequest = (pattern: RegExp) => (e: unknown): boolean => e instanceof ApiError && e.code === 400 && e.reason === 'BadRequest' && pattern.test(e.message);

test('isKubernetesProtobuf() checks the "k8s\\0" prefix', () => {
  assert.equal(isKubernetesProtobuf(new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a])), true);
  assert.equal(isKubernetesProtobuf(new TextEncoder().encode('{"kind":"Pod"}')), false);
  assert.equal(isKubernetesProtobuf(new Uint8Array([0x6b, 0x38])), false);
});

test('decodeKubernetesProtobuf() turns a ConfigMap into upstream JSON (data, binaryData as base64)', () => {
  const got = decodeKubernetesProtobuf(encodeBody('v1', 'ConfigMap', { metadata: goMeta('c1'), data: { a: 'b', empty: '' }, binaryData: { bin: new Uint8Array([0, 1, 2]) } }));
  assert.deepEqual(got, {
    apiVersion: 'v1', kind: 'ConfigMap',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' }, data: { a: 'b', empty: '' }, binaryData: { bin: 'AAEC' } },
  });
});

test('decodeKubernetesProtobuf() turns Secret bytes into base64 and keeps labels and times', () => {
  const meta = goMeta('s1', { namespace: 'team', labels: { app: 'web' }, creationTimestamp: { seconds: 1704164645 } });
  assert.deepEqual(decode('v1', 'Secret', { metadata: meta, data: { key: new TextEncoder().encode('secret') }, type: 'Opaque' }), {
    apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
    metadata: { name: 's1', namespace: 'team', labels: { app: 'web' }, creationTimestamp: '2024-01-02T03:04:05Z' },
    data: { key: 'c2VjcmV0' },
  });
});

test('decodeKubernetesProtobuf() keeps pointer zeros and empty structs of a Deployment, drops omitempty zeros', () => {
  const container = { name: 'nginx', image: 'nginx', workingDir: '', resources: {}, terminationMessagePath: '', imagePullPolicy: '', stdin: false, tty: false };
  const spec = {
    replicas: 0, minReadySeconds: 0, paused: false, strategy: {},
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: goMeta('', { labels: { app: 'web' } }), spec: { containers: [container], restartPolicy: '', hostNetwork: false } },
  };
  const status = { observedGeneration: 0, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0 };
  assert.deepEqual(decode('apps/v1', 'Deployment', { metadata: goMeta('web', { labels: { app: 'web' } }), spec, status }), {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
      strategy: {},
    },
    status: {},
  });
});

test('decodeKubernetesProtobuf() maps IntOrString to a number or a string and keeps non-omitempty port', () => {
  const port = (name: string, targetPort: Record<string, unknown>) => ({ name, protocol: 'TCP', appProtocol: undefined, port: 80, targetPort, nodePort: 0 });
  const spec = { ports: [port('a', { type: 0, intVal: 8080, strVal: '' }), port('b', { type: 1, intVal: 0, strVal: 'http' }), port('c', { type: 0, intVal: 0, strVal: '' })], selector: { app: 'web' }, clusterIP: '', type: 'ClusterIP' };
  assert.deepEqual(decode('v1', 'Service', { metadata: goMeta('svc'), spec, status: { loadBalancer: {} } }), {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' },
    spec: {
      ports: [{ name: 'a', protocol: 'TCP', port: 80, targetPort: 8080 }, { name: 'b', protocol: 'TCP', port: 80, targetPort: 'http' }, { name: 'c', protocol: 'TCP', port: 80 }],
      selector: { app: 'web' }, type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
});

test('decodeKubernetesProtobuf() decodes a Namespace with empty spec and status', () => {
  assert.deepEqual(decode('v1', 'Namespace', { metadata: goMeta('ns1'), spec: {}, status: { phase: '' } }), {
    apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' }, spec: {}, status: {},
  });
});

test('decodeKubernetesProtobuf() decodes an autoscaling/v1 HorizontalPodAutoscaler', () => {
  const spec = { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 80 };
  const status = { observedGeneration: undefined, currentReplicas: 0, desiredReplicas: 0 };
  assert.deepEqual(decode('autoscaling/v1', 'HorizontalPodAutoscaler', { metadata: goMeta('web'), spec, status }), {
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  });
});

test('decodeKubernetesProtobuf() decodes a SelfSubjectAccessReview (kubectl auth can-i)', () => {
  const attrs = { namespace: 'default', verb: 'get', group: '', version: '', resource: 'pods', subresource: '', name: '' };
  assert.deepEqual(decode('authorization.k8s.io/v1', 'SelfSubjectAccessReview', { metadata: goMeta(''), spec: { resourceAttributes: attrs }, status: { allowed: false, denied: false, reason: '', evaluationError: '' } }), {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {},
    spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
    status: { allowed: false },
  });
});

test('decodeKubernetesProtobuf() keeps an explicit 0 in a pointer IntOrString (PodDisruptionBudget)', () => {
  const got = decode('policy/v1', 'PodDisruptionBudget', { metadata: goMeta('pdb'), spec: { maxUnavailable: { type: 0, intVal: 0, strVal: '' }, selector: { matchLabels: { app: 'web' } } }, status: {} });
  assert.deepEqual(got['spec'], { maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } });
});

test('decodeKubernetesProtobuf() inlines embedded structs and maps list wrappers to arrays', () => {
  const pod = decode('v1', 'Pod', { metadata: goMeta('p'), spec: { volumes: [{ name: 'v', volumeSource: { configMap: { localObjectReference: { name: 'cm' }, defaultMode: 420 } } }], containers: [] } });
  assert.deepEqual(pod['spec'], { volumes: [{ name: 'v', configMap: { name: 'cm', defaultMode: 420 } }] });
  const review = decode('authentication.k8s.io/v1', 'SelfSubjectReview', { metadata: goMeta(''), status: { userInfo: { username: 'admin', uid: '', groups: ['system:masters'], extra: { scopes: { items: ['a', 'b'] } } } } });
  assert.deepEqual(review['status'], { userInfo: { username: 'admin', groups: ['system:masters'], extra: { scopes: ['a', 'b'] } } });
});

test('decodeKubernetesProtobuf() converts RawExtension, MicroTime and renamed fields', () => {
  const raw = new TextEncoder().encode('{"spec":{"replicas":2}}');
  assert.deepEqual(decode('apps/v1', 'ControllerRevision', { metadata: goMeta('rev'), data: { raw }, revision: 3 }), {
    apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'rev' }, data: { spec: { replicas: 2 } }, revision: 3,
  });
  const lease = decode('coordination.k8s.io/v1', 'Lease', { metadata: goMeta('l'), spec: { holderIdentity: 'n1', renewTime: { seconds: 1704164645, nanos: 123456789 } } });
  assert.deepEqual(lease['spec'], { holderIdentity: 'n1', renewTime: '2024-01-02T03:04:05.123456Z' });
  const token = decode('authentication.k8s.io/v1', 'TokenRequest', { metadata: goMeta('sa'), spec: { audiences: ['api'], expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', name: 'p', uID: 'u1' } }, status: { token: '', expirationTimestamp: {} } });
  assert.deepEqual(token['spec'], { audiences: ['api'], expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', name: 'p', uid: 'u1' } });
  assert.deepEqual(token['status'], { token: '' }); // token has no omitempty upstream
});

test('decodeKubernetesProtobuf() decodes DeleteOptions sent for any group version', () => {
  const body = encodeBody('v1', 'DeleteOptions', { gracePeriodSeconds: 0, propagationPolicy: 'Foreground' }, { message: 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions' });
  assert.deepEqual(decodeKubernetesProtobuf(body).object, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
});

test('decodeKubernetesProtobuf() rejects unknown types with 400 naming the type', () => {
  assert.throws(() => decodeKubernetesProtobuf(wrapRaw('example.com/v1', 'Widget', new Uint8Array())), isBadRequest(/^Cannot decode protobuf body for "example.com\/v1, Kind=Widget": the type is not known$/));
  assert.throws(() => decodeKubernetesProtobuf(wrapRaw('apps/v1', 'DeploymentSpec', new Uint8Array())), isBadRequest(/the type is not known/));
  assert.throws(() => decodeKubernetesProtobuf(wrapRaw('', '', new Uint8Array())), isBadRequest(/the type is not known/));
});

test('decodeKubernetesProtobuf() rejects malformed bodies with 400, never another error', () => {
  assert.throws(() => decodeKubernetesProtobuf(new Uint8Array([1, 2, 3])), isBadRequest(/prefix is missing/));
  assert.throws(() => decodeKubernetesProtobuf(new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff])), isBadRequest(/envelope is malformed/));
  assert.throws(() => decodeKubernetesProtobuf(wrapRaw('v1', 'ConfigMap', new Uint8Array([0x0a, 0x05, 0x0a]))), isBadRequest(/ConfigMap message is malformed/));
  assert.throws(() => decodeKubernetesProtobuf(wrapRaw('v1', 'ConfigMap', new Uint8Array([0x0f]))), isBadRequest(/ConfigMap message is malformed/));
  assert.throws(() => decodeKubernetesProtobuf(wrapRaw('v1', 'ConfigMap', new Uint8Array(), 'gzip')), isBadRequest(/content encoding "gzip"/));
  const notJson = encodeBody('apps/v1', 'ControllerRevision', { metadata: goMeta('r'), data: { raw: new Uint8Array([0xff]) } });
  assert.throws(() => decodeKubernetesProtobuf(notJson), isBadRequest(/not JSON/));
  // Random garbage after the prefix must always end in a 400 (or decode), never a crash.
  let seed = 7;
  for (let i = 0; i < 300; i++) {
    const body = new Uint8Array(4 + (i % 40));
    body.set([0x6b, 0x38, 0x73, 0x00]);
    for (let j = 4; j < body.length; j++) body[j] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    try {
      decodeKubernetesProtobuf(body);
    } catch (e: unknown) {
      assert.ok(e instanceof ApiError && e.code === 400, `body ${Buffer.from(body).toString('hex')} threw ${String(e)}`);
    }
  }
});
