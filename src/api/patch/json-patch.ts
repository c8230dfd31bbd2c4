// RFC 6902 JSON Patch over plain JSON values. Never mutates its inputs.
import { ApiError, badRequest } from '../errors.js';

type Json = unknown;

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw badRequest(`the server rejected our request due to an error in our request: JSON pointer "${p}" must start with "/"`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function container(doc: Json, parts: string[], op: string, path: string): Json {
  let cur = doc;
  for (const k of parts) {
    if (Array.isArray(cur)) cur = cur[Number(k)];
    else if (cur !== null && typeof cur === 'object') cur = (cur as Record<string, Json>)[k];
    else cur = undefined;
    if (cur === undefined) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function arrayIndex(arr: Json[], key: string, forAdd: boolean, path: string): number {
  if (forAdd && key === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(key)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: invalid array index "${key}" in path "${path}"`);
  const i = Number(key);
  if (i > arr.length || (!forAdd && i === arr.length)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: index ${i} out of bounds in path "${path}"`);
  return i;
}

function get(doc: Json, path: string, op: string): Json {
  const parts = parsePointer(path);
  return parts.length ? container(doc, parts, op, path) : doc;
}

function add(doc: Json, path: string, value: Json, op = 'add'): Json {
  const parts = parsePointer(path);
  if (parts.length === 0) return value;
  const last = parts.pop()!;
  const parent = container(doc, parts, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, path), 0, value);
  else if (parent !== null && typeof parent === 'object') (parent as Record<string, Json>)[last] = value;
  else throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "${path}"`);
  return doc;
}

function remove(doc: Json, path: string, op = 'remove'): Json {
  const parts = parsePointer(path);
  const last = parts.pop();
  if (last === undefined) return undefined;
  const parent = container(doc, parts, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false, path), 1);
  else if (parent !== null && typeof parent === 'object' && last in (parent as object)) delete (parent as Record<string, Json>)[last];
  else throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('the server rejected our request due to an error in our request: json patch must be an array of operations');
  let out: Json = structuredClone(doc);
  for (const raw of ops) {
    if (raw === null || typeof raw !== 'object') throw badRequest('the server rejected our request due to an error in our request: invalid json patch operation');
    const o = raw as { op?: string; path?: string; from?: string; value?: Json };
    const path = o.path;
    if (typeof path !== 'string') throw badRequest(`the server rejected our request due to an error in our request: operation "${o.op ?? ''}" is missing "path"`);
    switch (o.op) {
      case 'add': out = add(out, path, structuredClone(o.value)); break;
      case 'remove': out = remove(out, path); break;
      case 'replace': get(out, path, 'replace'); out = remove(out, path, 'replace'); out = add(out, path, structuredClone(o.value), 'replace'); break;
      case 'move': { const v = get(out, o.from ?? '', 'move'); out = remove(out, o.from ?? '', 'move'); out = add(out, path, v, 'move'); break; }
      case 'copy': out = add(out, path, structuredClone(get(out, o.from ?? '', 'copy')), 'copy'); break;
      case 'test': {
        const v = get(out, path, 'test');
        if (JSON.stringify(v) !== JSON.stringify(o.value)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${path} failed: test failed`);
        break;
      }
      default: throw badRequest(`the server rejected our request due to an error in our request: Unexpected kind: ${String(o.op)}`);
    }
  }
  return out;
}
