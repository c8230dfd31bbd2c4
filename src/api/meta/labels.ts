// Label selectors: parse the string form (`a=b,c in (d),!e`), convert metav1.LabelSelector, match label maps.
import { badRequest } from '../errors.js';

export type LabelOperator = 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A parsed selector: requirements ANDed. An empty selector matches everything. `nothing` matches nothing. */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly nothing?: boolean;
}

export const everything: LabelSelector = { requirements: [] };

const keyRe = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valueRe = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string): void {
  const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
  const prefix = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
  if (!keyRe.test(key) || name.length > 63 || prefix.length > 253) {
    throw badRequest(`unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
}
function checkValue(v: string): void {
  if (v.length > 63 || !valueRe.test(v)) {
    throw badRequest(`unable to parse requirement: values[0]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
}

type Tok = { t: 'id'; v: string } | { t: 'op'; v: string } | { t: 'comma' } | { t: 'lp' } | { t: 'rp' } | { t: 'not' };

function lex(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === ',') { out.push({ t: 'comma' }); i++; continue; }
    if (c === '(') { out.push({ t: 'lp' }); i++; continue; }
    if (c === ')') { out.push({ t: 'rp' }); i++; continue; }
    if (s.startsWith('==', i) || s.startsWith('!=', i)) { out.push({ t: 'op', v: s.slice(i, i + 2) }); i += 2; continue; }
    if (c === '=' || c === '>' || c === '<') { out.push({ t: 'op', v: c }); i++; continue; }
    if (c === '!') { out.push({ t: 'not' }); i++; continue; }
    let j = i;
    while (j < s.length && !' \t,()=!<>'.includes(s[j]!)) j++;
    out.push({ t: 'id', v: s.slice(i, j) });
    i = j;
  }
  return out;
}

/** Parses the labelSelector query parameter. Throws ApiError 400 on malformed input. */
export function parseLabelSelector(sel: string): LabelSelector {
  const toks = lex(sel);
  const reqs: LabelRequirement[] = [];
  let i = 0;
  const fail = (why: string): never => { throw badRequest(`unable to parse requirement: ${why}`); };
  const expectId = (): string => {
    const t = toks[i];
    if (!t || t.t !== 'id') return fail(`found '${t ? (t.t === 'op' ? t.v : t.t) : ''}', expected: identifier`);
    i++;
    return t.v;
  };
  while (i < toks.length) {
    if (toks[i]!.t === 'not') {
      i++;
      const key = expectId();
      checkKey(key);
      reqs.push({ key, operator: '!', values: [] });
    } else {
      const key = expectId();
      checkKey(key);
      const t = toks[i];
      if (!t || t.t === 'comma') {
        reqs.push({ key, operator: 'exists', values: [] });
      } else if (t.t === 'op') {
        i++;
        const vt = toks[i];
        let v = '';
        if (vt && vt.t === 'id') { v = vt.v; i++; }
        if (t.v === '>' || t.v === '<') {
          if (!/^-?\d+$/.test(v)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
          reqs.push({ key, operator: t.v === '>' ? 'gt' : 'lt', values: [v] });
        } else {
          checkValue(v);
          reqs.push({ key, operator: t.v === '!=' ? '!=' : '=', values: [v] });
        }
      } else if (t.t === 'id' && (t.v === 'in' || t.v === 'notin')) {
        i++;
        if (toks[i]?.t !== 'lp') fail(`found '${toks[i]?.t ?? ''}', expected: '('`);
        i++;
        const values: string[] = [];
        for (;;) {
          const x = toks[i];
          if (!x) fail(`found '', expected: ')'`);
          if (x!.t === 'rp') { i++; break; }
          if (x!.t === 'comma') { i++; if (toks[i]?.t === 'rp' || toks[i]?.t === 'comma') values.push(''); continue; }
          if (x!.t === 'id') { checkValue(x!.v); values.push(x!.v); i++; continue; }
          fail(`found '${x!.t}', expected: ',', ')' or identifier`);
        }
        if (values.length === 0) fail('for \'in\', \'notin\' operators, values set can\'t be empty');
        reqs.push({ key, operator: t.v, values });
      } else {
        fail(`found '${t.t === 'id' ? t.v : t.t}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    if (i < toks.length) {
      if (toks[i]!.t !== 'comma') fail(`found '${(toks[i] as { v?: string }).v ?? toks[i]!.t}', expected: ','`);
      i++;
      if (i >= toks.length) fail(`found '', expected: identifier`);
    }
  }
  return { requirements: reqs };
}

function matchReq(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case '=':
    case 'in':
      return has && r.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(v!)) return false;
      const n = Number(v), m = Number(r.values[0]);
      return r.operator === 'gt' ? n > m : n < m;
    }
    default: {
      const never: never = r.operator;
      return never;
    }
  }
}

export function matchesLabels(sel: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (sel.nothing) return false;
  const l = labels ?? {};
  for (const r of sel.requirements) if (!matchReq(r, l)) return false;
  return true;
}

export function isEverything(sel: LabelSelector): boolean {
  return !sel.nothing && sel.requirements.length === 0;
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * Converts a metav1.LabelSelector. `undefined` selects nothing (upstream LabelSelectorAsSelector(nil));
 * `{}` selects everything. Throws on unknown operators.
 */
export function fromLabelSelectorObject(obj: LabelSelectorObject | undefined | null): LabelSelector {
  if (!obj) return { requirements: [], nothing: true };
  const reqs: LabelRequirement[] = [];
  for (const [k, v] of Object.entries(obj.matchLabels ?? {})) reqs.push({ key: k, operator: '=', values: [v] });
  for (const e of obj.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[e.operator as 'In'];
    if (!op) throw new RangeError(`Cannot convert label selector: "${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return { requirements: reqs };
}

/** The string form, as kubectl and Scale.status.selector show it (`app=web,tier in (a,b)`). */
export function formatLabelSelector(sel: LabelSelector): string {
  if (sel.nothing) return '<none>';
  return sel.requirements.map((r) => {
    switch (r.operator) {
      case '=': return `${r.key}=${r.values[0]}`;
      case '!=': return `${r.key}!=${r.values[0]}`;
      case 'in': return `${r.key} in (${[...r.values].sort().join(',')})`;
      case 'notin': return `${r.key} notin (${[...r.values].sort().join(',')})`;
      case 'exists': return r.key;
      case '!': return `!${r.key}`;
      case 'gt': return `${r.key}>${r.values[0]}`;
      case 'lt': return `${r.key}<${r.values[0]}`;
      default: { const never: never = r.operator; return never; }
    }
  }).join(',');
}
