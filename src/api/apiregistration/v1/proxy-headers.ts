// The front-proxy ("request header") identity an aggregating API server passes to an extension API server,
// and the `kube-system/extension-apiserver-authentication` ConfigMap that tells extension servers whom to
// trust for it. Pure functions of header maps.

export interface ProxiedUser {
  readonly name: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

export const remoteUserHeader = 'X-Remote-User';
export const remoteGroupHeader = 'X-Remote-Group';
export const remoteExtraHeaderPrefix = 'X-Remote-Extra-';
/** The common name of the proxy's client certificate, the only one extension servers accept (kubeadm's choice). */
export const frontProxyClientName = 'front-proxy-client';

export const extensionApiserverAuthenticationConfigMap = { namespace: 'kube-system', name: 'extension-apiserver-authentication' } as const;

/** Connection-scoped headers a proxy never forwards (RFC 7230 §6.1), in lower case. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

const tchar = /^[!#$&'*+\-.^_`|~0-9A-Za-z]$/;

/** Percent-encodes the bytes of an extra key that may not appear in a header name ('%' included), as upstream. */
export function escapeExtraKey(key: string): string {
  let out = '';
  for (const b of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && c !== '%' && tchar.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The headers to send upstream for a request the aggregator authenticated as `user`: the client's headers
 * without its credentials (Authorization, Impersonate-*), without hop-by-hop headers and without any
 * X-Remote-* the client sent itself, plus the proxy identity headers. Header names come out in lower case.
 */
export function frontProxyHeaders(incoming: HeaderMap, user: ProxiedUser, options: { clientAddress?: string } = {}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(incoming)) {
    const name = k.toLowerCase();
    if (v === undefined || hopByHop.has(name) || name === 'authorization' || name.startsWith('impersonate-') || name.startsWith('x-remote-')) continue;
    out[name] = typeof v === 'string' ? v : [...v];
  }
  out[remoteUserHeader.toLowerCase()] = user.name;
  if (user.groups.length) out[remoteGroupHeader.toLowerCase()] = [...user.groups];
  for (const [key, values] of Object.entries(user.extra ?? {})) {
    if (values.length) out[`${remoteExtraHeaderPrefix}${escapeExtraKey(key)}`.toLowerCase()] = [...values];
  }
  if (options.clientAddress) {
    const prior = out['x-forwarded-for'];
    out['x-forwarded-for'] = prior === undefined ? options.clientAddress : `${Array.isArray(prior) ? prior.join(', ') : prior}, ${options.clientAddress}`;
  }
  return out;
}

/**
 * The data of `kube-system/extension-apiserver-authentication` as kube-apiserver writes it: the client CA,
 * the front-proxy CA and the header names, each list a JSON array.
 */
export function extensionApiserverAuthenticationData(o: { clientCaPem: string; requestHeaderCaPem: string }): Record<string, string> {
  return {
    'client-ca-file': o.clientCaPem,
    'requestheader-client-ca-file': o.requestHeaderCaPem,
    'requestheader-username-headers': JSON.stringify([remoteUserHeader]),
    'requestheader-group-headers': JSON.stringify([remoteGroupHeader]),
    'requestheader-extra-headers-prefix': JSON.stringify([remoteExtraHeaderPrefix]),
    'requestheader-allowed-names': JSON.stringify([frontProxyClientName]),
  };
}
