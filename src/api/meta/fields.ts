// Field selectors: parse `a=b,c!=d` (with \, \= \\ escapes) and match against an object's field set.
import { badRequest } from '../errors.js';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

function splitTerms(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) { cur += c + s[i + 1]; i++; continue; }
    if (c === ',') { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\') {
      const n = v[i + 1];
      if (n === ',' || n === '=' || n === '\\') { out += n; i++; continue; }
      throw badRequest(`invalid field selector: invalid escape sequence`);
    }
    // upstream UnescapeValue: an unescaped = (or ,) in a value is refused.
    if (c === '=' || c === ',') throw badRequest(`invalid field selector: unescaped character in value: ${c}`);
    out += c;
  }
  return out;
}

/** Parses the fieldSelector query parameter. Throws ApiError 400 on malformed input. */
export function parseFieldSelector(s: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  if (s.trim() === '') return { requirements: [] };
  for (const term of splitTerms(s)) {
    if (term === '') continue;
    let idx = term.indexOf('!=');
    let op: '=' | '!=' = '!=';
    let len = 2;
    if (idx < 0) { idx = term.indexOf('=='); op = '='; len = 2; }
    if (idx < 0) { idx = term.indexOf('='); op = '='; len = 1; }
    if (idx < 0) throw badRequest(`invalid field selector: '${term}' is not a valid field selector: no operator`);
    reqs.push({ field: term.slice(0, idx).trim(), operator: op, value: unescape(term.slice(idx + len)) });
  }
  return { requirements: reqs };
}

/** Fields an object exposes to selectors (e.g. `metadata.name`, `spec.nodeName`). */
export type FieldSet = Readonly<Record<string, string>>;

/** Throws 400 `field label not supported: x` for a field outside `supported`. */
export function checkFieldSelector(sel: FieldSelector, supported: ReadonlySet<string>): void {
  for (const r of sel.requirements) if (!supported.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
}

export function matchesFields(sel: FieldSelector, fields: FieldSet): boolean {
  for (const r of sel.requirements) {
    const v = fields[r.field] ?? '';
    if (r.operator === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}

/** The single metadata.name this selector pins, if any (used to narrow watches). */
export function exactName(sel: FieldSelector): string | undefined {
  return sel.requirements.find((r) => r.field === 'metadata.name' && r.operator === '=')?.value;
}
