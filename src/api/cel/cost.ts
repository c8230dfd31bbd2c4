// CEL cost: an estimate of how much work an expression can do, in cel-go's units, from its AST and the
// sizes of what its variables can hold. Upstream estimates every rule when a CRD (or policy) is written and
// refuses rules whose worst case is too high; it also tracks the actual cost while evaluating. cel-js does not
// count, so Skiff's runtime cost is this same estimate over the actual value's sizes: an upper bound of what
// cel-go would count, charged against the same budgets.
import type { ASTNode } from '@marcbachmann/cel-js';
import { callCost, stringTraversalCostFactor } from './library/cost.js';

/** What the estimator knows of a value: its size (string length, list items, map entries) and its parts. */
export interface Shape {
  readonly size?: Range | undefined;
  field?: ((name: string) => Shape | undefined) | undefined;
  /** The items of a list, the values of a map. */
  elem?: (() => Shape | undefined) | undefined;
  /** The keys of a map (what a comprehension over a map binds). */
  key?: (() => Shape | undefined) | undefined;
}

export interface Range { readonly min: number; readonly max: number }

/** Upstream's limits (k8s.io/apiserver/pkg/apis/cel and apiextensions validation). */
export const costLimits = {
  /** One evaluation of one expression at runtime. */
  perCall: 1_000_000,
  /** All rules of one custom resource write. */
  runtimeBudget: 10_000_000,
  /** One rule's estimated worst case × how often it can run, when the CRD is written. */
  staticPerExpression: 10_000_000,
  /** The sum of those over a CRD's schema. */
  staticPerCrd: 100_000_000,
} as const;

const listCreate = 10;
const mapCreate = 30;

const zero: Range = { min: 0, max: 0 };
const unknownSize: Range = { min: 0, max: 3 * 1024 * 1024 };
const one: Range = { min: 1, max: 1 };
const add = (...rs: Range[]): Range => rs.reduce((a, b) => ({ min: a.min + b.min, max: a.max + b.max }), zero);
const scale = (r: Range, n: Range): Range => ({ min: r.min * n.min, max: r.max * n.max });
const traversal = (size: Range | undefined, factor = stringTraversalCostFactor): Range =>
  size === undefined ? one : { min: Math.ceil(size.min * factor), max: Math.ceil(size.max * factor) };

interface Estimate { cost: Range; shape?: Shape | undefined }

const comprehensions = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
/** Standard string functions library/cost.ts has no rule for. */
const stringScans = new Set(['contains', 'startsWith', 'endsWith', 'charAt', 'reverse', 'quote', 'format']);
/** Functions whose result is a string bounded by the receiver's length. */
const stringResults = new Set(['lowerAscii', 'upperAscii', 'trim', 'replace', 'join', 'substring', 'charAt', 'reverse', 'find', 'quote', 'format']);

/** The cost range of an expression whose free variables have the given shapes. */
export function estimateCost(ast: ASTNode, vars: ReadonlyMap<string, Shape | undefined>): Range {
  return visit(ast, vars).cost;
}

function visit(n: ASTNode, vars: ReadonlyMap<string, Shape | undefined>): Estimate {
  switch (n.op) {
    case 'value':
      return { cost: zero, shape: typeof n.args === 'string' ? { size: { min: n.args.length, max: n.args.length } } : undefined };
    case 'id':
      return { cost: one, shape: vars.get(n.args) };
    case '.':
    case '.?': {
      const [target, name] = n.args;
      const t = visit(target, vars);
      return { cost: add(t.cost, one), shape: t.shape?.field?.(name) };
    }
    case '[]':
    case '[?]': {
      const t = visit(n.args[0], vars);
      const i = visit(n.args[1], vars);
      return { cost: add(t.cost, i.cost, one), shape: t.shape?.elem?.() };
    }
    case 'list': {
      const items = n.args.map((x) => visit(x, vars));
      return { cost: add({ min: listCreate, max: listCreate }, ...items.map((x) => x.cost)), shape: { size: { min: items.length, max: items.length } } };
    }
    case 'map': {
      const parts = n.args.flatMap(([k, v]) => [visit(k, vars), visit(v, vars)]);
      return { cost: add({ min: mapCreate, max: mapCreate }, ...parts.map((x) => x.cost)), shape: { size: { min: n.args.length, max: n.args.length } } };
    }
    case '&&':
    case '||': {
      const l = visit(n.args[0], vars);
      const r = visit(n.args[1], vars);
      return { cost: { min: l.cost.min, max: l.cost.max + r.cost.max } };
    }
    case '?:': {
      const c = visit(n.args[0], vars);
      const t = visit(n.args[1], vars);
      const f = visit(n.args[2], vars);
      return { cost: { min: c.cost.min + Math.min(t.cost.min, f.cost.min), max: c.cost.max + Math.max(t.cost.max, f.cost.max) }, shape: larger(t.shape, f.shape) };
    }
    case '!_':
    case '-_':
      return { cost: add(visit(n.args, vars).cost, one) };
    case 'call':
      return call(n.args[0], undefined, n.args[1], vars);
    case 'rcall':
      return call(n.args[0], n.args[1], n.args[2], vars);
    default:
      return binary(n.op, n.args as [ASTNode, ASTNode], vars);
  }
}

function binary(op: string, [a, b]: [ASTNode, ASTNode], vars: ReadonlyMap<string, Shape | undefined>): Estimate {
  const l = visit(a, vars);
  const r = visit(b, vars);
  const base = add(l.cost, r.cost);
  const ls = l.shape?.size;
  const rs = r.shape?.size;
  switch (op) {
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      // Strings, bytes and lists compare element by element: up to the shorter of the two.
      return { cost: add(base, ls && rs ? traversal({ min: 0, max: Math.min(ls.max, rs.max) }) : one) };
    case 'in':
      // A list is searched item by item; a map is a lookup.
      return { cost: add(base, r.shape?.elem !== undefined && r.shape.key === undefined && rs ? { min: 1, max: Math.max(1, rs.max) } : one) };
    case '+': {
      const size = ls && rs ? { min: ls.min + rs.min, max: ls.max + rs.max } : undefined;
      return { cost: add(base, traversal(size)), shape: size ? { size, elem: l.shape?.elem ?? r.shape?.elem } : undefined };
    }
    default:
      return { cost: add(base, one) };
  }
}

function call(name: string, target: ASTNode | undefined, args: readonly ASTNode[], vars: ReadonlyMap<string, Shape | undefined>): Estimate {
  if (target === undefined && name === 'has' && args[0] !== undefined) {
    // A presence test: the select without reading the field.
    const sel = args[0];
    const operand = sel.op === '.' ? visit(sel.args[0], vars).cost : visit(sel, vars).cost;
    return { cost: add(operand, one) };
  }
  if (target !== undefined && comprehensions.has(name) && args.length >= 2) return comprehension(name, target, args, vars);
  const t = target === undefined ? undefined : visit(target, vars);
  const as = args.map((x) => visit(x, vars));
  const operands = add(t?.cost ?? zero, ...as.map((x) => x.cost));
  const subject = t ?? as[0];
  const subjectSize = subject?.shape?.size;
  // One price list (library/cost.ts: upstream's factors for the Kubernetes libraries and the regex and string
  // functions); a value of unknown size counts as one request's bytes.
  const library = callCost(name, {
    ...(t === undefined ? {} : { target: t.shape?.size ?? unknownSize }),
    args: as.map((a) => a.shape?.size ?? unknownSize),
    targetIsList: t?.shape?.elem !== undefined && t.shape.key === undefined,
  });
  if (library !== undefined) return { cost: add(operands, one, library), shape: resultShape(name, subject?.shape) };
  // The standard string functions it has no rule for scan the receiver once.
  if (stringScans.has(name)) return { cost: add(operands, one, traversal(subjectSize)), shape: resultShape(name, subject?.shape) };
  if (name === 'size') return { cost: add(operands, one) };
  if (name === 'orValue' || name === 'value' || name === 'or') return { cost: add(operands, one), shape: larger(t?.shape, as[0]?.shape) };
  if (name === 'string' || name === 'bytes') return { cost: add(operands, one, traversal(subjectSize)), shape: subject?.shape };
  if (name === 'dyn') return { cost: operands, shape: as[0]?.shape };
  return { cost: add(operands, one) };
}

/** What a call gives back, as far as later sizes need it: split/findAll a list of pieces of the receiver, min/max/sum
 * an element, the string functions a string no longer than the receiver. */
function resultShape(name: string, subject: Shape | undefined): Shape | undefined {
  const size = subject?.size;
  if (name === 'split' || name === 'findAll') return { size, elem: () => ({ size }) };
  if (name === 'min' || name === 'max' || name === 'sum') return subject?.elem?.();
  return stringResults.has(name) && size ? { size } : undefined;
}

function comprehension(name: string, target: ASTNode, args: readonly ASTNode[], vars: ReadonlyMap<string, Shape | undefined>): Estimate {
  const range = visit(target, vars);
  const iter = args[0];
  const varName = iter?.op === 'id' ? iter.args : '';
  const bound = new Map(vars);
  bound.set(varName, range.shape?.key?.() ?? range.shape?.elem?.());
  const bodies = args.slice(1).map((x) => visit(x, bound));
  const step = add(one, ...bodies.map((b) => b.cost));
  const n = range.shape?.size ?? one;
  const loop = scale(step, n);
  const build = name === 'map' || name === 'filter' ? { min: listCreate, max: listCreate + n.max } : zero;
  const shape: Shape | undefined = name === 'map'
    ? { size: { min: name === 'map' ? n.min : 0, max: n.max }, elem: () => bodies[bodies.length - 1]?.shape }
    : name === 'filter' ? { size: { min: 0, max: n.max }, elem: () => bound.get(varName) } : undefined;
  return { cost: { min: range.cost.min + build.min, max: range.cost.max + loop.max + build.max }, shape };
}

function larger(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return (a.size?.max ?? 0) >= (b.size?.max ?? 0) ? a : b;
}

/** The shape of an actual value (strings by length, lists by items, maps by entries; parts on demand). */
export function valueShape(v: unknown): Shape | undefined {
  if (typeof v === 'string') return { size: { min: v.length, max: v.length } };
  if (v instanceof Uint8Array) return { size: { min: v.length, max: v.length } };
  if (Array.isArray(v)) {
    return { size: { min: v.length, max: v.length }, elem: () => widest(v) };
  }
  if (v instanceof Map) {
    return { size: { min: v.size, max: v.size }, elem: () => widest([...v.values()]), key: () => widest([...v.keys()]) };
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return { field: (name) => valueShape(o[name]) };
  }
  return undefined;
}

/** The widest of several values' shapes: the upper bound of an element of a list or map. */
function widest(values: readonly unknown[]): Shape | undefined {
  let best: Shape | undefined;
  let bestSize = -1;
  for (const x of values) {
    const s = valueShape(x);
    const size = s?.size?.max ?? 0;
    if (s !== undefined && size > bestSize) {
      best = s;
      bestSize = size;
    }
  }
  if (best === undefined || values.length === 0) return best;
  // Objects: a field's bound is the widest of that field across the elements.
  const first = best;
  return { size: first.size, elem: first.elem, key: first.key, field: (name) => widest(values.map((x) => (x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Map) ? (x as Record<string, unknown>)[name] : undefined)).filter((x) => x !== undefined)) };
}

/** Upstream's "exceeds budget by factor of" detail for an estimated cost over its limit. */
export function costErrorMessage(costName: string, cost: number, limit: number): string {
  const factor = cost / limit;
  const text = factor > 100 ? 'more than 100x' : factor < 1.5 ? `${factor.toFixed(6)}x` : `${factor.toFixed(1)}x`;
  return `${costName} exceeds budget by factor of ${text} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}
