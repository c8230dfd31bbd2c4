// The parts of Go's net/url that Kubernetes' CEL URL library exposes: Parse, ParseRequestURI, Hostname, Port,
// EscapedPath and Query, with Go's error messages. Pure string work; no WHATWG URL (it normalises differently).

/** A parsed URL, fields as Go's url.URL holds them. */
export interface GoUrl {
  readonly scheme: string;
  readonly opaque: string;
  readonly user: string | undefined;
  readonly host: string;
  readonly path: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly fragment: string;
}

type Mode = 'path' | 'host' | 'query' | 'fragment';

const isHex = (c: string): boolean => /^[0-9A-Fa-f]$/.test(c);
const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if (mode === 'host' && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    if (mode === 'path') return c === '?';
    if (mode === 'query') return true;
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && `!()*`.includes(c)) return false;
  return true;
}

/** Go's unescape; throws Error with Go's message for a bad escape or a bad host character. */
export function unescape(s: string, mode: Mode): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (hex.length < 2 || !isHex(hex[0] ?? '') || !isHex(hex[1] ?? '')) throw new Error(`invalid URL escape "${s.slice(i, i + 3)}"`);
      const v = parseInt(hex, 16);
      if (mode === 'host' && v < 0x80 && s.slice(i, i + 3) !== '%25') throw new Error(`invalid URL escape "${s.slice(i, i + 3)}"`);
      bytes.push(v);
      i += 2;
      continue;
    }
    if (mode === 'host' && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) throw new Error(`invalid character "${c}" in host name`);
    if (c === '+' && mode === 'query') bytes.push(0x20);
    else bytes.push(...enc.encode(c));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && !shouldEscape(c, mode) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const validOptionalPort = (p: string): boolean => p === '' || /^:\d*$/.test(p);

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port "${colonPort}" after host`);
    return unescape(host, 'host');
  }
  const i = host.lastIndexOf(':');
  if (i >= 0 && !validOptionalPort(host.slice(i))) throw new Error(`invalid port "${host.slice(i)}" after host`);
  return unescape(host, 'host');
}

function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new Error('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parse(raw: string, viaRequest: boolean): Omit<GoUrl, 'fragment'> {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) throw new Error('empty url');
  const url = { scheme: '', opaque: '', user: undefined as string | undefined, host: '', path: '', rawPath: '', rawQuery: '' };
  if (raw === '*') return { ...url, path: '*' };
  const [scheme, afterScheme] = splitScheme(raw);
  url.scheme = scheme.toLowerCase();
  let rest = afterScheme;
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) [rest, url.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    if (viaRequest) throw new Error('invalid URI for request');
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) throw new Error('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const user = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(user)) throw new Error('net/url: invalid userinfo');
      url.user = user;
    }
    url.host = parseHost(authority.slice(at + 1));
  }
  url.path = unescape(rest, 'path');
  url.rawPath = escape(url.path, 'path') === rest ? '' : rest;
  return url;
}

const wrap = (raw: string, fn: () => GoUrl): GoUrl => {
  try {
    return fn();
  } catch (e: unknown) {
    throw new SyntaxError(`parse ${JSON.stringify(raw)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
};

/** Go's url.Parse. Throws SyntaxError with Go's message ("parse \"x\": ..."). */
export function parseUrl(raw: string): GoUrl {
  return wrap(raw, () => {
    const hash = raw.indexOf('#');
    const base = hash < 0 ? raw : raw.slice(0, hash);
    return { ...parse(base, false), fragment: hash < 0 ? '' : unescape(raw.slice(hash + 1), 'fragment') };
  });
}

/** Go's url.ParseRequestURI: absolute URIs and absolute paths only; a fragment stays in the path or query. */
export function parseRequestUri(raw: string): GoUrl {
  return wrap(raw, () => ({ ...parse(raw, true), fragment: '' }));
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(host.slice(colon))) [host, port] = [host.slice(0, colon), host.slice(colon + 1)];
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

export const hostname = (u: GoUrl): string => splitHostPort(u.host)[0];
export const port = (u: GoUrl): string => splitHostPort(u.host)[1];

function validEncoded(s: string): boolean {
  for (const c of s) if (!`!$&'()*+,;=:@[]%`.includes(c) && shouldEscape(c, 'path')) return false;
  return true;
}

/** Go's URL.EscapedPath. */
export function escapedPath(u: GoUrl): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath)) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch {
      // fall through to re-escaping, as Go does
    }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

/** Go's url.ParseQuery, skipping malformed pairs as URL.Query() does. */
export function query(u: GoUrl): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of u.rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    try {
      const key = unescape(eq < 0 ? pair : pair.slice(0, eq), 'query');
      const value = eq < 0 ? '' : unescape(pair.slice(eq + 1), 'query');
      out.set(key, [...(out.get(key) ?? []), value]);
    } catch {
      // Go's Query() drops pairs whose escapes do not decode
    }
  }
  return out;
}
