import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { printerFor } from './index.js';
import { csrCondition } from './certificates-printers.js';

const csr = (types: string[], o: { certificate?: string; expirationSeconds?: number } = {}): CertificateSigningRequest => ({
  metadata: { name: 'jane', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { request: '', signerName: 'kubernetes.io/kube-apiserver-client', username: 'admin', usages: ['client auth'], ...(o.expirationSeconds ? { expirationSeconds: o.expirationSeconds } : {}) },
  status: { conditions: types.map((type) => ({ type, status: 'True' })), ...(o.certificate ? { certificate: o.certificate } : {}) },
});

test('csrCondition() is upstream extractCSRStatus: Denied over Approved over Pending, then Failed and Issued', () => {
  assert.deepEqual(
    [csrCondition(csr([])), csrCondition(csr(['Approved'])), csrCondition(csr(['Approved', 'Denied'])), csrCondition(csr(['Approved', 'Failed'])), csrCondition(csr(['Approved'], { certificate: 'eA==' }))],
    ['Pending', 'Approved', 'Denied', 'Approved,Failed', 'Approved,Issued'],
  );
});

test('the CertificateSigningRequest table has upstream columns and cells', () => {
  const p = printerFor('certificates.k8s.io', 'CertificateSigningRequest');
  assert.deepEqual(p.columns.map((c) => c.name), ['Name', 'Age', 'SignerName', 'Requestor', 'RequestedDuration', 'Condition']);
  const now = new Date('2026-01-01T00:05:00Z');
  assert.deepEqual(p.cells(csr([], { expirationSeconds: 3600 }) as unknown as Record<string, unknown>, now), ['jane', '5m', 'kubernetes.io/kube-apiserver-client', 'admin', '60m', 'Pending']);
  assert.deepEqual(p.cells(csr(['Approved']) as unknown as Record<string, unknown>, now).slice(4), ['<none>', 'Approved']);
});
