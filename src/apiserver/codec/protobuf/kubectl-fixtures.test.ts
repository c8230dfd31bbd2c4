// Real request bodies captured from kubectl 1.32 against a recording server. Each `want` is kubectl's own
// `--dry-run=client -o json` output for the same command (upstream's JSON for the same Go object), minus
// `creationTimestamp: null`; the three commands without a dry-run (can-i, whoami, token) were reviewed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fixturesJson from './fixtures/kubectl-1.32.json' with { type: 'json' };
import { ApiError } from '../../../api/index.js';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from './decode.js';

interface Fixture { command: string; request: string; body: string; want: unknown }
const fixtures: readonly Fixture[] = fixturesJson;

for (const f of fixtures) {
  test(`decodeKubernetesProtobuf() decodes the body of "${f.command}"`, () => {
    const body = new Uint8Array(Buffer.from(f.body, 'base64'));
    assert.equal(isKubernetesProtobuf(body), true);
    assert.deepEqual(decodeKubernetesProtobuf(body).object, f.want);
  });
}

test('decodeKubernetesProtobuf() answers truncated or bit-flipped kubectl bodies with a result or a 400', () => {
  let seed = 42;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  const tryDecode = (body: Uint8Array): void => {
    try {
      decodeKubernetesProtobuf(body);
    } catch (e: unknown) {
      assert.ok(e instanceof ApiError && e.code === 400, `${Buffer.from(body).toString('hex')} threw ${String(e)}`);
    }
  };
  for (const f of fixtures) {
    const body = new Uint8Array(Buffer.from(f.body, 'base64'));
    for (let n = 0; n < body.length; n++) tryDecode(body.subarray(0, n));
    for (let i = 0; i < 200; i++) {
      const copy = body.slice();
      const at = 4 + (next() % (copy.length - 4));
      copy[at] = copy[at]! ^ (1 << (next() % 8));
      tryDecode(copy);
    }
  }
});
