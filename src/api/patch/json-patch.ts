// RFC 6902 JSON Patch over plain JSON values, with kube-apiserver's error mapping
// (malformed patch → 400, an operation that does not apply → 422). Never mutates its inputs.
import { badRequest, tooLarge } from '../errors.js';
import { hasOwn, isObject, jsonEqual, jsonKind, patchNotApplicable, type JsonObject } from './json-value.js';

/** kube-apiserver refuses JSON patches with more operations than this. */
export const maxJsonPatchOperations = 10000;

type Container = unknown[] | JsonObject;

function parsePointer(op: string, p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw patchNotApplicable(`${op} operation does not apply: invalid JSON pointer "${p}"`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(op: string, arr: unknown[], token: string, forInsert: boolean, path: string): number {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw patchNotApplicable(`${op} operation does not apply: invalid array index "${token}" in path "${path}"`);
  const i = Number(token);
  if (i > arr.length || (!forInsert && i === arr.length)) throw patchNotApplicable(`${op} operation does not apply: index ${i} out of bounds in path "${path}"`);
  return i;
}

/** Walks to the value at the pointer tokens; undefined when any step is missing. */
function lookup(doc: unknown, tokens: readonly string[]): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = /^(0|[1-9][0-9]*)$/.test(t) ? cur[Number(t)] : undefined;
    else if (isObject(cur)) cur = hasOwn(cur, t) ? cur[t] : undefined;
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The container holding the last token of path, plus that token. */
function parentOf(op: string, doc: unknown, path: string): { parent: Container; key: string } {
  const tokens = parsePointer(op, path);
  const key = tokens.pop();
  const parent = key === undefined ? undefined : lookup(doc, tokens);
  if (key === undefined || !(Array.isArray(parent) || isObject(parent))) {
    throw patchNotApplicable(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { parent, key };
}

function getValue(op: string, doc: unknown, path: string): unknown {
  const v = lookup(doc, parsePointer(op, path));
  if (v === undefined) throw patchNotApplicable(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return v;
}

/** Inserts (arrays) or sets (objects) value at path; returns the new document root. */
function addValue(op: string, doc: unknown, path: string, value: unknown): unknown {
  if (path === '') return value;
  const { parent, key } = parentOf(op, doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(op, parent, key, true, path), 0, value);
  else parent[key] = value;
  return doc;
}

/** Removes the value at path; returns the new document root. */
function removeValue(op: string, doc: unknown, path: string): unknown {
  if (path === '') throw patchNotApplicable(`${op} operation does not apply: cannot remove the document root`);
  const { parent, key } = parentOf(op, doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(op, parent, key, false, path), 1);
  else if (hasOwn(parent, key)) delete parent[key];
  else throw patchNotApplicable(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

interface Operation {
  readonly op: unknown;
  readonly path: unknown;
  readonly from: unknown;
  readonly value: unknown;
  readonly hasValue: boolean;
}

function decode(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) {
    if (ops === null) return [];
    throw badRequest(`json: cannot unmarshal ${jsonKind(ops)} into Go value of type jsonpatch.Patch`);
  }
  if (ops.length > maxJsonPatchOperations) {
    throw tooLarge(`The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${ops.length}`);
  }
  return ops.map((o) => {
    if (!isObject(o)) throw badRequest(`json: cannot unmarshal ${jsonKind(o)} into Go value of type jsonpatch.Operation`);
    return { op: o['op'], path: o['path'], from: o['from'], value: o['value'], hasValue: hasOwn(o, 'value') };
  });
}

function requireString(op: string, field: 'path' | 'from', v: unknown): string {
  if (typeof v !== 'string') throw patchNotApplicable(`${op} operation missing ${field} field`);
  return v;
}

function applyOne(doc: unknown, o: Operation): unknown {
  const op = typeof o.op === 'string' ? o.op : 'unknown';
  switch (op) {
    case 'add':
      if (!o.hasValue) throw patchNotApplicable('add operation missing value');
      return addValue(op, doc, requireString(op, 'path', o.path), structuredClone(o.value));
    case 'remove':
      return removeValue(op, doc, requireString(op, 'path', o.path));
    case 'replace': {
      if (!o.hasValue) throw patchNotApplicable('replace operation missing value');
      const path = requireString(op, 'path', o.path);
      if (path === '') return structuredClone(o.value);
      getValue(op, doc, path);
      return addValue(op, removeValue(op, doc, path), path, structuredClone(o.value));
    }
    case 'move': {
      const from = requireString(op, 'from', o.from);
      const path = requireString(op, 'path', o.path);
      if (path !== from && path.startsWith(`${from}/`)) throw patchNotApplicable(`move operation does not apply: cannot move "${from}" into its own child "${path}"`);
      const v = getValue(op, doc, from);
      return addValue(op, removeValue(op, doc, from), path, v);
    }
    case 'copy': {
      const v = getValue(op, doc, requireString(op, 'from', o.from));
      return addValue(op, doc, requireString(op, 'path', o.path), structuredClone(v));
    }
    case 'test': {
      const path = requireString(op, 'path', o.path);
      const actual = lookup(doc, parsePointer(op, path));
      // As upstream: a missing value tests equal to null.
      const ok = actual === undefined ? o.value === null || o.value === undefined : jsonEqual(actual, o.value);
      if (!ok) throw patchNotApplicable(`testing value ${path} failed: test failed`);
      return doc;
    }
    default:
      throw patchNotApplicable(`Unexpected kind: ${op}`);
  }
}

/**
 * Applies an RFC 6902 patch (`ops`, the decoded request body) to doc and returns the result.
 * Throws 400 for a body that is not a list of operation objects, 413 above maxJsonPatchOperations,
 * and 422 ("the server rejected our request due to an error in our request") when an operation fails.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  let out = structuredClone(doc);
  for (const o of decode(ops)) out = applyOne(out, o);
  return out;
}
