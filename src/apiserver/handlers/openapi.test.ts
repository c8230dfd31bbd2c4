// Unit tests for /openapi/v2 content negotiation (kube-openapi's: JSON, both protobuf names, 406 otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateOpenApiV2 } from './openapi.js';

test('negotiateOpenApiV2() picks the format of the first acceptable clause in goautoneg order', () => {
  const cases: [string | undefined, string | undefined][] = [
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/json', 'json'],
    ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
    ['application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'protobuf'],
    ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json', 'protobuf'],
    ['application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
    ['*/*, application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
    ['application/*', 'json'],
    ['application/json;q=0, text/html', undefined],
    ['application/yaml', undefined],
    ['text/plain', undefined],
  ];
  for (const [accept, want] of cases) assert.equal(negotiateOpenApiV2(accept), want, String(accept));
});
