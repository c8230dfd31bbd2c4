import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { apiServiceRules } from './api-service.js';

const remote = (over: Record<string, unknown> = {}, name = 'v1alpha1.wardle.example.com'): KubeObject => ({
  apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name },
  spec: { group: 'wardle.example.com', version: 'v1alpha1', groupPriorityMinimum: 1000, versionPriority: 15, service: { namespace: 'wardle', name: 'api', port: 443 }, insecureSkipTLSVerify: true, ...over },
});
const local = (over: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: 'v1.apps' }, spec: { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15, ...over } });
const validate = (o: KubeObject): string[] => (apiServiceRules.validate?.(o) ?? []).map(errorString);

test('apiServiceRules.defaults() sets the service port to 443 and leaves local APIServices alone', () => {
  const o = remote({ service: { namespace: 'wardle', name: 'api' } });
  apiServiceRules.defaults?.(o);
  assert.deepEqual((o['spec'] as { service: unknown }).service, { namespace: 'wardle', name: 'api', port: 443 });
  const l = local();
  apiServiceRules.defaults?.(l);
  assert.deepEqual(l, local());
});

const cases: { name: string; obj: KubeObject; want: string[] }[] = [
  { name: 'accepts a remote APIService', obj: remote(), want: [] },
  { name: 'accepts a local APIService and the legacy core v1.', obj: { metadata: { name: 'v1.' }, spec: { version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 } }, want: [] },
  { name: 'requires the name to be <version>.<group>', obj: remote({}, 'wardle'), want: ['metadata.name: Invalid value: "wardle": must be `spec.version+"."+spec.group`: "v1alpha1.wardle.example.com"'] },
  { name: 'rejects names that are not path segments', obj: remote({}, 'a/b'), want: ['metadata.name: Invalid value: "a/b": may not contain \'/\''] },
  {
    name: 'requires a group unless the version is v1',
    obj: { metadata: { name: 'v2.' }, spec: { version: 'v2', groupPriorityMinimum: 1, versionPriority: 1 } },
    want: ['spec.group: Required value: only v1 may have an empty group and it better be legacy kube'],
  },
  {
    name: 'checks group and version syntax',
    obj: remote({ group: 'Bad_Group', version: '1v' }, '1v.Bad_Group'),
    want: [
      'spec.group: Invalid value: "Bad_Group": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
      'spec.version: Invalid value: "1v": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
    ],
  },
  {
    name: 'bounds the priorities',
    obj: remote({ groupPriorityMinimum: 20001, versionPriority: 0 }),
    want: ['spec.groupPriorityMinimum: Invalid value: 20001: must be positive and less than 20000', 'spec.versionPriority: Invalid value: 0: must be positive and less than 1000'],
  },
  { name: 'accepts the upper bounds', obj: remote({ groupPriorityMinimum: 20000, versionPriority: 1000 }), want: [] },
  {
    name: 'requires the service namespace and name and a valid port',
    obj: remote({ service: { port: 70000 } }),
    want: ['spec.service.namespace: Required value', 'spec.service.name: Required value', 'spec.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'forbids insecureSkipTLSVerify together with a caBundle',
    obj: remote({ caBundle: Buffer.from('pem').toString('base64') }),
    want: ['spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present'],
  },
  {
    name: 'forbids TLS settings on local APIServices',
    obj: local({ caBundle: Buffer.from('pem!').toString('base64'), insecureSkipTLSVerify: true }),
    want: ['spec.caBundle: Invalid value: "4 bytes": local APIServices may not have a caBundle', 'spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify'],
  },
];
for (const c of cases) test(`apiServiceRules.validate() ${c.name}`, () => assert.deepEqual(validate(c.obj), c.want));

test('apiServiceRules.validateStatusUpdate() accepts True, False and Unknown only', () => {
  const old = remote();
  const next = { ...remote(), status: { conditions: [{ type: 'Available', status: 'True' }, { type: 'Other', status: 'Maybe' }] } };
  assert.deepEqual((apiServiceRules.validateStatusUpdate?.(next, old) ?? []).map(errorString), ['status.conditions[1].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"']);
});

test('apiServiceRules.validateUpdate() validates the new spec', () => {
  const old: KubeObject = { ...remote(), metadata: { name: 'v1alpha1.wardle.example.com', uid: 'u', resourceVersion: '1', creationTimestamp: '2025-01-01T00:00:00Z' } };
  const next = { ...old, spec: { ...(old['spec'] as object), versionPriority: -1 } };
  assert.deepEqual((apiServiceRules.validateUpdate?.(next, old) ?? []).map(errorString), ['spec.versionPriority: Invalid value: -1: must be positive and less than 1000']);
});
