import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultStorageClassOf } from './default-class.js';

const sc = (name: string, ts: string, value?: string, beta = false): { metadata: { name: string; creationTimestamp: string; annotations: Record<string, string> } } => ({
  metadata: { name, creationTimestamp: ts, annotations: value === undefined ? {} : { [beta ? 'storageclass.beta.kubernetes.io/is-default-class' : 'storageclass.kubernetes.io/is-default-class']: value } },
});

test('defaultStorageClassOf() takes only "true", the newest wins, ties go to the first name', () => {
  assert.equal(defaultStorageClassOf([sc('a', '2026-01-01T00:00:00Z', 'false'), sc('b', '2026-01-01T00:00:00Z', '')]), undefined);
  assert.equal(defaultStorageClassOf([sc('a', '2026-01-01T00:00:00Z', 'true', true)])?.metadata.name, 'a');
  assert.equal(defaultStorageClassOf([sc('old', '2026-01-01T00:00:00Z', 'true'), sc('new', '2026-02-01T00:00:00Z', 'true')])?.metadata.name, 'new');
  assert.equal(defaultStorageClassOf([sc('zeta', '2026-01-01T00:00:00Z', 'true'), sc('alpha', '2026-01-01T00:00:00Z', 'true')])?.metadata.name, 'alpha');
});
