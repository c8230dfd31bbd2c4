// ValidatingAdmissionPolicy expressions compiled as upstream's plugin/cel compilers do: matchConditions,
// variables (composited: each sees the variables declared before it, typed by their expressions), validations
// (bool), messageExpressions (string) and auditAnnotation valueExpressions (string or null), over `object`,
// `oldObject`, `request`, `params` (when the policy has a paramKind), `namespaceObject` and `variables`.
// `authorizer` is not offered by this server: an expression that uses it does not compile, with a clear detail.
import type { ASTNode, Environment, ParseResult } from '@marcbachmann/cel-js';
import type { ValidatingAdmissionPolicySpec } from 'kubernetes-types/admissionregistration/v1.js';
import { compileExpression } from '../../cel/compile.js';
import { kubernetesEnvironment } from '../../cel/environment.js';

/** One expression: its program, or why it does not compile (a field error's detail). */
export interface CompiledExpression {
  readonly expression: string;
  readonly program?: ParseResult;
  readonly error?: string;
  /** The variables the expression reads (`variables.<name>`), to evaluate them on first use. */
  readonly variableRefs: readonly string[];
}

export interface CompiledValidation {
  readonly condition: CompiledExpression;
  readonly messageExpression?: CompiledExpression;
  readonly message?: string;
  readonly reason?: string;
}

export interface CompiledPolicy {
  readonly matchConditions: readonly (CompiledExpression & { readonly name: string })[];
  readonly variables: readonly (CompiledExpression & { readonly name: string })[];
  readonly validations: readonly CompiledValidation[];
  readonly auditAnnotations: readonly (CompiledExpression & { readonly key: string })[];
  readonly hasParams: boolean;
}

interface Declarations {
  readonly hasParams: boolean;
  /** The variables declared so far, with their types. */
  readonly variables: ReadonlyMap<string, string>;
}

function environment(decls: Declarations): Environment {
  const env = kubernetesEnvironment();
  env.registerVariable('object', 'dyn');
  env.registerVariable('oldObject', 'dyn');
  env.registerVariable('request', 'map');
  env.registerVariable('namespaceObject', 'dyn');
  if (decls.hasParams) env.registerVariable('params', 'dyn');
  if (decls.variables.size > 0) {
    const schema = Object.fromEntries([...decls.variables].map(([name, type]) => [name, declarableType(type)]));
    env.registerVariable({ name: 'variables', schema });
  }
  return env;
}

/** The type a variable is declared with: its expression's, where cel-js can declare it; else dyn. */
function declarableType(type: string): string {
  return /^(bool|int|uint|double|string|bytes|null|dyn|timestamp|duration|list<dyn>|list<string>|list<int>|map<string, dyn>|map<string, string>)$/.test(type) ? type : 'dyn';
}

const authorizerDetail = 'compilation failed: the authorizer variable is not supported by this server';

/** upstream's compile: "compilation failed: <issues>" or "must evaluate to <type>" (one of several). */
function compile(env: Environment, source: string, want: readonly string[] | 'any', declaredVariables: ReadonlySet<string>): CompiledExpression & { type?: string } {
  const expression = source;
  const wrongType = want === 'any' ? '' : want.length === 1 ? `must evaluate to ${want[0]}` : `must evaluate to one of [${want.map((t) => (t === 'null' ? 'null_type' : t)).join(' ')}]`;
  const out = compileExpression(env, source, want === 'any' ? () => true : want, wrongType);
  if ('error' in out) {
    if (out.typeError) return { expression, error: out.error, variableRefs: [] };
    const undeclaredAuthorizer = /undeclared reference to 'authorizer'/.test(out.error);
    return { expression, error: undeclaredAuthorizer ? authorizerDetail : `compilation failed: ${out.error}`, variableRefs: [] };
  }
  return { expression, program: out.program, type: out.type, variableRefs: variableRefs(out.program.ast).filter((v) => declaredVariables.has(v)) };
}

/** Every `variables.<name>` an expression reads. */
export function variableRefs(n: ASTNode): string[] {
  const found = new Set<string>();
  const walk = (x: ASTNode): void => {
    if ((x.op === '.' || x.op === '.?') && x.args[0].op === 'id' && x.args[0].args === 'variables') {
      found.add(x.args[1]);
      return;
    }
    const args: unknown = x.args;
    const visit = (a: unknown): void => {
      if (Array.isArray(a)) a.forEach(visit);
      else if (a !== null && typeof a === 'object' && 'op' in a) walk(a as ASTNode);
    };
    visit(args);
  };
  walk(n);
  return [...found];
}

/** Compiles a policy's expressions (in order, so each variable sees only the ones before it). Never throws. */
export function compilePolicy(spec: ValidatingAdmissionPolicySpec): CompiledPolicy {
  const hasParams = spec.paramKind !== undefined && spec.paramKind !== null;
  const declared = new Map<string, string>();
  const variables: (CompiledExpression & { name: string })[] = [];
  for (const v of spec.variables ?? []) {
    const expr = String(v.expression ?? '');
    const c = expr.trim() === '' ? { expression: expr, variableRefs: [] } : compile(environment({ hasParams, variables: declared }), expr, 'any', new Set(declared.keys()));
    variables.push({ ...c, name: v.name });
    if (v.name) declared.set(v.name, c.type ?? 'dyn');
  }
  const env = environment({ hasParams, variables: declared });
  const names = new Set(declared.keys());
  const compileIn = (source: string, want: readonly string[]): CompiledExpression => (source.trim() === '' ? { expression: source, variableRefs: [] } : compile(env, source, want, names));
  return {
    hasParams,
    variables,
    matchConditions: (spec.matchConditions ?? []).map((m) => ({ ...compileIn(String(m.expression ?? '').trim(), ['bool']), name: m.name })),
    validations: (spec.validations ?? []).map((v) => ({
      condition: compileIn(String(v.expression ?? ''), ['bool']),
      ...(v.messageExpression !== undefined && v.messageExpression.trim() !== '' ? { messageExpression: compileIn(v.messageExpression, ['string']) } : {}),
      ...(v.message !== undefined ? { message: v.message } : {}),
      ...(v.reason !== undefined ? { reason: v.reason } : {}),
    })),
    auditAnnotations: (spec.auditAnnotations ?? []).map((a) => ({ ...compileIn(String(a.valueExpression ?? '').trim(), ['string', 'null']), key: a.key })),
  };
}
