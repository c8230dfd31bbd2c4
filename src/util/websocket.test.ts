import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptKey, encodeFrame, offeredProtocols, parseFrames } from './websocket.js';

/** A masked client frame, as a browser or kubectl sends it. */
function clientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  const len = payload.length;
  const head = len < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | len]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, len >> 8, len & 255]);
  return Buffer.concat([head, mask, masked]);
}

test('acceptKey() is RFC 6455\'s example', () => {
  assert.equal(acceptKey('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

test('offeredProtocols() splits the header', () => {
  assert.deepEqual(offeredProtocols('v5.channel.k8s.io, v4.channel.k8s.io'), ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
  assert.deepEqual(offeredProtocols(undefined), []);
});

test('parseFrames() unmasks whole frames and keeps a partial one for later', () => {
  const a = clientFrame(2, Buffer.from([0, 104, 105]));
  const b = clientFrame(2, Buffer.alloc(300, 7));
  const joined = Buffer.concat([a, b]);
  const first = parseFrames(joined.subarray(0, a.length + 5));
  assert.equal(first.frames.length, 1);
  assert.deepEqual([...first.frames[0]!.payload], [0, 104, 105]);
  assert.equal(first.rest.length, 5);
  const second = parseFrames(Buffer.concat([first.rest, joined.subarray(a.length + 5)]));
  assert.equal(second.frames.length, 1);
  assert.equal(second.frames[0]!.payload.length, 300);
  assert.ok(second.frames[0]!.payload.every((x) => x === 7));
  assert.equal(second.rest.length, 0);
  const frag = parseFrames(Buffer.concat([clientFrame(2, Buffer.from('ab'), false), clientFrame(0, Buffer.from('c'))]));
  assert.deepEqual(frag.frames.map((f) => [f.fin, f.opcode, f.payload.toString()]), [[false, 2, 'ab'], [true, 0, 'c']]);
});

test('encodeFrame() writes unmasked frames with 7-, 16- and 64-bit lengths', () => {
  for (const n of [5, 300, 70_000]) {
    const f = encodeFrame(2, Buffer.alloc(n, 1));
    const { frames, rest } = parseFrames(f);
    assert.equal(frames.length, 1);
    assert.equal(frames[0]!.payload.length, n);
    assert.equal(rest.length, 0);
    assert.equal(f[1]! & 0x80, 0, 'server frames are not masked');
  }
});
