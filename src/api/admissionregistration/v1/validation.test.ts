import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, type KubeObject } from '../../meta/index.js';
import { defaultWebhookConfiguration } from './defaults.js';
import { validateWebhookConfiguration, validateWebhookConfigurationUpdate } from './validation.js';

const good = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'hook.example.com', clientConfig: { url: 'https://hooks.example.com/validate' }, sideEffects: 'None', admissionReviewVersions: ['v1'],
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }], ...extra,
});
const config = (...webhooks: Record<string, unknown>[]): KubeObject => ({ metadata: { name: 'cfg' }, webhooks });
const errors = (obj: KubeObject, mutating = false): string[] => validateWebhookConfiguration(obj, mutating).map(errorString);

test('defaultWebhookConfiguration() fills upstream v1 defaults', () => {
  const obj = config({ name: 'a.b.c', clientConfig: { service: { namespace: 'n', name: 's' } }, rules: [{ operations: ['*'] }] });
  defaultWebhookConfiguration(obj, true);
  assert.deepEqual(obj['webhooks'], [{
    name: 'a.b.c', clientConfig: { service: { namespace: 'n', name: 's', port: 443 } }, rules: [{ operations: ['*'], scope: '*' }],
    failurePolicy: 'Fail', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10, reinvocationPolicy: 'Never',
  }]);
});

const cases: { name: string; hook: Record<string, unknown>; want: string[]; mutating?: boolean }[] = [
  { name: 'accepts a valid webhook', hook: good(), want: [] },
  { name: 'wants a fully qualified name', hook: good({ name: 'short.name' }), want: ['webhooks[0].name: Invalid value: "short.name": should be a domain with at least three segments separated by dots'] },
  { name: 'wants exactly one of url or service', hook: good({ clientConfig: {} }), want: ['webhooks[0].clientConfig: Required value: exactly one of url or service is required'] },
  {
    name: 'checks the URL', hook: good({ clientConfig: { url: 'http://u:p@host/path?x=1#f' } }),
    want: [
      'webhooks[0].clientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]',
      'webhooks[0].clientConfig.url: Invalid value: "u:p": user information is not permitted in the URL',
      'webhooks[0].clientConfig.url: Invalid value: "f": fragments are not permitted in the URL',
      'webhooks[0].clientConfig.url: Invalid value: "x=1": query parameters are not permitted in the URL',
    ],
  },
  {
    name: 'checks the service reference', hook: good({ clientConfig: { service: { namespace: '', name: 's', port: 70000, path: 'no//Slash' } } }),
    want: [
      'webhooks[0].clientConfig.service.namespace: Required value: service namespace is required',
      'webhooks[0].clientConfig.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive',
      'webhooks[0].clientConfig.service.path: Invalid value: "no//Slash": must start with a \'/\'',
      'webhooks[0].clientConfig.service.path: Invalid value: "no//Slash": segment[1] may not be empty',
      'webhooks[0].clientConfig.service.path: Invalid value: "no//Slash": segment[2]: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ],
  },
  { name: 'bounds the timeout', hook: good({ timeoutSeconds: 0 }), want: ['webhooks[0].timeoutSeconds: Invalid value: 0: the timeout value must be between 1 and 30 seconds'] },
  { name: 'requires sideEffects None or NoneOnDryRun on create', hook: good({ sideEffects: 'Some' }), want: ['webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"'] },
  { name: 'requires sideEffects', hook: good({ sideEffects: undefined }), want: ['webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun'] },
  { name: 'requires a known AdmissionReview version', hook: good({ admissionReviewVersions: ['v2'] }), want: ['webhooks[0].admissionReviewVersions: Invalid value: ["v2"]: must include at least one of v1, v1beta1'] },
  { name: 'requires AdmissionReview versions', hook: good({ admissionReviewVersions: [] }), want: ['webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1'] },
  {
    name: 'checks rules', hook: good({ rules: [{ operations: ['*', 'GET'], apiGroups: [], apiVersions: ['v1'], resources: ['*/*', 'pods'], scope: 'Global' }] }),
    want: [
      'webhooks[0].rules[0].operations: Invalid value: ["*","GET"]: if \'*\' is present, must not specify other operations',
      'webhooks[0].rules[0].operations[1]: Unsupported value: "GET": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
      'webhooks[0].rules[0].apiGroups: Required value',
      'webhooks[0].rules[0].resources: Invalid value: ["*/*","pods"]: if \'*/*\' is present, must not specify other resources',
      'webhooks[0].rules[0].scope: Unsupported value: "Global": supported values: "*", "Cluster", "Namespaced"',
    ],
  },
  {
    name: 'checks matchConditions', hook: good({ matchConditions: [{ name: 'a', expression: 'object.metadata.name ==' }, { name: 'a', expression: '' }, { name: 'bad name!', expression: 'true' }] }),
    want: [
      'webhooks[0].matchConditions[0].expression: Invalid value: "object.metadata.name ==": compilation failed: Unexpected token: EOF',
      'webhooks[0].matchConditions[1].expression: Required value',
      'webhooks[0].matchConditions[1].name: Duplicate value: "a"',
      'webhooks[0].matchConditions[2].name: Invalid value: "bad name!": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    ],
  },
  { name: 'refuses non-boolean matchConditions', hook: good({ matchConditions: [{ name: 'n', expression: '1 + 2' }] }), want: ['webhooks[0].matchConditions[0].expression: Invalid value: "1 + 2": must evaluate to bool, got int'] },
  { name: 'checks reinvocationPolicy of mutating webhooks', hook: good({ reinvocationPolicy: 'Always' }), mutating: true, want: ['webhooks[0].reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"'] },
];
for (const c of cases) test(`validateWebhookConfiguration() ${c.name}`, () => assert.deepEqual(errors(config(c.hook), c.mutating), c.want));

test('validateWebhookConfiguration() refuses duplicate webhook names', () => {
  assert.deepEqual(errors(config(good(), good())), ['webhooks[1].name: Duplicate value: "hook.example.com"']);
});

test('validateWebhookConfigurationUpdate() keeps tolerating what the stored configuration already had', () => {
  const old = config(good({ sideEffects: 'Some' }));
  assert.deepEqual(validateWebhookConfigurationUpdate(config(good({ sideEffects: 'Unknown' })), old, false).map(errorString), []);
  assert.deepEqual(validateWebhookConfigurationUpdate(config(good({ sideEffects: 'Some' })), config(good()), false).map(errorString), ['webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"']);
});
