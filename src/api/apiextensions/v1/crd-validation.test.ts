// Table tests for CustomResourceDefinition defaulting and validation: the fixture CRDs (sample-controller's Foo,
// the documentation's CronTab) validate cleanly; broken variants give upstream's messages at upstream's paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { errorString, invalid, type FieldError, type FieldPath, type KubeObject } from '../../meta/index.js';
import { prepareCustomResourceDefinitionForCreate, setCustomResourceDefinitionDefaults } from './crd-strategy.js';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionStatusUpdate, validateCustomResourceDefinitionUpdate } from './crd-validation.js';
import { customResourceDefinitionRules } from './index.js';

const fixture = (name: string): KubeObject => parse(readFileSync(new URL(`../../../../../test/fixtures/crds/${name}`, import.meta.url), 'utf8')) as KubeObject;
type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test tables poke at decoded JSON

/** A fixture as the registry would hold it before validation: defaulted, then prepared for create. */
function created(name: string, edit: (crd: Rec) => void = () => {}): KubeObject {
  const crd = fixture(name);
  edit(crd as Rec);
  setCustomResourceDefinitionDefaults(crd);
  prepareCustomResourceDefinitionForCreate(crd);
  return crd;
}
const messages = (errs: FieldError[]): string[] => errs.map(errorString);

test('validateCustomResourceDefinition() accepts the fixture CRDs', () => {
  for (const f of ['foo-sample-controller.yaml', 'crontab.yaml']) assert.deepEqual(messages(validateCustomResourceDefinition(created(f))), [], f);
});

test('setCustomResourceDefinitionDefaults() fills singular, listKind, conversion and storedVersions as upstream v1', () => {
  const crd = fixture('foo-sample-controller.yaml') as Rec;
  crd['spec'].conversion = { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: { service: { name: 's', namespace: 'n' } } } };
  setCustomResourceDefinitionDefaults(crd);
  assert.deepEqual([crd['spec'].names, crd['spec'].conversion.webhook.clientConfig.service.port, crd['status']], [
    { kind: 'Foo', plural: 'foos', singular: 'foo', listKind: 'FooList' }, 443, { storedVersions: ['v1alpha1'] },
  ]);
  const plain = fixture('crontab.yaml') as Rec;
  setCustomResourceDefinitionDefaults(plain);
  assert.deepEqual(plain['spec'].conversion, { strategy: 'None' });
});

interface Case { name: string; file?: string; edit: (crd: Rec) => void; want: string[] }
const v0 = (crd: Rec): Rec => crd['spec'].versions[0];
const cases: Case[] = [
  {
    name: 'a name other than plural.group',
    edit: (c) => { c['metadata'].name = 'foo.samplecontroller.k8s.io'; },
    want: ['metadata.name: Invalid value: "foo.samplecontroller.k8s.io": must be spec.names.plural+"."+spec.group'],
  },
  {
    name: 'a group without a dot',
    edit: (c) => { c['spec'].group = 'samplecontroller'; c['metadata'].name = 'foos.samplecontroller'; },
    want: ['spec.group: Invalid value: "samplecontroller": should be a domain with at least one dot'],
  },
  {
    name: 'an unsupported scope',
    edit: (c) => { c['spec'].scope = 'Global'; },
    want: ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'],
  },
  {
    name: 'bad names: kind equal to listKind, bad short name and category (upstream order: short names first)',
    file: 'crontab.yaml',
    edit: (c) => { Object.assign(c['spec'].names, { listKind: 'CronTab', shortNames: ['c_t'], categories: ['All'] }); },
    want: [
      'spec.names.shortNames[0]: Invalid value: "c_t": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
      'spec.names.listKind: Invalid value: "CronTab": kind and listKind may not be the same',
      'spec.names.categories[0]: Invalid value: "All": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
    ],
  },
  {
    name: 'a kind that is not a mixed-case DNS-1035 label (the defaulted listKind inherits it)',
    file: 'crontab.yaml',
    edit: (c) => { c['spec'].names.kind = 'Cron.Tab'; },
    want: [
      'spec.names.kind: Invalid value: "Cron.Tab": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
      'spec.names.listKind: Invalid value: "Cron.TabList": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
    ],
  },
  {
    name: 'no storage version',
    file: 'crontab.yaml',
    edit: (c) => { v0(c).storage = false; },
    want: ['spec.versions: Invalid value: [{"name":"v1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"cronSpec":{"type":"string"},"image":{"type":"string"},"replicas":{"type":"integer"}}}}}},"additionalPrinterColumns":[{"name":"Spec","type":"string","description":"The cron spec defining the interval a CronJob is run","jsonPath":".spec.cronSpec"},{"name":"Replicas","type":"integer","description":"The number of jobs launched by the CronJob","jsonPath":".spec.replicas"},{"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]}]: must have exactly one version marked as storage version',
      'status.storedVersions: Invalid value: []: must have at least one stored version'],
  },
  {
    name: 'duplicate version names and two storage versions',
    file: 'crontab.yaml',
    edit: (c) => { c['spec'].versions = [{ ...v0(c), name: 'v1' }, { ...v0(c), name: 'v1' }]; },
    want: [
      'spec.versions: Invalid value',
      'spec.versions: Invalid value',
      // as upstream: the first v1 consumes the stored entry, the second storage v1 finds none
      'status.storedVersions: Invalid value: ["v1"]: must have the storage version v1',
    ],
  },
  {
    name: 'a missing schema',
    file: 'crontab.yaml',
    edit: (c) => { delete v0(c).schema; },
    want: ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required'],
  },
  {
    name: 'a root type other than object (one version: reported at spec.validation as upstream hoists it)',
    file: 'crontab.yaml',
    edit: (c) => { v0(c).schema.openAPIV3Schema.type = 'array'; },
    want: ['spec.validation.openAPIV3Schema.type: Invalid value: "array": must be object at the root'],
  },
  {
    name: 'a root metadata schema restricting more than name and generateName',
    file: 'crontab.yaml',
    edit: (c) => { v0(c).schema.openAPIV3Schema.properties.metadata = { type: 'object', properties: { labels: { type: 'object' } } }; },
    want: ['spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified'],
  },
  {
    name: 'a root schema with fields the status subresource forbids, in one of two differing versions',
    edit: (c) => {
      const second = structuredClone(v0(c));
      Object.assign(second, { name: 'v1beta1', storage: false });
      second.schema.openAPIV3Schema.nullable = true;
      c['spec'].versions.push(second);
    },
    want: [
      'spec.versions[1].schema.openAPIV3Schema: Invalid value',
      'spec.versions[1].schema.openAPIV3Schema.nullable: Forbidden: nullable cannot be true at the root',
    ],
  },
  {
    name: 'scale paths outside .spec and .status',
    edit: (c) => { v0(c).subresources.scale = { specReplicasPath: '.status.replicas', statusReplicasPath: 'status.replicas', labelSelectorPath: '.metadata.labels' }; },
    want: [
      'spec.subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.subresources.scale.statusReplicasPath: Invalid value: "status.replicas": must be a simple json path starting with .',
      'spec.subresources.scale.labelSelectorPath: Invalid value: ".metadata.labels": should be a json path under either .spec or .status',
    ],
  },
  {
    name: 'printer columns with a bad type, format and a missing JSON path',
    file: 'crontab.yaml',
    edit: (c) => { v0(c).additionalPrinterColumns = [{ name: 'X', type: 'int', format: 'uuid' }]; },
    want: [
      'spec.additionalPrinterColumns[0].type: Invalid value: "int": must be one of boolean,date,integer,number,string',
      'spec.additionalPrinterColumns[0].format: Invalid value: "uuid": must be one of byte,date,date-time,double,float,int32,int64,password',
      'spec.additionalPrinterColumns[0].JSONPath: Required value',
    ],
  },
  {
    name: 'a Webhook conversion without client config or review versions',
    file: 'crontab.yaml',
    edit: (c) => { c['spec'].conversion = { strategy: 'Webhook' }; },
    want: [
      'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
      'spec.conversion.conversionReviewVersions: Required value',
    ],
  },
  {
    name: 'a Webhook conversion with an http URL, a query and an unknown review version',
    file: 'crontab.yaml',
    edit: (c) => { c['spec'].conversion = { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v2'], clientConfig: { url: 'http://convert.example.com/x?a=b' } } }; },
    want: [
      'spec.conversion.webhookClientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]',
      'spec.conversion.webhookClientConfig.url: Invalid value: "a=b": query parameters are not permitted in the URL',
      'spec.conversion.conversionReviewVersions: Invalid value: ["v2"]: must include at least one of v1, v1beta1',
    ],
  },
  {
    name: 'None conversion with webhook settings',
    file: 'crontab.yaml',
    edit: (c) => { c['spec'].conversion = { strategy: 'None', webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: 'https://x.example.com' } } }; },
    want: [
      'spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook',
      'spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook',
    ],
  },
  {
    name: 'a Webhook service without a name and a bad path',
    file: 'crontab.yaml',
    edit: (c) => { c['spec'].conversion = { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: { service: { namespace: 'n', path: 'convert' } } } }; },
    want: [
      'spec.conversion.webhookClientConfig.service.name: Required value: service name is required',
      'spec.conversion.webhookClientConfig.service.path: Invalid value: "convert": must start with a \'/\'',
    ],
  },
  {
    name: 'preserveUnknownFields true',
    file: 'crontab.yaml',
    edit: (c) => { c['spec'].preserveUnknownFields = true; },
    want: ['spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'],
  },
  {
    name: 'a protected group without the approval annotation',
    edit: (c) => { delete c['metadata'].annotations; },
    want: ['metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111'],
  },
  {
    name: 'a deprecation warning on a version that is not deprecated',
    file: 'crontab.yaml',
    edit: (c) => { v0(c).deprecationWarning = 'old'; },
    want: ['spec.versions[0].deprecationWarning: Invalid value: "old": can only be set for deprecated versions'],
  },
];

for (const c of cases) {
  test(`validateCustomResourceDefinition() rejects ${c.name}`, () => {
    const got = messages(validateCustomResourceDefinition(created(c.file ?? 'foo-sample-controller.yaml', c.edit)));
    // Rows ending in "Invalid value" match a prefix: their value is a whole schema or version list.
    assert.deepEqual(got.map((m, i) => (c.want[i]?.endsWith(': Invalid value') ? m.slice(0, c.want[i]?.length) : m)), c.want);
  });
}

test('validateCustomResourceDefinition() runs the injected schema engine once per schema and reports its errors once', () => {
  const seen: string[] = [];
  const schemaErrors = (_s: unknown, p: FieldPath): FieldError[] => {
    seen.push(p.toString());
    return [invalid(p.child('type'), 'array', 'must be object at the root'), invalid(p.child('x'), 1, 'engine says no')];
  };
  const crd = created('crontab.yaml', (c) => { v0(c).schema.openAPIV3Schema.type = 'array'; });
  assert.deepEqual(messages(validateCustomResourceDefinition(crd, { schemaErrors })), [
    'spec.validation.openAPIV3Schema.type: Invalid value: "array": must be object at the root',
    'spec.validation.openAPIV3Schema.x: Invalid value: 1: engine says no',
  ]);
  assert.deepEqual(seen, ['spec.validation.openAPIV3Schema']);
});

const established = (crd: KubeObject): KubeObject => {
  const c = structuredClone(crd) as Rec;
  c['metadata'] = { ...c['metadata'], uid: 'u1', resourceVersion: '1' };
  c['status'] = { ...c['status'], conditions: [{ type: 'Established', status: 'True' }] };
  return c;
};

test('validateCustomResourceDefinitionUpdate() keeps group and plural immutable, and kind and scope once established', () => {
  const old = established(created('crontab.yaml'));
  const next = structuredClone(old) as Rec;
  Object.assign(next['spec'], { scope: 'Cluster' });
  next['spec'].names.kind = 'CronTable';
  assert.deepEqual(messages(validateCustomResourceDefinitionUpdate(next, old)), [
    'spec.scope: Invalid value: "Cluster": field is immutable',
    'spec.names.kind: Invalid value: "CronTable": field is immutable',
  ]);
  const notEstablished = structuredClone(old) as Rec;
  notEstablished['status'].conditions = [];
  assert.deepEqual(messages(validateCustomResourceDefinitionUpdate(next, notEstablished)), []);
});

test('validateCustomResourceDefinitionUpdate() refuses to drop a stored version from spec.versions', () => {
  const old = established(created('crontab.yaml', (c) => {
    c['spec'].versions.push({ ...structuredClone(v0(c)), name: 'v1beta1', storage: false });
  })) as Rec;
  old['status'].storedVersions = ['v1beta1', 'v1'];
  const next = structuredClone(old);
  next['spec'].versions = [next['spec'].versions[0]];
  assert.deepEqual(messages(validateCustomResourceDefinitionUpdate(next, old)), [
    'status.storedVersions[0]: Invalid value: "v1beta1": missing from spec.versions; v1beta1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1beta1 and removes v1beta1 from status.storedVersions',
  ]);
});

test('validateCustomResourceDefinitionUpdate() tolerates a missing schema the stored object already lacked', () => {
  const old = established(created('crontab.yaml', (c) => { delete v0(c).schema; }));
  const next = structuredClone(old) as Rec;
  next['spec'].names.shortNames = ['ct', 'cts'];
  assert.deepEqual(messages(validateCustomResourceDefinitionUpdate(next, old)), []);
});

test('validateCustomResourceDefinitionStatusUpdate() checks the accepted names', () => {
  const old = established(created('crontab.yaml'));
  const next = structuredClone(old) as Rec;
  next['status'].acceptedNames = { plural: 'Crontabs', kind: 'CronTab' };
  assert.deepEqual(messages(validateCustomResourceDefinitionStatusUpdate(next, old)), [
    'status.acceptedNames.plural: Invalid value: "Crontabs": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
  ]);
});

test('customResourceDefinitionRules wires defaults, validate, validateUpdate and validateStatusUpdate', () => {
  const r = customResourceDefinitionRules;
  assert.deepEqual([typeof r.defaults, typeof r.validate, typeof r.validateUpdate, typeof r.validateStatusUpdate], ['function', 'function', 'function', 'function']);
  const crd = fixture('crontab.yaml');
  r.defaults?.(crd);
  prepareCustomResourceDefinitionForCreate(crd);
  assert.deepEqual(r.validate?.(crd), []);
});
