import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { errorString } from '../../meta/field-path.js';
import type { KubeObject } from '../../meta/kind-rules.js';
import { serviceRules } from './index.js';

const defaulted = (y: string): KubeObject => {
  const o = parse(y) as KubeObject;
  o.metadata = { namespace: 'default', ...(o.metadata ?? {}) };
  serviceRules.defaults!(o);
  return o;
};
const errs = (o: KubeObject): string[] => serviceRules.validate!(o).map(errorString);

// Seed 000/001: the headless `nginx` service of the StatefulSet tutorial.
const seedHeadless = `
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
`;

test('serviceRules.defaults() fills the seed headless service like upstream', () => {
  const svc = defaulted(seedHeadless);
  assert.deepEqual(svc['spec'], {
    ports: [{ port: 80, name: 'web', protocol: 'TCP', targetPort: 80 }],
    clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'nginx' },
    type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
  });
  assert.deepEqual(svc['status'], { loadBalancer: {} });
  assert.deepEqual(errs(svc), []);
});

test('serviceRules.defaults() handles NodePort, ClientIP affinity and selectorless headless services', () => {
  const np = defaulted('metadata: {name: web}\nspec: {type: NodePort, sessionAffinity: ClientIP, selector: {app: web}, ports: [{port: 80, targetPort: http}]}');
  assert.deepEqual(np['spec'], {
    type: 'NodePort', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } }, selector: { app: 'web' },
    ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
  });
  assert.deepEqual(errs(np), []);
  const bare = defaulted('metadata: {name: db}\nspec: {clusterIP: None}');
  assert.equal((bare['spec'] as Record<string, unknown>)['ipFamilyPolicy'], 'RequireDualStack');
  assert.deepEqual(errs(bare), []);
  const ext = defaulted('metadata: {name: ext}\nspec: {type: ExternalName, externalName: db.example.com.}');
  assert.deepEqual(ext['spec'], { type: 'ExternalName', externalName: 'db.example.com.', sessionAffinity: 'None' });
  assert.deepEqual(errs(ext), []);
});

test('serviceRules.validate() rejects invalid services with upstream paths and messages', () => {
  const cases: Array<[string, string, string[]]> = [
    ['name must be DNS-1035', 'metadata: {name: 1nginx}\nspec: {ports: [{port: 80}]}', [
      "metadata.name: Invalid value: \"1nginx\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]],
    ['ports required', 'metadata: {name: web}\nspec: {selector: {app: web}}', ['spec.ports: Required value']],
    ['port names required', 'metadata: {name: web}\nspec: {ports: [{port: 80}, {port: 443}]}', ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
    ['port range', 'metadata: {name: web}\nspec: {ports: [{port: 0, targetPort: 8080}]}', ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['bad type', 'metadata: {name: web}\nspec: {type: Internal, ports: [{port: 80}]}', ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    ['headless NodePort', 'metadata: {name: web}\nspec: {type: NodePort, clusterIP: None, ports: [{port: 80}]}', ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services']],
    ['bad clusterIP', 'metadata: {name: web}\nspec: {clusterIP: 10.0.0.300, ports: [{port: 80}]}', ['spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
    ['nodePort on ClusterIP', 'metadata: {name: web}\nspec: {ports: [{port: 80, nodePort: 30080}]}', ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    ['externalName required', 'metadata: {name: web}\nspec: {type: ExternalName}', ['spec.externalName: Required value']],
  ];
  for (const [name, y, want] of cases) assert.deepEqual(errs(defaulted(y)), want, name);
});

test('serviceRules.validateUpdate() keeps clusterIP immutable and allows other changes', () => {
  const old = defaulted('metadata: {name: web}\nspec: {clusterIP: 10.43.0.10, selector: {app: web}, ports: [{port: 80}]}');
  const relabel = structuredClone(old);
  (relabel['spec'] as Record<string, unknown>)['selector'] = { app: 'web2' };
  assert.deepEqual(serviceRules.validateUpdate!(relabel, old), []);
  const moved = structuredClone(old);
  const spec = moved['spec'] as Record<string, unknown>;
  spec['clusterIP'] = '10.43.0.11';
  spec['clusterIPs'] = ['10.43.0.11'];
  assert.deepEqual(serviceRules.validateUpdate!(moved, old).map(errorString), ['spec.clusterIPs[0]: Invalid value: ["10.43.0.11"]: may not change once set']);
  const headless = defaulted(seedHeadless);
  const unheadless = structuredClone(headless);
  (unheadless['spec'] as Record<string, unknown>)['clusterIP'] = '10.43.0.12';
  (unheadless['spec'] as Record<string, unknown>)['clusterIPs'] = ['10.43.0.12'];
  assert.deepEqual(serviceRules.validateUpdate!(unheadless, headless).map(errorString), ['spec.clusterIPs[0]: Invalid value: ["10.43.0.12"]: may not change once set']);
});
