import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsServed } from './negotiate.js';

test('acceptsServed() accepts no Accept, JSON, YAML, protobuf and wildcards, and refuses other media types', () => {
  for (const a of [undefined, '', 'application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io, application/json', 'text/html, */*', 'application/*', 'application/vnd.kubernetes.protobuf;stream=watch']) assert.equal(acceptsServed(a), true, a);
  for (const a of ['text/html', 'application/xml', 'image/png;q=1', ';;;']) assert.equal(acceptsServed(a), false, a);
});
