// cel-go's strings extension at the version Kubernetes 1.32 enables (ext.Strings(ext.StringsVersion(2))): adds
// what cel-js lacks — charAt, replace, format and strings.quote. cel-js already provides indexOf, lastIndexOf,
// lowerAscii, upperAscii, split, substring, trim and join. cel-js cannot have those replaced, so their known
// differences stay: lowerAscii/upperAscii also map non-ASCII letters, and indexOf/lastIndexOf/substring count
// UTF-16 units rather than code points (they differ only for characters outside the BMP).
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';
import { registerNamespace } from './namespace.js';
import { formatCel } from './string-format.js';

function charAt(s: string, i: bigint): string {
  const chars = [...s];
  if (i < 0n || i > BigInt(chars.length)) throw new EvaluationError(`index out of range: ${i}`);
  return chars[Number(i)] ?? '';
}

/** Go's strings.Replace: n < 0 replaces all; an empty old string matches at every rune boundary. */
function replace(s: string, from: string, to: string, n = -1n): string {
  if (n === 0n || from === to) return s;
  const parts = from === '' ? ['', ...[...s], ''] : s.split(from);
  const pieces = from === '' ? parts.slice(1, -1) : parts;
  const limit = n < 0n ? Infinity : Number(n);
  if (from === '') {
    // "" matches before each rune and at the end: "ab" -> to a to b to.
    let out = '';
    let done = 0;
    for (const ch of pieces) out += (done++ < limit ? to : '') + ch;
    return out + (done < limit ? to : '');
  }
  let out = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i++) out += (i <= limit ? to : from) + (pieces[i] ?? '');
  return out;
}

const quoteEscapes: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

/** cel-go's strings.quote: CEL escapes, double quotes, lone surrogates replaced by U+FFFD. */
function quote(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    out += cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : (quoteEscapes[ch] ?? ch);
  }
  return `"${out}"`;
}

/** Registers the string functions cel-js lacks. */
export function registerStrings(env: Environment): void {
  env.registerFunction('string.charAt(int): string', charAt);
  env.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => replace(s, a, b));
  env.registerFunction('string.replace(string, string, int): string', replace);
  env.registerFunction('string.format(list): string', formatCel);
  const ns = registerNamespace(env, 'strings');
  env.registerFunction(`${ns}.quote(string): string`, (_: unknown, s: string) => quote(s));
}
