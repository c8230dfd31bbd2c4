import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEncryptionConfig } from './config.js';

const k1 = Buffer.alloc(32, 1).toString('base64');
const k16 = Buffer.alloc(16, 2).toString('base64');
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

const yaml = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets, deployments.apps]
    providers:
      - aesgcm:
          keys: [{ name: g1, secret: ${k16} }]
      - identity: {}
  - resources: ["*.batch", configmaps]
    providers:
      - secretbox:
          keys: [{ name: b1, secret: ${k1} }]
  - resources: [secrets, "*.*"]
    providers:
      - aescbc:
          keys: [{ name: key1, secret: ${k1} }, { name: key0, secret: ${k1} }]
`;

test('parseEncryptionConfig() gives each resource the first entry naming it, exactly or by wildcard', () => {
  const c = parseEncryptionConfig(yaml);
  const prefixOf = (group: string, resource: string): string => text(c.transformerFor(group, resource)!.toStorage(Buffer.from('{}'), 'k')).split(':').slice(0, 5).join(':');
  assert.equal(prefixOf('', 'secrets'), 'k8s:enc:aesgcm:v1:g1');
  assert.equal(prefixOf('apps', 'deployments'), 'k8s:enc:aesgcm:v1:g1');
  assert.equal(prefixOf('batch', 'jobs'), 'k8s:enc:secretbox:v1:b1');
  assert.equal(prefixOf('', 'configmaps'), 'k8s:enc:secretbox:v1:b1');
  assert.equal(prefixOf('apps', 'statefulsets'), 'k8s:enc:aescbc:v1:key1', '*.* catches the rest');
  assert.deepEqual(c.resources, ['secrets', 'deployments.apps', '*.batch', 'configmaps', 'secrets', '*.*']);
});

test('parseEncryptionConfig() leaves resources it does not list unencrypted', () => {
  const c = parseEncryptionConfig(`{"apiVersion":"apiserver.config.k8s.io/v1","kind":"EncryptionConfiguration","resources":[{"resources":["secrets"],"providers":[{"identity":{}}]}]}`);
  assert.equal(c.transformerFor('', 'configmaps'), undefined);
  assert.deepEqual(Buffer.from(c.transformerFor('', 'secrets')!.toStorage(Buffer.from('x'), 'k')), Buffer.from('x'));
});

test('parseEncryptionConfig() reports every invalid field with its path, as upstream validation words it', () => {
  const bad = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [Secrets, "*"]
    providers:
      - aescbc:
          keys: [{ name: a, secret: "P@ss" }, { name: b, secret: cGFzc3dvcmQK }, { secret: ${k1} }]
      - identity: {}
        aesgcm: { keys: [] }
      - {}
      - kms: { name: x, endpoint: unix:///k.sock }
  - resources: []
    providers: []
`;
  assert.throws(() => parseEncryptionConfig(bad), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.equal(e.message, `Invalid encryption provider configuration:
  resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded
  resources[0].providers[0].aescbc.keys[1].secret: Invalid value: "REDACTED": secret is not of the expected length, got 9, expected one of [16 24 32]
  resources[0].providers[0].aescbc.keys[2].name: Required value: name is a mandatory field for a key
  resources[0].providers[1]: Invalid value: more than one provider specified in a single element, should split into different list elements
  resources[0].providers[2]: Invalid value: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity
  resources[0].providers[3].kms: Unsupported value: KMS providers are not supported by Skiff: use aescbc, aesgcm, secretbox or identity
  resources[0].resources[0]: Invalid value: "Secrets": resource name should not contain any upper case characters
  resources[0].resources[1]: Invalid value: "*": use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources
  resources[1].resources: Required value: at least one resources[1].resources is required
  resources[1].providers: Required value: at least one resources[1].providers is required`);
    return true;
  });
  assert.throws(() => parseEncryptionConfig('kind: EncryptionConfig\napiVersion: v1\nresources: []'), /expected kind EncryptionConfiguration of apiVersion apiserver.config.k8s.io\/v1/);
  assert.throws(() => parseEncryptionConfig('a: [b'), /Cannot parse the encryption provider configuration/);
  assert.throws(() => parseEncryptionConfig(`apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers: [{ secretbox: { keys: [{ name: s, secret: ${k16} }] } }]`), /secret is not of the expected length, got 16, expected one of \[32\]/);
});
