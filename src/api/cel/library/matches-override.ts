// Replaces cel-js's built-in string.matches(string), which uses JavaScript's backtracking RegExp, with RE2.
// cel-js refuses to register an overload that overlaps a built-in one, but it looks macros up by method name and
// arity only, ignoring the receiver type; a macro declared on an unrelated receiver therefore takes over every
// `x.matches(y)` call. The macro type-checks string (or dyn) operands and evaluates with re2js.
// regex.test.ts pins this behaviour (lookahead, valid in JavaScript, must fail) so a cel-js upgrade that changes it fails loudly.
import type { Environment } from '@marcbachmann/cel-js';
import { matchesRe2 } from './regex.js';

/** The receiver the macro is declared on: a type no expression can produce. */
class MatchesMacroReceiver {}

// The parts of cel-js's macro protocol this file uses (cel-js types them loosely).
interface TypeDecl {
  readonly name: string;
  readonly kind: string;
}
interface Checker {
  check(node: unknown, ctx: unknown): TypeDecl;
  getType(name: string): TypeDecl;
  createError(code: string, message: string, node: unknown): Error;
}
interface Evaluator {
  run(node: unknown, ctx: unknown): unknown;
}
interface MatchesMacro {
  readonly call: unknown;
  readonly receiver: unknown;
  readonly pattern: unknown;
}

const isStringish = (t: TypeDecl): boolean => t.name === 'string' || t.kind === 'dyn';

function typeCheck(chk: Checker, m: MatchesMacro, ctx: unknown): TypeDecl {
  const receiver = chk.check(m.receiver, ctx);
  const pattern = chk.check(m.pattern, ctx);
  if (isStringish(receiver) && isStringish(pattern)) return chk.getType('bool');
  throw chk.createError('no_matching_overload', `found no matching overload for '${receiver.name}.matches(${pattern.name})'`, m.call);
}

function evaluate(ev: Evaluator, m: MatchesMacro, ctx: unknown): unknown {
  const s = ev.run(m.receiver, ctx);
  const p = ev.run(m.pattern, ctx);
  if (s instanceof Promise || p instanceof Promise) {
    return Promise.all([s, p]).then(([a, b]: unknown[]) => matchString(a, b));
  }
  return matchString(s, p);
}

function matchString(s: unknown, p: unknown): boolean {
  if (typeof s !== 'string' || typeof p !== 'string') throw new TypeError(`found no matching overload for 'matches' on ${typeof s} and ${typeof p}`);
  return matchesRe2(s, p);
}

/** Routes the method form `s.matches(re)` to RE2. */
export function overrideMatchesMethod(env: Environment): void {
  env.registerType('MatchesMacroReceiver', MatchesMacroReceiver);
  env.registerFunction('MatchesMacroReceiver.matches(ast): bool', (({ ast, args, receiver }: { ast: unknown; args: unknown[]; receiver: unknown }) => ({
    call: ast,
    receiver,
    pattern: args[0],
    typeCheck,
    evaluate,
  })) as never);
}
