// Kubernetes' regex library (k8s.io/apiserver/pkg/cel/library/regex.go): find and findAll, plus CEL's standard
// matches() re-implemented on RE2 (re2js: linear time, RE2 syntax) in place of cel-js's JavaScript RegExp.
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';
import type { RE2JS } from 're2js';
import { compileRe2 } from '../../../util/re2.js';

/** The compiled RE2 pattern (cached in util/re2.ts). Throws EvaluationError with Go's regexp message on a bad pattern. */
export function re2OrThrow(pattern: string, prefix = ''): RE2JS {
  const c = compileRe2(pattern);
  if (!c.ok) throw new EvaluationError(`${prefix}${c.error}`);
  return c.re;
}

/** Go's FindAllString(s, n): up to n leftmost non-overlapping matches (all when n < 0). */
export function findAll(s: string, pattern: string, n = -1n): string[] {
  const re = re2OrThrow(pattern, 'Illegal regex: ');
  const out: string[] = [];
  if (n === 0n) return out;
  const m = re.matcher(s);
  let prevEnd = -1;
  while (m.find()) {
    // Go skips an empty match right after the previous match.
    if (m.end() === m.start() && m.start() === prevEnd) continue;
    out.push(m.group() ?? '');
    prevEnd = m.end();
    if (n > 0n && BigInt(out.length) >= n) break;
  }
  return out;
}

/** The partial-match test behind CEL's matches(): cel-go's re.MatchString. */
export function matchesRe2(s: string, pattern: string): boolean {
  return re2OrThrow(pattern).matcher(s).find();
}

/** Registers find, findAll and matches(string, string); the method form of matches is in matches-override.ts. */
export function registerRegex(env: Environment): void {
  env.registerFunction('string.find(string): string', (s: string, re: string) => findAll(s, re, 1n)[0] ?? '');
  env.registerFunction('string.findAll(string): list<string>', (s: string, re: string) => findAll(s, re));
  env.registerFunction('string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) => findAll(s, re, n));
  env.registerFunction('matches(string, string): bool', matchesRe2);
}
