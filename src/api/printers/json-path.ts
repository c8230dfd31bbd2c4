// The JSONPath subset CRD additionalPrinterColumns use (client-go util/jsonpath inside `{…}`): fields (`.a.b`,
// `['a.b']`), indexes (`[0]`, `[-1]`), wildcards (`[*]`, `.*`) and filters (`[?(@.type=="Ready")]`, `==`, `!=`,
// and `[?(@.x)]` for presence). Pure: compile once, evaluate to every match in document order.

type Step =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' }
  | { readonly kind: 'filter'; readonly path: readonly Step[]; readonly op: '==' | '!=' | 'exists'; readonly value?: unknown };

export interface JsonPath {
  readonly source: string;
  find(obj: unknown): unknown[];
}

export class JsonPathError extends Error {}

function parseSteps(src: string, from: number, stopAtOperator: boolean): { steps: Step[]; end: number } {
  const steps: Step[] = [];
  let i = from;
  const ident = /^[A-Za-z0-9_$@-]+/;
  while (i < src.length) {
    const c = src[i];
    if (stopAtOperator && (c === '=' || c === '!' || c === ')' || c === ' ')) break;
    if (c === '.') {
      i++;
      if (src[i] === '*') { steps.push({ kind: 'all' }); i++; continue; }
      const m = ident.exec(src.slice(i));
      if (!m) throw new JsonPathError(`unexpected ${JSON.stringify(src.slice(i, i + 1) || 'end')} at position ${i} of ${JSON.stringify(src)}`);
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    } else if (c === '[') {
      const close = src.indexOf(']', i);
      if (close < 0) throw new JsonPathError(`unterminated [ in ${JSON.stringify(src)}`);
      const inner = src.slice(i + 1, close).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$/.test(inner) || /^"[^"]*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')')) steps.push(parseFilter(inner.slice(2, -1).trim(), src));
      else throw new JsonPathError(`unsupported subscript [${inner}] in ${JSON.stringify(src)}`);
      i = close + 1;
    } else {
      throw new JsonPathError(`unexpected ${JSON.stringify(c)} at position ${i} of ${JSON.stringify(src)}`);
    }
  }
  return { steps, end: i };
}

function parseFilter(expr: string, src: string): Step {
  if (!expr.startsWith('@')) throw new JsonPathError(`unsupported filter ${JSON.stringify(expr)} in ${JSON.stringify(src)}`);
  const { steps, end } = parseSteps(expr, 1, true);
  const rest = expr.slice(end).trim();
  if (rest === '') return { kind: 'filter', path: steps, op: 'exists' };
  const m = /^(==|!=)\s*(.+)$/.exec(rest);
  if (!m) throw new JsonPathError(`unsupported filter ${JSON.stringify(expr)} in ${JSON.stringify(src)}`);
  const raw = m[2]!.trim();
  let value: unknown;
  if (/^".*"$/.test(raw) || /^'.*'$/.test(raw)) value = raw.slice(1, -1);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
  else throw new JsonPathError(`unsupported filter value ${raw} in ${JSON.stringify(src)}`);
  return { kind: 'filter', path: steps, op: m[1] as '==' | '!=', value };
}

function apply(steps: readonly Step[], values: unknown[]): unknown[] {
  let cur = values;
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || typeof v !== 'object') continue;
      if (s.kind === 'field') {
        if (!Array.isArray(v) && s.name in v) next.push((v as Record<string, unknown>)[s.name]);
      } else if (s.kind === 'index') {
        if (Array.isArray(v)) { const i = s.index < 0 ? v.length + s.index : s.index; if (i >= 0 && i < v.length) next.push(v[i]); }
      } else if (s.kind === 'all') {
        next.push(...(Array.isArray(v) ? v : Object.values(v)));
      } else {
        for (const item of Array.isArray(v) ? v : Object.values(v)) {
          const found = apply(s.path, [item]);
          const keep = s.op === 'exists' ? found.length > 0 : s.op === '==' ? found.some((f) => f === s.value) : !found.some((f) => f === s.value);
          if (keep) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}

/** Compiles a column's jsonPath (`.spec.replicas`, or the `{…}` template form). Throws JsonPathError. */
export function compileJsonPath(source: string): JsonPath {
  let s = source.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  if (s.startsWith('$')) s = s.slice(1);
  if (s !== '' && !s.startsWith('.') && !s.startsWith('[')) s = `.${s}`;
  const { steps } = parseSteps(s, 0, false);
  return { source, find: (obj) => apply(steps, [obj]) };
}
