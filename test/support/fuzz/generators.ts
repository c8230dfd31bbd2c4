// The fuzz suite's input generators: valid objects to start from, and the ways to break them (wrong types at any
// level, deep nesting, truncation, bad bytes, YAML bombs, protobuf garbage).
import type { Rng } from './random.js';
import { wrapRaw, encodeBody } from '../../../src/apiserver/codec/protobuf/testing.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Valid objects of a few kinds, with the path that creates them. */
export function validObjects(ns: string, name: string): { path: string; object: { [k: string]: Json } }[] {
  const labels = { app: 'fuzz' };
  return [
    { path: `/api/v1/namespaces/${ns}/configmaps`, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { a: 'b' } } },
    { path: `/api/v1/namespaces/${ns}/pods`, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: 'b' }] }] } } },
    { path: `/apis/apps/v1/namespaces/${ns}/deployments`, object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels }, spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } },
    { path: `/api/v1/namespaces/${ns}/services`, object: { apiVersion: 'v1', kind: 'Service', metadata: { name, labels }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } } },
    { path: '/api/v1/namespaces', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } } },
    { path: '/apis/rbac.authorization.k8s.io/v1/clusterroles', object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } },
  ];
}

/** `depth` levels of nesting: arrays, objects or a mix. */
export function deepNesting(depth: number, style: 'array' | 'object' | 'mixed'): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const arr = style === 'array' || (style === 'mixed' && i % 2 === 0);
    open += arr ? '[' : '{"a":';
    close = (arr ? ']' : '}') + close;
  }
  return `${open}1${close}`;
}

/** A value of a random JSON type, sometimes deep or large. */
export function randomValue(rng: Rng, depth = 0): Json {
  switch (rng.int(depth > 2 ? 7 : 9)) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 4294967296, -2147483649]);
    case 3: return rng.string(rng.int(12));
    case 4: return '';
    case 5: return rng.pick(['true', '1', '-1', '1Gi', '💥', '\u0000', 'a'.repeat(300), '../..', '%zz', '$patch']);
    case 6: return {};
    case 7: return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    default: return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick(['name', 'metadata', 'spec', 'items', '$patch', '__proto__', 'constructor', rng.string(5)]), randomValue(rng, depth + 1)]));
  }
}

function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

/** A copy of `doc` with the value at one random path (the root included) replaced by a value of a random type. */
export function replaceAtRandomPath(rng: Rng, doc: Json): { doc: Json; path: string } {
  const all = paths(doc);
  const p = rng.pick(all);
  const value = randomValue(rng);
  if (p.length === 0) return { doc: value, path: '(root)' };
  const copy = structuredClone(doc) as Json;
  let cur = copy as Record<string | number, Json>;
  for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, Json>;
  cur[p[p.length - 1]!] = value;
  return { doc: copy, path: p.join('.') };
}

/** Ways to break the bytes of a JSON text; `mayPass` when the result may still be a valid object (upstream accepts
 * duplicate keys with a warning and decodes invalid UTF-8 as U+FFFD). */
export function corruptJsonText(rng: Rng, text: string): { body: Buffer; how: string; mayPass?: boolean } {
  const b = Buffer.from(text);
  switch (rng.int(7)) {
    case 0: { const n = rng.int(b.length); return { body: b.subarray(0, n), how: `truncated at ${n}` }; }
    case 1: { const i = rng.int(b.length); return { body: Buffer.concat([b.subarray(0, i), rng.bytes(1 + rng.int(4)), b.subarray(i)]), how: `random bytes at ${i}`, mayPass: true }; }
    case 2: { const i = rng.int(b.length); return { body: Buffer.concat([b.subarray(0, i), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), b.subarray(i)]), how: `invalid UTF-8 at ${i}`, mayPass: true }; }
    case 3: return { body: Buffer.from(text.replace('"metadata":{', '"metadata":{"name":"dup-a","name":"dup-b",')), how: 'duplicate keys', mayPass: true };
    case 4: return { body: Buffer.from(text + rng.pick(['}', ']', ',', '{}', ' garbage', '\u0000'])), how: 'trailing garbage' };
    case 5: { const i = rng.int(b.length); const c = Buffer.from(b); c[i] = rng.pick([0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x3a, 0x2c, 0x5c]); return { body: c, how: `structural byte at ${i}`, mayPass: true }; }
    default: return { body: rng.bytes(rng.int(200)), how: 'random bytes' };
  }
}

/** YAML documents that must not be accepted as objects (or hang the parser). */
export function hostileYaml(): { yaml: string; how: string }[] {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  return [
    { yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n${laughs.map((l) => `  ${l}`).join('\n')}\ndata:\n  x: *j\n`, how: 'billion laughs in metadata' },
    { yaml: `${laughs.join('\n')}\n`, how: 'billion laughs at the root' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n', how: 'unclosed flow sequence' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: tab\n', how: 'tab indentation' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n', how: 'two documents' },
    { yaml: '- a\n- b\n', how: 'a sequence' },
    { yaml: 'just a string\n', how: 'a scalar' },
    { yaml: '42\n', how: 'a number' },
    { yaml: '~\n', how: 'null' },
    { yaml: '', how: 'empty' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, name: b}\n', how: 'duplicate keys' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: self, labels: {a: b}}\ndata: *m\n', how: 'alias of the wrong type' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: !!binary aGVsbG8=\n', how: 'a binary tag' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: !!map &a {k: *a}\n', how: 'a recursive alias' },
    { yaml: '<<: *undefined\n', how: 'an undefined alias' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n', how: 'deep flow nesting' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  ? [complex, key]\n  : v\n', how: 'a complex key' },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: 1, b: true, c: null}\n', how: 'data values of the wrong type' },
    { yaml: '%YAML 9.9\n---\na: b\n', how: 'an unknown YAML version' },
    { yaml: '\u00ff\u00fe\u0000garbage', how: 'binary garbage' },
  ];
}

/** Protobuf bodies that are not a valid object: wrong magic, garbage, truncated or mis-typed messages. */
export function hostileProtobuf(rng: Rng): { body: Buffer; how: string; mayPass?: boolean } {
  const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
  const valid = Buffer.from(encodeBody('v1', 'ConfigMap', { metadata: { name: `pb-${rng.int(1e9)}`, namespace: 'fuzz' }, data: { a: 'b' } }));
  switch (rng.int(8)) {
    case 0: return { body: rng.bytes(rng.int(300)), how: 'random bytes' };
    case 1: return { body: Buffer.concat([magic, rng.bytes(rng.int(300))]), how: 'magic + random bytes' };
    case 2: { const n = 4 + rng.int(valid.length - 4); return { body: valid.subarray(0, n), how: `valid message truncated at ${n}`, mayPass: true }; }
    case 3: return { body: Buffer.concat([Buffer.from('k8s\u0001'), valid.subarray(4)]), how: 'wrong magic' };
    case 4: return { body: Buffer.from(wrapRaw('v1', 'ConfigMap', rng.bytes(1 + rng.int(200)))), how: 'envelope around garbage' };
    case 5: return { body: Buffer.from(wrapRaw(rng.pick(['v1', 'apps/v1', 'nope/v9', '']), rng.pick(['Pod', 'Nope', '', 'ConfigMap']), valid.subarray(10), rng.pick(['', 'gzip']))), how: 'envelope of another or unknown type', mayPass: true };
    case 6: { const c = Buffer.from(valid); for (let i = 0; i < 3; i++) c[4 + rng.int(c.length - 4)] = rng.int(256); return { body: c, how: 'valid message with flipped bytes', mayPass: true }; }
    default: return { body: Buffer.concat([magic, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])]), how: 'a length prefix past the end' };
  }
}
