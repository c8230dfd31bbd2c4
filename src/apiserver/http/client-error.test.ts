import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { answerClientError, answerConnect, clientErrorStatus } from './client-error.js';

function answered(write: (socket: PassThrough) => void): Promise<{ head: string; body: unknown }> {
  const socket = new PassThrough();
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve) => {
    socket.on('finish', () => {
      const text = Buffer.concat(chunks).toString();
      const i = text.indexOf('\r\n\r\n');
      resolve({ head: text.slice(0, i), body: JSON.parse(text.slice(i + 4)) });
    });
    write(socket);
  });
}

test('clientErrorStatus() maps node:http parser errors to the codes node:http uses', () => {
  assert.deepEqual([clientErrorStatus('HPE_HEADER_OVERFLOW').code, clientErrorStatus('HPE_INVALID_CONTENT_LENGTH').code, clientErrorStatus(undefined).code, clientErrorStatus('ERR_HTTP_REQUEST_TIMEOUT').code], [431, 400, 400, 408]);
});

test('answerClientError() writes a Status and closes the connection', async () => {
  const err = Object.assign(new Error('Parse Error: Invalid character in Content-Length'), { code: 'HPE_INVALID_CONTENT_LENGTH' });
  const { head, body } = await answered((s) => answerClientError(err, s));
  assert.match(head, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(head, /\r\nConnection: close/);
  assert.deepEqual(body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'malformed HTTP request (HPE_INVALID_CONTENT_LENGTH)', reason: 'BadRequest', code: 400 });
});

test('answerConnect() answers CONNECT with 405 MethodNotAllowed', async () => {
  const { head, body } = await answered((s) => answerConnect(s));
  assert.match(head, /^HTTP\/1\.1 405 /);
  assert.equal((body as { reason: string }).reason, 'MethodNotAllowed');
});
