import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { constants, createDeflate, createInflate } from 'node:zlib';
import { controlFrame, dataFrame, decodeHeaderBlock, encodeHeaderBlock, flagFin, frameType, parseSpdyFrames, spdyDictionary, SpdyServerSession, type SpdyStream } from './spdy.js';

const flushed = (z: ReturnType<typeof createDeflate> | ReturnType<typeof createInflate>, input: Buffer): Promise<Buffer> => new Promise((resolve) => {
  const out: Buffer[] = [];
  const on = (d: Buffer): void => { out.push(d); };
  z.on('data', on);
  z.write(input);
  z.flush(constants.Z_SYNC_FLUSH, () => { z.off('data', on); resolve(Buffer.concat(out)); });
});

test('the SPDY/3 dictionary is the spec\'s 1,423 bytes', () => {
  assert.equal(spdyDictionary.length, 1423);
  assert.equal(createHash('sha256').update(spdyDictionary).digest('hex'), '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
});

test('frames and header blocks round-trip; a partial frame waits for its rest', () => {
  const frames = Buffer.concat([controlFrame(frameType.ping, 0, Buffer.from([0, 0, 0, 1])), dataFrame(3, flagFin, Buffer.from('hi'))]);
  const first = parseSpdyFrames(frames.subarray(0, 14));
  assert.deepEqual(first.frames, [{ control: true, type: frameType.ping, flags: 0, data: Buffer.from([0, 0, 0, 1]) }]);
  const second = parseSpdyFrames(Buffer.concat([first.rest, frames.subarray(14)]));
  assert.deepEqual(second.frames, [{ control: false, streamId: 3, flags: flagFin, data: Buffer.from('hi') }]);
  assert.deepEqual([...decodeHeaderBlock(encodeHeaderBlock(new Map([['streamtype', 'data'], ['port', '80']])))], [['streamtype', 'data'], ['port', '80']]);
});

test('SpdyServerSession answers SYN_STREAM with SYN_REPLY, relays DATA both ways, keeps early data, echoes PING', async () => {
  const sent: Buffer[] = [];
  const streams: SpdyStream[] = [];
  const session = new SpdyServerSession((b) => sent.push(b), (s) => streams.push(s));
  const deflate = createDeflate({ dictionary: spdyDictionary });
  const inflate = createInflate({ dictionary: spdyDictionary });
  const syn = Buffer.alloc(10);
  syn.writeUInt32BE(1);
  const block = await flushed(deflate, encodeHeaderBlock(new Map([['streamType', 'data'], ['port', '80'], ['requestID', '0']])));
  session.receive(Buffer.concat([controlFrame(frameType.synStream, 0, Buffer.concat([syn, block])), dataFrame(1, flagFin, Buffer.from('GET /')), controlFrame(frameType.ping, 0, Buffer.from([0, 0, 0, 7]))]));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(streams.length, 1);
  assert.equal(streams[0]!.headers.get('streamtype'), 'data');
  let got = '';
  let ended = false;
  streams[0]!.onData((d) => { got += d.toString(); });
  streams[0]!.onEnd(() => { ended = true; });
  assert.deepEqual([got, ended], ['GET /', true]);
  streams[0]!.write(Buffer.from('200'));
  streams[0]!.end();
  const out = parseSpdyFrames(Buffer.concat(sent)).frames;
  assert.equal(out[0]!.control && out[0]!.type, frameType.synReply);
  assert.equal(decodeHeaderBlock(await flushed(inflate, out[0]!.data.subarray(4))).size, 0);
  assert.deepEqual(out.slice(1).map((f) => (f.control ? `ctl${f.type}:${[...f.data]}` : `data${f.streamId}:${f.flags}:${f.data}`)), [`ctl${frameType.ping}:0,0,0,7`, 'data1:0:200', 'data1:1:']);
  session.close();
});
