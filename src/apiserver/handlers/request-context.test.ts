import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { requestContext } from './request-context.js';

const req = (ua: string): IncomingMessage => ({ headers: { 'user-agent': ua } }) as unknown as IncomingMessage;
const user = { name: 'u', groups: [] };

test('requestContext: fieldManager from the query, else (missing or empty) from the User-Agent, as upstream', () => {
  assert.equal(requestContext(new URLSearchParams('fieldManager=mine'), user, req('kubectl/v1.32.0 (linux/amd64)')).fieldManager, 'mine');
  assert.equal(requestContext(new URLSearchParams(''), user, req('kubectl/v1.32.0 (linux/amd64)')).fieldManager, 'kubectl');
  assert.equal(requestContext(new URLSearchParams('fieldManager='), user, req('kubectl/v1.32.0 (linux/amd64)')).fieldManager, 'kubectl', 'an empty fieldManager would skip managedFields tracking');
  assert.equal(requestContext(new URLSearchParams('fieldManager='), user, req('')).fieldManager, 'unknown');
});
