// Webhook matchConditions (upstream admission/plugin/webhook/matchconditions): CEL expressions over `object`,
// `oldObject` and `request` compiled in the shared Kubernetes CEL environment. All true → call the webhook; any
// false → skip it; an evaluation error → the webhook's failurePolicy decides (Fail refuses, Ignore skips).
// `authorizer` is not offered: an expression using it is refused when the configuration is validated.
import type { Environment } from '@marcbachmann/cel-js';
import type { MatchCondition } from 'kubernetes-types/admissionregistration/v1.js';
import { kubernetesEnvironment } from '../../cel/environment.js';

type Program = (context: Record<string, unknown>) => unknown;

let env: Environment | undefined;
const programs = new Map<string, Program | string>();

function admissionEnvironment(): Environment {
  if (env === undefined) {
    env = kubernetesEnvironment();
    env.registerVariable('object', 'dyn');
    env.registerVariable('oldObject', 'dyn');
    env.registerVariable('request', 'map');
  }
  return env;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

/** The compiled expression, or why it does not compile (the detail of a field error). Cached by expression. */
function compile(expression: string): Program | string {
  const cached = programs.get(expression);
  if (cached !== undefined) return cached;
  let out: Program | string;
  const e = admissionEnvironment();
  const checked = e.check(expression);
  if (!checked.valid) {
    const msg = firstLine(checked.error?.message ?? 'invalid expression');
    out = /\bauthorizer\b/.test(msg) && /variable/i.test(msg)
      ? 'compilation failed: the authorizer variable is not supported by this server in match conditions'
      : `compilation failed: ${msg}`;
  } else if (checked.type !== 'bool' && checked.type !== 'dyn') {
    out = `must evaluate to bool, got ${checked.type}`;
  } else {
    try {
      out = e.parse(expression) as Program;
    } catch (err: unknown) {
      out = `compilation failed: ${firstLine(err instanceof Error ? err.message : String(err))}`;
    }
  }
  programs.set(expression, out);
  return out;
}

/** Why `expression` cannot be used as a match condition, or undefined when it compiles to a bool. */
export function matchConditionError(expression: string): string | undefined {
  const p = compile(expression.trim());
  return typeof p === 'string' ? p : undefined;
}

/** JSON as CEL sees it: whole numbers are ints (BigInt); everything else as is. Returns a copy. */
export function toCelValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCelValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toCelValue(x);
    return out;
  }
  return v;
}

/** What the conditions decided: call, skip (and which condition was false), or refuse with an error. */
export type MatchConditionOutcome =
  | { readonly kind: 'match' }
  | { readonly kind: 'skip'; readonly failedCondition?: string }
  | { readonly kind: 'error'; readonly message: string };

export interface MatchConditionInput {
  /** The object (null for DELETE and CONNECT), as JSON. */
  readonly object: unknown;
  /** The old object (null for CREATE and CONNECT), as JSON. */
  readonly oldObject: unknown;
  /** The AdmissionRequest as JSON (without object/oldObject). */
  readonly request: Record<string, unknown>;
}

/** Evaluates `conditions` in order, as upstream's matcher: false wins over errors, errors follow failurePolicy. */
export function evaluateMatchConditions(conditions: readonly MatchCondition[], input: MatchConditionInput, failurePolicy: string | undefined): MatchConditionOutcome {
  if (conditions.length === 0) return { kind: 'match' };
  const context = { object: toCelValue(input.object ?? null), oldObject: toCelValue(input.oldObject ?? null), request: toCelValue(input.request) };
  const errors: string[] = [];
  for (const c of conditions) {
    const program = compile(c.expression.trim());
    if (typeof program === 'string') {
      errors.push(`expression '${c.expression}' resulted in error: ${program}`);
      continue;
    }
    let result: unknown;
    try {
      result = program(context);
    } catch (err: unknown) {
      errors.push(`expression '${c.expression}' resulted in error: ${firstLine(err instanceof Error ? err.message : String(err))}`);
      continue;
    }
    if (result === false) return { kind: 'skip', failedCondition: c.name };
    if (result !== true) errors.push(`expression '${c.expression}' resulted in error: must evaluate to bool`);
  }
  if (errors.length === 0) return { kind: 'match' };
  if (failurePolicy === 'Ignore') return { kind: 'skip' };
  return { kind: 'error', message: errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]` };
}
