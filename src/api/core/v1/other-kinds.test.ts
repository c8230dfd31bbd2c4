import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { errorString } from '../../meta/field-path.js';
import type { KindRules, KubeObject } from '../../meta/kind-rules.js';
import {
  configMapRules, coreV1Rules, endpointsRules, eventRules, namespaceRules, nodeRules, replicationControllerRules, secretRules, serviceAccountRules,
} from './index.js';

const defaulted = (rules: KindRules, y: string, namespace?: string): KubeObject => {
  const o = parse(y) as KubeObject;
  if (namespace) o.metadata = { namespace, ...(o.metadata ?? {}) };
  rules.defaults?.(o);
  return o;
};
const errs = (rules: KindRules, o: KubeObject): string[] => (rules.validate?.(o) ?? []).map(errorString);

test('coreV1Rules covers every core kind by Kind', () => {
  for (const kind of ['Namespace', 'Node', 'Pod', 'Service', 'Endpoints', 'PersistentVolume', 'PersistentVolumeClaim', 'ConfigMap', 'Secret', 'ServiceAccount', 'Event', 'ReplicationController']) {
    assert.ok(coreV1Rules[kind]?.validate, kind);
  }
});

test('namespaceRules defaults the name label and phase, and validates DNS-label names', () => {
  const ns = defaulted(namespaceRules, 'metadata: {name: test}');
  assert.deepEqual(ns, { metadata: { name: 'test', labels: { 'kubernetes.io/metadata.name': 'test' } }, status: { phase: 'Active' } });
  assert.deepEqual(errs(namespaceRules, ns), []);
  assert.deepEqual(errs(namespaceRules, defaulted(namespaceRules, 'metadata: {name: team.a}')), ['metadata.name: Invalid value: "team.a": must not contain dots']);
  const terminating: KubeObject = structuredClone(ns);
  terminating.metadata = { ...terminating.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' };
  assert.deepEqual(namespaceRules.validateStatusUpdate!(terminating, terminating).map(errorString), ["status.Phase: Invalid value: \"Active\": may only be 'Terminating' if `deletionTimestamp` is not empty"]);
});

test('configMapRules validates keys and freezes immutable config maps (seed 003 test-conf)', () => {
  const cm = defaulted(configMapRules, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: test-conf, namespace: test}\ndata:\n  test-conf: |+\n    SESSION_LIFETIME: 3600\n');
  assert.deepEqual(errs(configMapRules, cm), []);
  cm['data'] = { 'bad/key': 'x' };
  assert.deepEqual(errs(configMapRules, cm), [
    "data[bad/key]: Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
  const frozen = { ...cm, data: { a: '1' }, immutable: true };
  assert.deepEqual(configMapRules.validateUpdate!({ ...frozen, data: { a: '2' } }, frozen).map(errorString), ['data: Forbidden: field is immutable when `immutable` is set']);
});

test('secretRules defaults type Opaque, folds stringData, and checks typed secrets', () => {
  const s = defaulted(secretRules, 'metadata: {name: s}\nstringData: {password: hunter2}', 'default');
  assert.deepEqual(s, { metadata: { namespace: 'default', name: 's' }, type: 'Opaque', data: { password: 'aHVudGVyMg==' } });
  assert.deepEqual(errs(secretRules, s), []);
  const tls = defaulted(secretRules, 'metadata: {name: t}\ntype: kubernetes.io/tls\ndata: {tls.crt: eA==}', 'default');
  assert.deepEqual(errs(secretRules, tls), ['data[tls.key]: Required value']);
  assert.deepEqual(secretRules.validateUpdate!({ ...s, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } }, s).map(errorString), ['type: Invalid value: "kubernetes.io/tls": field is immutable']);
});

test('serviceAccountRules and nodeRules validate names; nodes get allocatable from capacity', () => {
  assert.deepEqual(errs(serviceAccountRules, defaulted(serviceAccountRules, 'metadata: {name: build-bot}', 'default')), []);
  const node = defaulted(nodeRules, 'metadata: {name: kube-node-1}\nstatus: {capacity: {cpu: "4", memory: 8192Mi, pods: "110"}}');
  assert.deepEqual(node['status'], { capacity: { cpu: '4', memory: '8Gi', pods: '110' }, allocatable: { cpu: '4', memory: '8Gi', pods: '110' } });
  assert.deepEqual(errs(nodeRules, node), []);
  const tainted = defaulted(nodeRules, 'metadata: {name: n}\nspec: {taints: [{key: dedicated, value: db, effect: Sometimes}]}');
  assert.deepEqual(errs(nodeRules, tainted), ['metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']);
  const withCidr = defaulted(nodeRules, 'metadata: {name: n}\nspec: {podCIDRs: [10.42.0.0/24]}');
  const changed = structuredClone(withCidr);
  (changed['spec'] as Record<string, unknown>)['podCIDRs'] = ['10.42.1.0/24'];
  assert.deepEqual(nodeRules.validateUpdate!(changed, withCidr).map(errorString), ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
});

test('eventRules applies the legacy event namespace rule', () => {
  const ok = defaulted(eventRules, 'metadata: {name: web-0.17a, namespace: default}\ninvolvedObject: {kind: Pod, name: web-0, namespace: default}\nreason: Scheduled\ntype: Normal', undefined);
  assert.deepEqual(errs(eventRules, ok), []);
  const bad = defaulted(eventRules, 'metadata: {name: e, namespace: default}\ninvolvedObject: {kind: Pod, name: web-0, namespace: other}', undefined);
  assert.deepEqual(errs(eventRules, bad), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
});

test('endpointsRules defaults port protocol and rejects special addresses', () => {
  const ep = defaulted(endpointsRules, 'metadata: {name: nginx}\nsubsets: [{addresses: [{ip: 10.42.0.5, hostname: web-0}], ports: [{port: 80, name: web}]}]', 'default');
  assert.deepEqual(ep['subsets'], [{ addresses: [{ ip: '10.42.0.5', hostname: 'web-0' }], ports: [{ port: 80, name: 'web', protocol: 'TCP' }] }]);
  assert.deepEqual(errs(endpointsRules, ep), []);
  const bad = defaulted(endpointsRules, 'metadata: {name: nginx}\nsubsets: [{addresses: [{ip: 127.0.0.1}]}, {ports: [{port: 80}]}]', 'default');
  assert.deepEqual(errs(endpointsRules, bad), [
    'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    'subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`',
  ]);
});

// Seed 003: the `frontend` ReplicationController.
const seedRc = `
apiVersion: v1
kind: ReplicationController
metadata:
  name: frontend
spec:
  replicas: 1
  selector:
    tier: frontend
  template:
    metadata:
      labels:
        app: app-demo
        tier: frontend
    spec:
      containers:
      - name: tomcat-demo
        image: tomcat
        imagePullPolicy: IfNotPresent
        env:
        - name: GET_HOSTS_FROM
          value: dns
        ports:
        - containerPort: 80
`;

test('replicationControllerRules defaults the seed 003 RC and validates selector/template agreement', () => {
  const rc = defaulted(replicationControllerRules, seedRc, 'default');
  assert.deepEqual(rc.metadata, { namespace: 'default', name: 'frontend', labels: { app: 'app-demo', tier: 'frontend' } });
  assert.deepEqual((rc['spec'] as { template: { spec: unknown } }).template.spec, {
    dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
    containers: [{
      name: 'tomcat-demo', image: 'tomcat', imagePullPolicy: 'IfNotPresent', env: [{ name: 'GET_HOSTS_FROM', value: 'dns' }], ports: [{ containerPort: 80, protocol: 'TCP' }],
      resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
    }],
  });
  assert.deepEqual(errs(replicationControllerRules, rc), []);
  const noSel = defaulted(replicationControllerRules, 'metadata: {name: r}\nspec: {selector: {tier: backend}, template: {metadata: {labels: {tier: frontend}}, spec: {restartPolicy: OnFailure, containers: [{name: a, image: b}]}}}', 'default');
  assert.deepEqual(errs(replicationControllerRules, noSel), [
    'spec.template.metadata.labels: Invalid value: {"tier":"frontend"}: `selector` does not match template `labels`',
    'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
  ]);
  const defaultedSel = defaulted(replicationControllerRules, 'metadata: {name: r}\nspec: {template: {metadata: {labels: {app: x}}, spec: {containers: [{name: a, image: b}]}}}', 'default');
  assert.deepEqual((defaultedSel['spec'] as Record<string, unknown>)['selector'], { app: 'x' });
  assert.equal((defaultedSel['spec'] as Record<string, unknown>)['replicas'], 1);
});
