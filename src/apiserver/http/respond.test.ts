import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateHeaderValue } from 'node:http';
import { warningHeader } from './respond.js';

test('warningHeader() quotes the text and sends non-ASCII text as its UTF-8 bytes', () => {
  const [h] = warningHeader(['unknown field "la°bels"']);
  assert.equal(Buffer.from(h!, 'latin1').toString('utf8'), '299 - "unknown field \\"la°bels\\""');
});

test('warningHeader() values are valid header values whatever the text holds', () => {
  for (const text of ['a\u0000b', 'x\r\nSet-Cookie: y', '\u00ff\ufffd\ud800', 'del\u007f', '中文']) {
    assert.doesNotThrow(() => validateHeaderValue('Warning', warningHeader([text])[0]!), text);
  }
});
