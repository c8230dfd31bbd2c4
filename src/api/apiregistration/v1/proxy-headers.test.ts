import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeExtraKey, extensionApiserverAuthenticationData, frontProxyHeaders } from './proxy-headers.js';

test('frontProxyHeaders() drops credentials, hop-by-hop and client-sent identity headers and adds the user', () => {
  const got = frontProxyHeaders({
    host: 'skiff:6443', authorization: 'Bearer secret', connection: 'keep-alive', 'transfer-encoding': 'chunked',
    'Impersonate-User': 'root', 'X-Remote-User': 'mallory', 'x-remote-group': 'system:masters', 'X-Remote-Extra-Scopes': 'all',
    accept: 'application/json;as=Table;v=v1;g=meta.k8s.io', 'user-agent': 'kubectl/v1.32.5', 'x-forwarded-for': '10.0.0.7',
  }, { name: 'skiff-admin', groups: ['system:masters', 'system:authenticated'], extra: { 'scopes.example.com/a b': ['read', 'write'], empty: [] } }, { clientAddress: '127.0.0.1' });
  assert.deepEqual(got, {
    accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    'user-agent': 'kubectl/v1.32.5',
    'x-forwarded-for': '10.0.0.7, 127.0.0.1',
    'x-remote-user': 'skiff-admin',
    'x-remote-group': ['system:masters', 'system:authenticated'],
    'x-remote-extra-scopes.example.com%2fa%20b': ['read', 'write'],
  });
});

test('frontProxyHeaders() sends no group header for a user without groups', () => {
  assert.deepEqual(frontProxyHeaders({}, { name: 'system:kube-aggregator', groups: [] }), { 'x-remote-user': 'system:kube-aggregator' });
});

test('escapeExtraKey() keeps header token characters and percent-encodes the rest, % included', () => {
  assert.equal(escapeExtraKey('alpha.example.com/Key_1'), 'alpha.example.com%2FKey_1');
  assert.equal(escapeExtraKey('100%é'), '100%25%C3%A9');
});

test('extensionApiserverAuthenticationData() writes the keys extension servers read, lists as JSON arrays', () => {
  assert.deepEqual(extensionApiserverAuthenticationData({ clientCaPem: 'CLIENT', requestHeaderCaPem: 'PROXY' }), {
    'client-ca-file': 'CLIENT',
    'requestheader-client-ca-file': 'PROXY',
    'requestheader-username-headers': '["X-Remote-User"]',
    'requestheader-group-headers': '["X-Remote-Group"]',
    'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
    'requestheader-allowed-names': '["front-proxy-client"]',
  });
});
