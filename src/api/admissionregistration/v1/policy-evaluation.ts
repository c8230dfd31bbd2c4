// Evaluating one compiled ValidatingAdmissionPolicy against one request and one param (upstream
// plugin/policy/validating validator.go): matchConditions first (any false → no decisions), then every
// validation (false → a denial with messageExpression's result, the message or "failed expression: <expr>";
// an error → the failurePolicy decides), then the auditAnnotations. Variables are evaluated lazily, once, on
// first use. Every call is charged against upstream's per-call cost limit.
import type { ParseResult } from '@marcbachmann/cel-js';
import { costLimits, estimateCost, valueShape, type Shape } from '../../cel/cost.js';
import { celErrorSummary } from '../../cel/compile.js';
import { toCelValue } from './match-conditions.js';
import type { CompiledExpression, CompiledPolicy } from './policy-compile.js';

/** What the expressions see, as JSON (null where absent: object on DELETE, oldObject on CREATE, params, namespace). */
export interface PolicyInput {
  readonly object: unknown;
  readonly oldObject: unknown;
  /** The AdmissionRequest (without object and oldObject) as JSON. */
  readonly request: Readonly<Record<string, unknown>>;
  readonly params: unknown;
  readonly namespaceObject: unknown;
}

/** A failed validation (or an evaluation error under failurePolicy Fail). */
export interface PolicyDecision {
  readonly message: string;
  /** The StatusReason to answer with (validation.reason; Invalid when unset; none for evaluation errors). */
  readonly reason?: PolicyReason;
  readonly expressionIndex: number;
  readonly evaluationError: boolean;
}

export interface PolicyEvaluation {
  readonly decisions: readonly PolicyDecision[];
  readonly auditAnnotations: readonly { readonly key: string; readonly value: string }[];
}

type Outcome = { readonly value: unknown } | { readonly error: string };

const maxEvaluatedMessageExpressionSizeBytes = 5 * 1024;

/** The reasons a validation may give (validated when the policy is written). */
export type PolicyReason = 'Invalid' | 'Forbidden' | 'Unauthorized' | 'RequestEntityTooLarge';

/** A validation's reason: Invalid when unset or unknown. */
export function policyReason(reason: string | undefined): PolicyReason {
  return reason === 'Forbidden' || reason === 'Unauthorized' || reason === 'RequestEntityTooLarge' ? reason : 'Invalid';
}

/** upstream reasonToCode. */
export function reasonToCode(reason: PolicyReason): number {
  switch (reason) {
    case 'Forbidden': return 403;
    case 'Unauthorized': return 401;
    case 'RequestEntityTooLarge': return 413;
    case 'Invalid': return 422;
  }
}

class Evaluation {
  readonly #policy: CompiledPolicy;
  readonly #context: Record<string, unknown>;
  readonly #shapes: Map<string, Shape | undefined>;
  readonly #variables = new Map<string, Outcome>();
  readonly #variableValues: Record<string, unknown> = {};

  constructor(policy: CompiledPolicy, input: PolicyInput) {
    this.#policy = policy;
    this.#context = {
      object: toCelValue(input.object ?? null),
      oldObject: toCelValue(input.oldObject ?? null),
      request: toCelValue(input.request),
      namespaceObject: toCelValue(input.namespaceObject ?? null),
      ...(policy.hasParams ? { params: toCelValue(input.params ?? null) } : {}),
      ...(policy.variables.length ? { variables: this.#variableValues } : {}),
    };
    this.#shapes = new Map(Object.entries(this.#context).map(([k, v]) => [k, valueShape(v)]));
  }

  /** The variable's value or error, evaluating it (and what it reads) on first use. */
  variable(name: string): Outcome {
    const known = this.#variables.get(name);
    if (known !== undefined) return known;
    const v = this.#policy.variables.find((x) => x.name === name);
    // Recursion guard: a variable can only read earlier ones, but never loop on bad input.
    this.#variables.set(name, { error: `composited variable "${name}" fails to compile` });
    const out: Outcome = v === undefined ? { error: `no such key: ${name}` } : this.run(v);
    this.#variables.set(name, out);
    if ('value' in out) this.#variableValues[name] = out.value;
    return out;
  }

  /** Evaluates one expression: its variables first, then the program under the per-call cost limit. */
  run(c: CompiledExpression): Outcome {
    if (c.program === undefined) return { error: c.error ?? 'expression is not specified' };
    for (const ref of c.variableRefs) {
      const v = this.variable(ref);
      if ('error' in v) return v;
    }
    return this.#call(c.program);
  }

  #call(program: ParseResult): Outcome {
    this.#shapes.set('variables', valueShape(this.#variableValues));
    if (estimateCost(program.ast, this.#shapes).max > costLimits.perCall) return { error: 'operation cancelled: actual cost limit exceeded' };
    try {
      return { value: program(this.#context) };
    } catch (e: unknown) {
      return { error: celErrorSummary(e) };
    }
  }
}

const resultedInError = (expression: string, error: string): string => `expression '${expression.trim()}' resulted in error: ${error}`;

function failureMessage(ev: Evaluation, v: CompiledPolicy['validations'][number]): string {
  if (v.messageExpression !== undefined) {
    const out = ev.run(v.messageExpression);
    if ('value' in out && typeof out.value === 'string') {
      const m = out.value.trim();
      if (m !== '' && m.length <= maxEvaluatedMessageExpressionSizeBytes && !m.includes('\n')) return m;
    }
  }
  const message = (v.message ?? '').trim();
  return message !== '' ? message : `failed expression: ${v.condition.expression.trim()}`;
}

/**
 * Evaluates a policy for one param (null when the policy has none). Evaluation errors deny under failurePolicy
 * Fail and are ignored under Ignore, as upstream's policyDecisionActionForError.
 */
export function evaluatePolicy(policy: CompiledPolicy, failurePolicy: string, input: PolicyInput): PolicyEvaluation {
  const fail = failurePolicy !== 'Ignore';
  const ev = new Evaluation(policy, input);
  const conditionErrors: string[] = [];
  for (const c of policy.matchConditions) {
    const out = ev.run(c);
    if ('error' in out) conditionErrors.push(resultedInError(c.expression, out.error));
    else if (out.value === false) return { decisions: [], auditAnnotations: [] };
    else if (out.value !== true) conditionErrors.push(resultedInError(c.expression, 'must evaluate to bool'));
  }
  if (conditionErrors.length) {
    const message = conditionErrors.length === 1 ? conditionErrors[0]! : `[${conditionErrors.join(', ')}]`;
    return { decisions: fail ? [{ message, expressionIndex: 0, evaluationError: true }] : [], auditAnnotations: [] };
  }
  const decisions: PolicyDecision[] = [];
  policy.validations.forEach((v, i) => {
    const out = ev.run(v.condition);
    if ('error' in out) {
      if (fail) decisions.push({ message: resultedInError(v.condition.expression, out.error), expressionIndex: i, evaluationError: true });
      return;
    }
    if (out.value === true) return;
    decisions.push({ message: failureMessage(ev, v), reason: policyReason(v.reason), expressionIndex: i, evaluationError: false });
  });
  const auditAnnotations: { key: string; value: string }[] = [];
  for (const a of policy.auditAnnotations) {
    const out = ev.run(a);
    let error: string | undefined;
    if ('error' in out) error = resultedInError(a.expression, out.error);
    else if (typeof out.value === 'string') {
      const value = out.value.trim();
      if (value !== '') auditAnnotations.push({ key: a.key, value });
    } else if (out.value !== null) {
      error = `valueExpression '${a.expression}' resulted in unsupported return type: ${celTypeName(out.value)}. Return type must be either string or null.`;
    }
    if (error !== undefined && fail) decisions.push({ message: error, expressionIndex: 0, evaluationError: true });
  }
  return { decisions, auditAnnotations };
}

function celTypeName(v: unknown): string {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Uint8Array) return 'bytes';
  return 'map';
}
