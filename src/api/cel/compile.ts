// Compiling a CEL expression in a prepared environment with cel-go's error text: the parse and type-check
// problems Kubernetes users see (`ERROR: <input>:1:6: undefined field 'foo'` with the source line and a caret),
// shared by CRD validation rules and admission policies.
import type { Environment, ParseResult } from '@marcbachmann/cel-js';

/** The program, or why it does not compile (cel-go's issue text, or `wrongType` when its type is not wanted). */
export function compileExpression(env: Environment, source: string, want: readonly string[] | ((type: string) => boolean), wrongType: string): { program: ParseResult; type: string } | { error: string; typeError?: true } {
  let program: ParseResult;
  try {
    program = env.parse(source);
  } catch (e: unknown) {
    return { error: celGoError(e, source) };
  }
  const checked = program.check();
  if (!checked.valid) return { error: celGoError(checked.error, source) };
  const type = checked.type ?? 'dyn';
  if (typeof want === 'function' ? !want(type) : !want.includes(type)) return { error: wrongType, typeError: true };
  return { program, type };
}

/** A cel-js error in cel-go's form: `ERROR: <input>:1:6: undefined field 'foo'` with the source line and a caret. */
export function celGoError(e: unknown, source: string): string {
  const summary = translateMessage(celErrorSummary(e));
  const start = (e as { range?: { start?: number } } | undefined)?.range?.start ?? 0;
  const before = source.slice(0, start);
  const line = before.split('\n').length;
  const col = start - (before.lastIndexOf('\n') + 1);
  const text = source.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${col + 1}: ${summary}\n | ${text}\n | ${'.'.repeat(col)}^`;
}

/** The first line of a cel-js error (its message continues with a source excerpt). */
export function celErrorSummary(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
}

/** cel-js's wording of the common compile errors in cel-go's. */
function translateMessage(m: string): string {
  const key = /^No such key: (.*)$/.exec(m);
  if (key) return `undefined field '${key[1]}'`;
  const ref = /^Unknown variable: (.*)$/.exec(m);
  if (ref) return `undeclared reference to '${ref[1]}' (in container '')`;
  if (m.startsWith('Unexpected token')) return `Syntax error: ${m.charAt(0).toLowerCase()}${m.slice(1)}`;
  return m;
}
