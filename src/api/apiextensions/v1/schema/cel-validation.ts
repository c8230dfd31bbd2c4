// x-kubernetes-validations: CEL rules on schema nodes, compiled when a CRD is written (with upstream's checks,
// messages and cost limits) and evaluated on every write of its resources. `self` is the node's value,
// `oldSelf` its previous value on updates (transition rules run only where old and new correlate: object
// properties, granular maps and map-type lists, unless the rule sets optionalOldSelf).
import { Optional, type ASTNode, type Environment, type ParseResult } from '@marcbachmann/cel-js';
import { kubernetesEnvironment } from '../../../cel/environment.js';
import { celErrorSummary, compileExpression } from '../../../cel/compile.js';
import { costErrorMessage, costLimits, estimateCost, valueShape, type Shape } from '../../../cel/cost.js';
import {
  duplicate, FieldPath, forbidden, invalid, notSupported, required, type FieldError, type GoStringer,
} from '../../../meta/field-path.js';
import { semanticEqual } from '../../../meta/equality.js';
import { CelSchemaModel, escapePropertyName, type CelNode } from './cel-model.js';
import { additionalSchema, isObject, itemsSchema, type JSONSchemaProps, type ValidationRule } from './types.js';
import { childPath } from './walk.js';

/** Rules at most this costly (schema bounds included) are charged their static estimate at runtime. */
const cheapRuleCost = 10_000;
const reasons = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const maxRequestBytes = 3 * 1024 * 1024;

interface CompiledRule {
  readonly rule: ValidationRule;
  readonly program?: ParseResult;
  readonly message?: ParseResult;
  readonly usesOldSelf: boolean;
  /** Worst case of one evaluation (rule and messageExpression). */
  readonly maxCost: number;
  readonly messageMaxCost: number;
  readonly error?: string;
  readonly messageError?: string;
  /** fieldPath as a relative field path (`spec.x` → `.x` resolved), when valid. */
  readonly fieldPath?: string | undefined;
  readonly fieldPathError?: boolean;
}

interface RuleNode {
  readonly schema: JSONSchemaProps;
  /** The node's place in the schema (`openAPIV3Schema.properties[spec]`), for the CRD's errors. */
  readonly schemaPath: FieldPath;
  readonly resource: boolean;
  readonly rules: readonly CompiledRule[];
  readonly celNode: CelNode;
  /** How many times the node's rules can run for one object (maxItems/maxProperties of its ancestors). */
  readonly cardinality: number;
  /** The first ancestor (list) that makes oldSelf meaningless here, if any. */
  readonly uncorrelatable?: FieldPath | undefined;
}

/** The compiled rules of one schema; undefined from compile() when the schema has none. */
export class CelValidator {
  readonly #nodes: Map<JSONSchemaProps, RuleNode>;
  /** Schema nodes whose subtree holds rules (the walk over values skips the rest). */
  readonly #withRules: Set<JSONSchemaProps>;

  readonly #root: FieldPath;

  private constructor(nodes: Map<JSONSchemaProps, RuleNode>, withRules: Set<JSONSchemaProps>, root: FieldPath) {
    this.#nodes = nodes;
    this.#withRules = withRules;
    this.#root = root;
  }

  static compile(schema: JSONSchemaProps, schemaPath = new FieldPath('openAPIV3Schema')): CelValidator | undefined {
    const found: Array<{ schema: JSONSchemaProps; path: FieldPath; resource: boolean; cardinality: number | undefined; uncorrelatable?: FieldPath | undefined }> = [];
    const withRules = new Set<JSONSchemaProps>();
    const visit = (s: JSONSchemaProps, p: FieldPath, resource: boolean, cardinality: number | undefined, uncorrelatable: FieldPath | undefined): boolean => {
      let any = false;
      if (s['x-kubernetes-validations']?.length) {
        found.push({ schema: s, path: p, resource, cardinality, uncorrelatable });
        any = true;
      }
      // As upstream: properties of an atomic map and items of a list that is not a map-type list cannot correlate
      // old and new values; the path named is the map's or the list's.
      const atomicMap = s['x-kubernetes-map-type'] === 'atomic';
      for (const [k, sub] of Object.entries(s.properties ?? {})) {
        if (visit(sub, p.child('properties').key(k), sub['x-kubernetes-embedded-resource'] === true, cardinality, atomicMap ? uncorrelatable ?? p : uncorrelatable)) any = true;
      }
      const items = itemsSchema(s);
      if (items !== undefined) {
        const mapList = s['x-kubernetes-list-type'] === 'map';
        const n = s.maxItems ?? undefined;
        if (visit(items, p.child('items'), items['x-kubernetes-embedded-resource'] === true, n === undefined || cardinality === undefined ? undefined : cardinality * n, mapList ? uncorrelatable : uncorrelatable ?? p)) any = true;
      }
      const additional = additionalSchema(s);
      if (additional !== undefined) {
        const n = s.maxProperties ?? undefined;
        if (visit(additional, p.child('additionalProperties'), additional['x-kubernetes-embedded-resource'] === true, n === undefined || cardinality === undefined ? undefined : cardinality * n, uncorrelatable)) any = true;
      }
      if (any) withRules.add(s);
      return any;
    };
    visit(schema, schemaPath, true, 1, undefined);
    if (found.length === 0) return undefined;

    // Every type is registered before the environment is cloned per node (a cloned environment is frozen).
    const env = kubernetesEnvironment();
    const model = new CelSchemaModel(env, `selfType${process.hrtime.bigint() % 1_000_000_000n}`);
    const typed = found.map((f) => ({ ...f, celNode: model.node(f.schema, f.resource) }));
    const nodes = new Map<JSONSchemaProps, RuleNode>();
    for (const f of typed) {
      const shape = schemaShape(f.schema, f.resource);
      const envs = new Map<boolean, Environment>();
      const envFor = (optionalOldSelf: boolean): Environment => {
        let e = envs.get(optionalOldSelf);
        if (e === undefined) {
          e = env.clone().registerVariable('self', f.celNode.type).registerVariable('oldSelf', optionalOldSelf ? `optional<${f.celNode.type}>` : f.celNode.type);
          envs.set(optionalOldSelf, e);
        }
        return e;
      };
      const rules = (f.schema['x-kubernetes-validations'] ?? []).map((r) => compileRule(r, envFor(r.optionalOldSelf === true), shape, f.schema));
      nodes.set(f.schema, {
        schema: f.schema, schemaPath: f.path, resource: f.resource, rules, celNode: f.celNode,
        cardinality: f.cardinality ?? maxCardinality(f.schema), uncorrelatable: f.uncorrelatable,
      });
    }
    return new CelValidator(nodes, withRules, schemaPath);
  }

  /** The errors a CRD gets for its rules: malformed fields, compilation, cost and misplaced transition rules. */
  crdErrors(): FieldError[] {
    const errs: FieldError[] = [];
    let total = 0;
    const costs: Array<{ path: FieldPath; cost: number }> = [];
    for (const node of this.#nodes.values()) {
      node.rules.forEach((c, i) => {
        const at = node.schemaPath.child('x-kubernetes-validations').index(i);
        const fieldErrs = ruleFieldErrors(c, at);
        errs.push(...fieldErrs);
        if (fieldErrs.length > 0 || c.rule.rule.trim() === '') return;
        if (c.error !== undefined) errs.push(invalid(at.child('rule'), new GoValidationRule(c.rule), c.error));
        if (c.messageError !== undefined) errs.push(invalid(at.child('messageExpression'), new GoValidationRule(c.rule), c.messageError));
        const cost = Math.min(Number.MAX_SAFE_INTEGER, c.maxCost * node.cardinality);
        if (c.error === undefined && cost > costLimits.staticPerExpression) errs.push(forbidden(at.child('rule'), costErrorMessage('estimated rule cost', cost, costLimits.staticPerExpression)));
        const messageCost = c.messageMaxCost * node.cardinality;
        if (c.message !== undefined && messageCost > costLimits.staticPerExpression) errs.push(forbidden(at.child('messageExpression'), costErrorMessage('estimated messageExpression cost', messageCost, costLimits.staticPerExpression)));
        total += cost + (c.message !== undefined ? messageCost : 0);
        costs.push({ path: at.child('rule'), cost });
        if (c.message !== undefined) costs.push({ path: at.child('messageExpression'), cost: messageCost });
        if (c.error !== undefined) return;
        if (c.usesOldSelf) {
          if (node.uncorrelatable !== undefined) errs.push(invalid(at.child('rule'), c.rule.rule, `oldSelf cannot be used on the uncorrelatable portion of the schema within ${node.uncorrelatable.toString()}`));
        } else if (c.rule.optionalOldSelf !== undefined) {
          errs.push(invalid(at.child('optionalOldSelf'), c.rule.optionalOldSelf, 'may not be set if oldSelf is not used in rule'));
        }
      });
    }
    if (total > costLimits.staticPerCrd) {
      // Upstream names the (at most four) most expensive expressions, then the total.
      for (const e of costs.sort((a, b) => b.cost - a.cost).slice(0, 4)) errs.push(forbidden(e.path, 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema'));
      errs.push(forbidden(this.#root, costErrorMessage('x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema', total, costLimits.staticPerCrd)));
    }
    return errs;
  }

  /** Evaluates every rule against obj (old: the stored object on updates). Returns the field errors. */
  validate(schema: JSONSchemaProps, obj: unknown, old: unknown): FieldError[] {
    const errs: FieldError[] = [];
    const budget = { remaining: costLimits.runtimeBudget as number };
    this.#walk(schema, obj, old, new FieldPath(''), errs, budget, false);
    return errs;
  }

  /** Returns false when the budget ran out (no further rules run). */
  /** `unchanged`: an ancestor equals its correlated old value; failures of rules without oldSelf are ratcheted. */
  #walk(s: JSONSchemaProps, v: unknown, old: unknown, path: FieldPath, errs: FieldError[], budget: { remaining: number }, unchangedAbove: boolean): boolean {
    if (v === null || v === undefined || !this.#withRules.has(s)) return true;
    const unchanged = unchangedAbove || (old !== undefined && old !== null && semanticEqual(v, old));
    const node = this.#nodes.get(s);
    if (node !== undefined && !evaluateNode(node, v, old, path, errs, budget, unchanged)) return false;
    if (Array.isArray(v)) {
      const items = itemsSchema(s);
      if (items === undefined) return true;
      const keys = s['x-kubernetes-list-type'] === 'map' ? s['x-kubernetes-list-map-keys'] ?? [] : undefined;
      const oldItems = keys !== undefined && Array.isArray(old) ? old : [];
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        const oldItem = keys === undefined ? undefined : oldItems.find((o: unknown) => isObject(o) && isObject(item) && keys.every((k) => JSON.stringify(o[k]) === JSON.stringify(item[k])));
        // Set items correlate by value for ratcheting only (oldSelf is not available inside sets).
        const inOldSet = s['x-kubernetes-list-type'] === 'set' && Array.isArray(old) && old.some((o: unknown) => semanticEqual(o, item));
        if (!this.#walk(items, item, oldItem, path.index(i), errs, budget, unchanged || inOldSet)) return false;
      }
    } else if (isObject(v)) {
      const oldObj = isObject(old) ? old : undefined;
      const additional = additionalSchema(s);
      const correlated = s['x-kubernetes-map-type'] !== 'atomic';
      for (const [k, x] of Object.entries(v)) {
        const prop = s.properties?.[k];
        if (prop !== undefined) {
          if (!this.#walk(prop, x, correlated ? oldObj?.[k] : undefined, childPath(path, k), errs, budget, unchanged)) return false;
        } else if (additional !== undefined) {
          if (!this.#walk(additional, x, correlated ? oldObj?.[k] : undefined, path.key(k), errs, budget, unchanged)) return false;
        }
      }
    }
    return true;
  }
}

/** The schema's type as upstream prints it as the bad value of a failed rule (`Invalid value: "object"`). */
const schemaType = (s: JSONSchemaProps): string => s.type ?? '';

function evaluateNode(node: RuleNode, v: unknown, old: unknown, valuePath: FieldPath, errs: FieldError[], budget: { remaining: number }, unchanged: boolean): boolean {
  // Rules on the root report upstream's nil field path.
  const path = valuePath.toString() === '' ? new FieldPath('<nil>') : valuePath;
  const type = schemaType(node.schema);
  const self = node.celNode.convert(v);
  const oldSelf = old === undefined || old === null ? undefined : node.celNode.convert(old);
  let shapes: Map<string, Shape | undefined> | undefined;
  // The values' sizes, measured once per node and only for a rule that needs its cost estimated.
  const actualShapes = (): Map<string, Shape | undefined> => (shapes ??= new Map([['self', valueShape(self)], ['oldSelf', oldSelf === undefined ? undefined : valueShape(oldSelf)]]));
  for (const c of node.rules) {
    if (c.program === undefined) {
      if (c.error !== undefined) errs.push(invalid(path, type, `rule compile error: ${c.error}`));
      continue;
    }
    const optional = c.rule.optionalOldSelf === true;
    if (c.usesOldSelf && oldSelf === undefined && !optional) continue;
    // A rule whose worst case under the schema's bounds is small is charged that worst case; others are estimated
    // over the actual value (a value that breaks the bounds is refused by the schema validation anyway).
    const cost = c.maxCost <= cheapRuleCost ? c.maxCost
      : estimateCost(c.program.ast, actualShapes()).max;
    if (cost > costLimits.perCall) {
      errs.push(invalid(path, type, `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleErrorString(c.rule)}`));
      return false;
    }
    if (cost > budget.remaining) {
      errs.push(invalid(path, type, 'validation failed due to running out of cost budget, no further validation rules will be run'));
      return false;
    }
    budget.remaining -= cost;
    const ctx = { self, oldSelf: optional ? (oldSelf === undefined ? Optional.none() : Optional.of(oldSelf)) : oldSelf };
    let result: unknown;
    try {
      result = c.program(ctx);
    } catch (e: unknown) {
      const msg = celErrorSummary(e);
      errs.push(invalid(path, type, msg.startsWith('no such overload')
        ? `'${msg}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(c.rule)}`
        : `${msg} evaluating rule: ${ruleErrorString(c.rule)}`));
      continue;
    }
    // Ratcheting (upstream's CRDValidationRatcheting): an unchanged value keeps passing rules that do not use oldSelf.
    if (result === true || (unchanged && !c.usesOldSelf)) continue;
    const at = c.fieldPath !== undefined ? joinRelative(valuePath, c.fieldPath) : path;
    let detail: string | undefined;
    if (c.message !== undefined) {
      const messageCost = c.messageMaxCost <= cheapRuleCost ? c.messageMaxCost
        : estimateCost(c.message.ast, actualShapes()).max;
      if (messageCost > budget.remaining) {
        errs.push(invalid(at, type, 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run'));
        return false;
      }
      budget.remaining -= messageCost;
      try {
        const m: unknown = c.message({ self, oldSelf: ctx.oldSelf });
        const trimmed = typeof m === 'string' ? m.trim() : '';
        if (trimmed !== '' && trimmed.length <= 5 * 1024 && !/[\n\r]/.test(trimmed)) detail = trimmed;
      } catch {
        // Upstream logs the failure and falls back to the message.
      }
    }
    detail ??= ruleMessageOrDefault(c.rule);
    errs.push(fieldErrorForReason(at, type, detail, c.rule.reason));
  }
  return true;
}

function fieldErrorForReason(path: FieldPath, type: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden': return forbidden(path, detail);
    case 'FieldValueRequired': return required(path, detail);
    case 'FieldValueDuplicate': return duplicate(path, type);
    default: return invalid(path, type, detail);
  }
}

const ruleErrorString = (r: ValidationRule): string => (r.message ? r.message.trim() : r.rule.trim());
const ruleMessageOrDefault = (r: ValidationRule): string => (r.message ? r.message.trim() : `failed rule: ${r.rule.trim()}`);

function joinRelative(path: FieldPath, rel: string): FieldPath {
  const text = path.toString();
  if (text === '') return new FieldPath(rel.startsWith('.') ? rel.slice(1) : rel);
  return new FieldPath(rel.startsWith('[') ? text + rel : `${text}${rel.startsWith('.') ? rel : `.${rel}`}`);
}

function compileRule(rule: ValidationRule, env: Environment, shape: Shape | undefined, schema: JSONSchemaProps): CompiledRule {
  const fp = rule.fieldPath !== undefined && rule.fieldPath.trim() !== '' ? validFieldPath(rule.fieldPath, schema) : undefined;
  const base = { rule, usesOldSelf: false, maxCost: 0, messageMaxCost: 0, fieldPath: fp, fieldPathError: rule.fieldPath !== undefined && rule.fieldPath.trim() !== '' && fp === undefined };
  if (rule.rule.trim() === '') return base;
  const vars = new Map<string, Shape | undefined>([['self', shape], ['oldSelf', shape]]);
  const compiled = compileExpression(env, rule.rule, ['bool', 'dyn'], 'cel expression must evaluate to a bool');
  if ('error' in compiled) return { ...base, error: compiled.error.startsWith('cel expression must') ? compiled.error : `compilation failed: ${compiled.error}` };
  const usesOldSelf = mentions(compiled.program.ast, 'oldSelf');
  const maxCost = estimateCost(compiled.program.ast, vars).max;
  if (rule.messageExpression === undefined || rule.messageExpression.trim() === '') return { ...base, program: compiled.program, usesOldSelf, maxCost };
  const msg = compileExpression(env, rule.messageExpression, ['string', 'dyn'], 'messageExpression must evaluate to a string');
  if ('error' in msg) return { ...base, program: compiled.program, usesOldSelf, maxCost, messageError: msg.error.startsWith('messageExpression must') ? msg.error : `messageExpression compilation failed: ${msg.error}` };
  return { ...base, program: compiled.program, usesOldSelf, maxCost, message: msg.program, messageMaxCost: estimateCost(msg.program.ast, vars).max };
}

/** Does the expression name the identifier anywhere? */
function mentions(n: ASTNode, id: string): boolean {
  switch (n.op) {
    case 'id': return n.args === id;
    case 'value': return false;
    case '.': case '.?': return mentions(n.args[0], id);
    case 'call': return n.args[1].some((a) => mentions(a, id));
    case 'rcall': return mentions(n.args[1], id) || n.args[2].some((a) => mentions(a, id));
    case 'list': return n.args.some((a) => mentions(a, id));
    case 'map': return n.args.some(([k, v]) => mentions(k, id) || mentions(v, id));
    case '!_': case '-_': return mentions(n.args, id);
    default: return (n.args as ASTNode[]).some((a) => mentions(a, id));
  }
}

/** The CRD-time checks of a rule's own fields (upstream's, before compiling). */
function ruleFieldErrors(c: CompiledRule, at: FieldPath): FieldError[] {
  const r = c.rule;
  const errs: FieldError[] = [];
  const msg = (r.message ?? '').trim();
  if (r.rule.trim() === '') errs.push(required(at.child('rule'), 'rule is not specified'));
  else if (r.message !== undefined && r.message.length > 0 && msg === '') errs.push(invalid(at.child('message'), r.message, 'message must be non-empty if specified'));
  else if (/[\n\r]/.test(msg)) errs.push(invalid(at.child('message'), r.message, 'message must not contain line breaks'));
  else if (/[\n\r]/.test(r.rule.trim()) && msg === '') errs.push(required(at.child('message'), 'message must be specified if rule contains line breaks'));
  if (r.messageExpression !== undefined && r.messageExpression.length > 0 && r.messageExpression.trim() === '') errs.push(required(at.child('messageExpression'), 'messageExpression must be non-empty if specified'));
  if (r.reason !== undefined && !reasons.includes(r.reason)) errs.push(notSupported(at.child('reason'), r.reason, reasons));
  if (r.fieldPath !== undefined && r.fieldPath.length > 0 && r.fieldPath.trim() === '') errs.push(invalid(at.child('fieldPath'), r.fieldPath, 'fieldPath must be non-empty if specified'));
  if (r.fieldPath !== undefined && /[\n\r]/.test(r.fieldPath)) errs.push(invalid(at.child('fieldPath'), r.fieldPath, 'fieldPath must not contain line breaks'));
  else if (c.fieldPathError) errs.push(invalid(at.child('fieldPath'), r.fieldPath, 'fieldPath must be a valid path'));
  return errs;
}

/** A JSON path resolved against a schema: the field path to append and the schema it reaches. */
export type ResolvedFieldPath = { ok: true; path: string; schema: JSONSchemaProps } | { ok: false; error: string };

/**
 * A rule's fieldPath (`.spec.x`, `.m['k']`, `['a.b']`) or a selectable field's jsonPath checked against a schema:
 * only properties and map keys, as upstream's ValidFieldPath (with its error strings).
 */
export function resolveFieldPath(jsonPath: string, schema: JSONSchemaProps, opts: { allowArrayNotation?: boolean } = {}): ResolvedFieldPath {
  let s: JSONSchemaProps = schema;
  let out = '';
  const step = (name: string): boolean => {
    if (s.properties !== undefined) {
      const next: JSONSchemaProps | undefined = s.properties[name];
      if (next === undefined) return false;
      s = next;
      out += `.${name}`;
      return true;
    }
    const additional = additionalSchema(s);
    if (additional === undefined) return false;
    s = additional;
    out += `[${name}]`;
    return true;
  };
  let i = 0;
  while (i < jsonPath.length) {
    const ch = jsonPath[i];
    if (ch === '.') {
      const m = /^[^.[\]]+/.exec(jsonPath.slice(i + 1));
      if (!m) return { ok: false, error: 'unexpected end of JSON path' };
      if (!step(m[0])) return { ok: false, error: 'does not refer to a valid field' };
      i += 1 + m[0].length;
    } else if (ch === '[') {
      if (opts.allowArrayNotation === false) return { ok: false, error: 'array notation is not allowed' };
      const m = /^\['((?:[^'\\]|\\.)*)'\]/.exec(jsonPath.slice(i));
      if (!m) return { ok: false, error: `expected single quoted string but got ${jsonPath.slice(i + 1).split(/[\].[]/)[0] ?? ''}` };
      if (!step((m[1] ?? '').replace(/\\(.)/g, '$1'))) return { ok: false, error: 'does not refer to a valid field' };
      i += m[0].length;
    } else {
      return { ok: false, error: `expected [ or . but got: ${jsonPath.slice(i).split(/[.[\]]/)[0] ?? ''}` };
    }
  }
  return { ok: true, path: out, schema: s };
}

/** resolveFieldPath's field path, or undefined when the path is invalid. */
export function validFieldPath(jsonPath: string, schema: JSONSchemaProps): string | undefined {
  const r = resolveFieldPath(jsonPath, schema);
  return r.ok ? r.path : undefined;
}

/** What the estimator knows of a node's values from its schema (maxLength, maxItems, maxProperties). */
export function schemaShape(s: JSONSchemaProps, resource = false): Shape | undefined {
  if (s['x-kubernetes-int-or-string'] === true) return { size: { min: 0, max: maxRequestBytes } };
  switch (s.type) {
    case 'string':
      return { size: { min: s.minLength ?? 0, max: s.maxLength ?? maxRequestBytes - 2 } };
    case 'array': {
      const items = itemsSchema(s);
      const max = s.maxItems ?? Math.floor((maxRequestBytes - 2) / (minSerializedSize(items) + 1));
      return { size: { min: s.minItems ?? 0, max }, elem: () => (items === undefined ? undefined : schemaShape(items)) };
    }
    case 'object': {
      const additional = additionalSchema(s);
      if (additional !== undefined && s.properties === undefined) {
        const max = s.maxProperties ?? Math.floor((maxRequestBytes - 2) / (minSerializedSize(additional) + 5));
        return { size: { min: s.minProperties ?? 0, max }, elem: () => schemaShape(additional), key: () => ({ size: { min: 0, max: maxRequestBytes } }) };
      }
      const byField = new Map<string, JSONSchemaProps>();
      for (const [k, sub] of Object.entries(s.properties ?? {})) {
        const f = escapePropertyName(k);
        if (f !== undefined) byField.set(f, sub);
      }
      return {
        field: (name) => {
          const sub = byField.get(name);
          if (sub !== undefined) return schemaShape(sub, sub['x-kubernetes-embedded-resource'] === true);
          if (resource && (name === 'apiVersion' || name === 'kind')) return { size: { min: 0, max: 317 } };
          if (resource && name === 'metadata') return { field: () => ({ size: { min: 0, max: 253 } }) };
          return undefined;
        },
      };
    }
    default:
      return undefined;
  }
}

/** The fewest bytes a value of the schema takes in JSON (upstream's estimate for unbounded lists and maps). */
function minSerializedSize(s: JSONSchemaProps | undefined): number {
  if (s === undefined) return 1;
  if (s['x-kubernetes-int-or-string'] === true) return 1;
  switch (s.type) {
    case 'string': return 2;
    case 'boolean': return 4;
    case 'object': case 'array': return 2;
    default: return 1;
  }
}

/** How many instances of a node fit in one request: its cardinality when an ancestor is unbounded. */
function maxCardinality(s: JSONSchemaProps): number {
  return Math.floor((maxRequestBytes - 2) / (minSerializedSize(s) + 1));
}

/** A ValidationRule printed as upstream's field errors print the Go struct. */
class GoValidationRule implements GoStringer {
  readonly #text: string;
  constructor(r: ValidationRule) {
    const ptr = (v: unknown, type: string): string => (v === undefined ? `(${type})(nil)` : `(${type})(${typeof v === 'string' ? JSON.stringify(v) : String(v)})`);
    this.#text = `apiextensions.ValidationRule{Rule:${JSON.stringify(r.rule)}, Message:${JSON.stringify(r.message ?? '')}, MessageExpression:${JSON.stringify(r.messageExpression ?? '')}, Reason:${ptr(r.reason, '*apiextensions.FieldValueErrorReason')}, FieldPath:${JSON.stringify(r.fieldPath ?? '')}, OptionalOldSelf:${ptr(r.optionalOldSelf, '*bool')}}`;
  }
  goString(): string {
    return this.#text;
  }
  toJSON(): string {
    return this.#text;
  }
}
