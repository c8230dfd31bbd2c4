// The `pattern` keyword: upstream compiles patterns with Go's RE2; this module translates the RE2 spellings
// that JavaScript lacks, refuses what RE2 refuses (lookaround, backreferences) and caches compiled patterns.

export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; error: string };

const cache = new Map<string, CompiledPattern>();
const cacheLimit = 4096;

// RE2 has no lookaround and no backreferences, so upstream rejects such schemas when the CRD is written.
// Refusing them here also keeps the two constructs that make JavaScript's backtracking engine exponential
// most easily out of Skiff (nested quantifiers remain a known risk: see the package README).
const unsupported: Array<[RegExp, string]> = [
  [/(^|[^\\])\(\?(=|!|<=|<!)/, 'invalid or unsupported Perl syntax: `(?$2`'],
  [/(^|[^\\])\\[1-9]/, 'invalid escape sequence: `\\$&`'],
];

const posixClasses: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** Translates RE2-only syntax to JavaScript: leading flag groups, \A and \z, (?P<name>…) and [[:class:]]. */
function translate(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead?.[1] !== undefined) {
    for (const f of lead[1]) if (f !== 'U' && !flags.includes(f)) flags += f;
    source = source.slice(lead[0].length);
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m: string, neg: string, name: string) => {
      const cls = posixClasses[name];
      return cls === undefined || neg !== '' ? m : cls;
    });
  return { source, flags };
}

/** Compiles an upstream (RE2) pattern once; later calls for the same pattern return the cached result. */
export function compilePattern(pattern: string): CompiledPattern {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const result = compileUncached(pattern);
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(pattern, result);
  return result;
}

function compileUncached(pattern: string): CompiledPattern {
  for (const [re, msg] of unsupported) {
    const m = re.exec(pattern);
    if (m) return { ok: false, error: `error parsing regexp: ${msg.replace('$2', m[2] ?? '').replace('$&', m[0].slice(-1))}` };
  }
  const { source, flags } = translate(pattern);
  // The u flag gives \p{L} and friends (RE2 has them); patterns that are only valid without it still compile.
  for (const f of [`${flags}u`, flags]) {
    try {
      return { ok: true, regex: new RegExp(source, f) };
    } catch {
      // try the next flag set
    }
  }
  try {
    new RegExp(source, flags);
  } catch (e: unknown) {
    return { ok: false, error: `error parsing regexp: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { ok: false, error: 'error parsing regexp' };
}
