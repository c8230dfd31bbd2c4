import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf } from './decode.js';
import { ApiError } from '../../../api/index.js';

// A minimal protobuf writer for building request bodies the way Go's encoder lays them out.
const varint = (n: number): number[] => { const out: number[] = []; do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n); return out; };
const bytes = (no: number, b: number[] | Uint8Array): number[] => [...varint((no << 3) | 2), ...varint(b.length), ...b];
const str = (no: number, s: string): number[] => bytes(no, [...Buffer.from(s)]);
const int = (no: number, n: number): number[] => [...varint(no << 3), ...varint(n)];
const entry = (no: number, k: string, v: number[]): number[] => bytes(no, [...str(1, k), ...bytes(2, v)]);
const body = (apiVersion: string, kind: string, raw: number[]): Uint8Array => new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...bytes(1, [...str(1, apiVersion), ...str(2, kind)]), ...bytes(2, raw), ...str(3, ''), ...str(4, '')]);
const emptyTime = bytes(8, []);

test('decodeKubernetesProtobuf() turns a kubectl ConfigMap body into upstream JSON', () => {
  const meta = [...str(1, 'c1'), ...str(2, ''), ...str(3, ''), ...emptyTime];
  const raw = [...bytes(1, meta), ...entry(2, 'a', [...Buffer.from('b')]), ...entry(3, 'bin', [0, 1, 2])];
  assert.deepEqual(decodeKubernetesProtobuf(body('v1', 'ConfigMap', raw)).object, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' }, data: { a: 'b' }, binaryData: { bin: 'AAEC' } });
});

test('decodeKubernetesProtobuf() keeps meaningful zeros, IntOrString and nested messages (Service)', () => {
  const port = [...str(1, 'http'), ...str(2, 'TCP'), ...int(3, 80), ...bytes(4, [...int(1, 0), ...int(2, 8080), ...str(3, '')]), ...int(5, 0)];
  const spec = [...bytes(1, port), ...entry(2, 'app', [...Buffer.from('web')]), ...str(4, 'ClusterIP')];
  const out = decodeKubernetesProtobuf(body('v1', 'Service', [...bytes(1, str(1, 's')), ...bytes(2, spec), ...bytes(3, [])])).object;
  assert.deepEqual(out['spec'], { ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'web' }, type: 'ClusterIP' });
});

test('decodeKubernetesProtobuf() rejects corrupt bodies with 400 and unknown types with 415', () => {
  assert.throws(() => decodeKubernetesProtobuf(new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff])), (e: unknown) => e instanceof ApiError && e.code === 400);
  assert.throws(() => decodeKubernetesProtobuf(body('v1', 'Pod', [])), (e: unknown) => e instanceof ApiError && e.code === 415);
  assert.throws(() => decodeKubernetesProtobuf(new Uint8Array([1, 2, 3])), (e: unknown) => e instanceof ApiError && e.code === 400);
});
