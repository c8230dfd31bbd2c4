// Regular expressions with Go's RE2 syntax and semantics (linear time, no lookaround or backreferences), as
// upstream compiles schema patterns and CEL's matches(): re2js, a port of RE2/J. Compiled patterns are cached.
import { RE2JS } from 're2js';

export interface Re2 {
  /** Whether the pattern matches anywhere in text (Go's regexp.MatchString). */
  test(text: string): boolean;
}

export type CompiledRe2 = { ok: true; regex: Re2 } | { ok: false; error: string };

const cache = new Map<string, CompiledRe2>();
const cacheLimit = 4096;

/** Compiles an RE2 pattern once; errors read as Go's (`error parsing regexp: missing closing ): ...`). */
export function compileRe2(pattern: string): CompiledRe2 {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let result: CompiledRe2;
  try {
    const re = RE2JS.compile(pattern);
    result = { ok: true, regex: { test: (text) => re.matcher(text).find() } };
  } catch (e: unknown) {
    result = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(pattern, result);
  return result;
}
