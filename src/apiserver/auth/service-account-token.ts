// Service account tokens: ES256 JWTs signed with the server key (TokenRequest), and their validation (upstream
// pkg/serviceaccount): the signature, issuer, audience and expiry, then the objects the token names must still
// exist with the same uids — the account, and the pod, secret or node it is bound to. A token outlives none of them.
import { createPrivateKey, createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import type { KubeObject } from '../../api/index.js';
import type { UserInfo } from '../registry/context.js';

export const tokenIssuer = 'https://kubernetes.default.svc.cluster.local';
/** The issuer of legacy (Secret-held, non-expiring) tokens, as upstream. */
export const legacyTokenIssuer = 'kubernetes/serviceaccount';
/** The audiences the API server itself accepts (upstream --api-audiences defaults to the issuer). */
export const apiAudiences: readonly string[] = [tokenIssuer];

export type BoundKind = 'Pod' | 'Secret' | 'Node';

export interface ObjectRef {
  readonly name: string;
  readonly uid: string;
}

export interface TokenClaims {
  namespace: string;
  serviceAccount: string;
  uid: string;
  audiences: readonly string[];
  expirationSeconds: number;
  now: Date;
  /** The object the token is bound to; a pod-bound token also names the pod's node (upstream 1.30+). */
  bound?: { kind: BoundKind; ref: ObjectRef; node?: ObjectRef | undefined } | undefined;
}

/** The private claims of a verified token ("kubernetes.io"). */
export interface VerifiedClaims {
  readonly namespace: string;
  readonly serviceAccount: ObjectRef;
  readonly pod?: ObjectRef | undefined;
  readonly secret?: ObjectRef | undefined;
  readonly node?: ObjectRef | undefined;
  readonly audiences: readonly string[];
  readonly jti?: string | undefined;
  /** A legacy token: valid while the Secret named in `secret` holds exactly this token. */
  readonly legacy?: { readonly token: string } | undefined;
}

/** Reads of current objects (the server's watch caches, with a live read when the cache has not seen one yet). */
export interface TokenObjects {
  get(resource: 'serviceaccounts' | 'pods' | 'secrets' | 'nodes', namespace: string, name: string): Promise<KubeObject | undefined>;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');
const lowerKind = { Pod: 'pod', Secret: 'secret', Node: 'node' } as const;

export class ServiceAccountTokens {
  readonly #private: KeyObject;
  readonly #public: KeyObject;
  constructor(privateKeyPem: string) {
    this.#private = createPrivateKey(privateKeyPem);
    this.#public = createPublicKey(this.#private);
  }

  /** Signs a service account token; returns it with its expiry. */
  issue(c: TokenClaims): { token: string; expiresAt: Date } {
    const iat = Math.floor(c.now.getTime() / 1000);
    const exp = iat + c.expirationSeconds;
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }));
    const priv: Record<string, unknown> = { namespace: c.namespace };
    if (c.bound) {
      priv[lowerKind[c.bound.kind]] = { name: c.bound.ref.name, uid: c.bound.ref.uid };
      if (c.bound.node && c.bound.kind === 'Pod') priv['node'] = { name: c.bound.node.name, uid: c.bound.node.uid };
    }
    priv['serviceaccount'] = { name: c.serviceAccount, uid: c.uid };
    const payload = b64url(JSON.stringify({
      aud: c.audiences, exp, iat, iss: tokenIssuer, jti: randomUUID(), nbf: iat, sub: `system:serviceaccount:${c.namespace}:${c.serviceAccount}`,
      'kubernetes.io': priv,
    }));
    const sig = sign('sha256', Buffer.from(`${header}.${payload}`), { key: this.#private, dsaEncoding: 'ieee-p1363' });
    return { token: `${header}.${payload}.${b64url(sig)}`, expiresAt: new Date(exp * 1000) };
  }

  /**
   * A legacy service account token for a `kubernetes.io/service-account-token` Secret (upstream's tokens
   * controller): no expiry, no audience; valid while the Secret holds it and the account lives.
   */
  issueLegacy(c: { namespace: string; serviceAccount: string; uid: string; secretName: string }): string {
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({
      iss: legacyTokenIssuer,
      'kubernetes.io/serviceaccount/namespace': c.namespace,
      'kubernetes.io/serviceaccount/secret.name': c.secretName,
      'kubernetes.io/serviceaccount/service-account.name': c.serviceAccount,
      'kubernetes.io/serviceaccount/service-account.uid': c.uid,
      sub: `system:serviceaccount:${c.namespace}:${c.serviceAccount}`,
    }));
    const sig = sign('sha256', Buffer.from(`${header}.${payload}`), { key: this.#private, dsaEncoding: 'ieee-p1363' });
    return `${header}.${payload}.${b64url(sig)}`;
  }

  /** Whether `token` is a legacy token this key issued for exactly that Secret and account. */
  isLegacyTokenFor(token: string, c: { namespace: string; serviceAccount: string; uid: string; secretName: string }): boolean {
    const t = this.#verified.get(token) ?? this.#parse(token);
    const k = t?.legacy ? t.claims : undefined;
    return k !== undefined && k.namespace === c.namespace && k.serviceAccount.name === c.serviceAccount && k.serviceAccount.uid === c.uid && k.secret?.name === c.secretName;
  }

  /** Parsed claims of tokens whose signature checked out (an ES256 verification costs ~70 µs), by token. */
  readonly #verified = new Map<string, ParsedToken>();

  /**
   * The claims of a token this key signed, unexpired, for one of `audiences`; undefined for anything else (not a
   * JWT, another signer or issuer, expired, another audience). The audiences returned are those that matched.
   */
  verify(token: string, now: Date, audiences: readonly string[] = apiAudiences): VerifiedClaims | undefined {
    const t = this.#verified.get(token) ?? this.#parse(token);
    if (!t) return undefined;
    if (t.legacy) {
      // Legacy tokens name no audience: they are the API server's own.
      const matched = audiences.filter((a) => apiAudiences.includes(a));
      return matched.length === 0 ? undefined : { ...t.claims, audiences: matched, legacy: { token } };
    }
    const ms = now.getTime();
    if (t.exp * 1000 < ms) {
      this.#verified.delete(token);
      return undefined;
    }
    if (t.nbf !== undefined && t.nbf * 1000 > ms + 60_000) return undefined;
    const matched = audiences.filter((a) => t.aud.includes(a));
    return matched.length === 0 ? undefined : { ...t.claims, audiences: matched };
  }

  #parse(token: string): ParsedToken | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [h, p, s] = parts as [string, string, string];
    try {
      if (!verify('sha256', Buffer.from(`${h}.${p}`), { key: this.#public, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) return undefined;
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown> & {
        exp?: number; nbf?: number; iss?: string; aud?: string[] | string; jti?: string;
        'kubernetes.io'?: { namespace?: string; serviceaccount?: Partial<ObjectRef>; pod?: Partial<ObjectRef>; secret?: Partial<ObjectRef>; node?: Partial<ObjectRef> };
      };
      if (claims.iss === legacyTokenIssuer) return this.#remember(token, legacyClaims(claims));
      if (claims.iss !== tokenIssuer || typeof claims.exp !== 'number') return undefined;
      const k = claims['kubernetes.io'];
      const ref = (r: Partial<ObjectRef> | undefined): ObjectRef | undefined => (r && typeof r.name === 'string' && r.name ? { name: r.name, uid: String(r.uid ?? '') } : undefined);
      const sa = ref(k?.serviceaccount);
      if (!k?.namespace || !sa) return undefined;
      const parsed: ParsedToken = {
        exp: claims.exp, nbf: typeof claims.nbf === 'number' ? claims.nbf : undefined,
        aud: typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [],
        claims: { namespace: k.namespace, serviceAccount: sa, pod: ref(k.pod), secret: ref(k.secret), node: ref(k.node), jti: claims.jti },
      };
      return this.#remember(token, parsed);
    } catch {
      return undefined;
    }
  }

  #remember(token: string, parsed: ParsedToken | undefined): ParsedToken | undefined {
    if (!parsed) return undefined;
    // Bounded: when full, the oldest entries go (insertion order).
    if (this.#verified.size >= verifiedCacheSize) for (const old of [...this.#verified.keys()].slice(0, verifiedCacheSize / 4)) this.#verified.delete(old);
    this.#verified.set(token, parsed);
    return parsed;
  }
}

/** The claims of a legacy token (upstream's legacyPrivateClaims). */
function legacyClaims(c: Record<string, unknown>): ParsedToken | undefined {
  const str = (k: string): string => (typeof c[`kubernetes.io/serviceaccount/${k}`] === 'string' ? c[`kubernetes.io/serviceaccount/${k}`] as string : '');
  const namespace = str('namespace');
  const name = str('service-account.name');
  const secret = str('secret.name');
  if (!namespace || !name || !secret) return undefined;
  return { exp: Infinity, nbf: undefined, aud: [], legacy: true, claims: { namespace, serviceAccount: { name, uid: str('service-account.uid') }, secret: { name: secret, uid: '' }, pod: undefined, node: undefined, jti: undefined } };
}

const verifiedCacheSize = 4096;

interface ParsedToken {
  readonly legacy?: boolean;
  readonly exp: number;
  readonly nbf: number | undefined;
  readonly aud: readonly string[];
  readonly claims: Omit<VerifiedClaims, 'audiences'>;
}

/** Objects deleted longer ago than this no longer vouch for tokens (upstream's grace for in-flight deletions). */
const deletedGraceMs = 60_000;

function stillThere(obj: KubeObject | undefined, uid: string, now: Date): boolean {
  if (!obj) return false;
  const meta = obj.metadata as { uid?: string; deletionTimestamp?: string } | undefined;
  if (uid && meta?.uid !== uid) return false;
  const deleted = meta?.deletionTimestamp ? Date.parse(meta.deletionTimestamp) : NaN;
  return !(deleted < now.getTime() - deletedGraceMs);
}

/**
 * upstream validator: the account and the bound objects must exist with the uids in the token. Returns the user
 * (with the bound objects in extra, as upstream) or the reason the token is no longer valid.
 */
export async function serviceAccountUser(c: VerifiedClaims, objects: TokenObjects, now: Date): Promise<{ user: UserInfo } | { error: string }> {
  const invalidated = { error: 'service account token has been invalidated' };
  if (!stillThere(await objects.get('serviceaccounts', c.namespace, c.serviceAccount.name), c.serviceAccount.uid, now)) return invalidated;
  const secret = c.secret ? await objects.get('secrets', c.namespace, c.secret.name) : undefined;
  if (c.secret && !stillThere(secret, c.secret.uid, now)) return invalidated;
  // upstream: "Token does not match server's copy".
  if (c.legacy && Buffer.from(String((secret?.['data'] as Record<string, unknown> | undefined)?.['token'] ?? ''), 'base64').toString('utf8') !== c.legacy.token) return invalidated;
  if (c.pod && !stillThere(await objects.get('pods', c.namespace, c.pod.name), c.pod.uid, now)) return invalidated;
  if (c.node && !c.pod && !stillThere(await objects.get('nodes', '', c.node.name), c.node.uid, now)) return invalidated;
  const extra: Record<string, string[]> = {};
  if (c.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${c.jti}`];
  if (c.node) {
    extra['authentication.kubernetes.io/node-name'] = [c.node.name];
    if (c.node.uid) extra['authentication.kubernetes.io/node-uid'] = [c.node.uid];
  }
  if (c.pod) {
    extra['authentication.kubernetes.io/pod-name'] = [c.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [c.pod.uid];
  }
  return {
    user: {
      name: `system:serviceaccount:${c.namespace}:${c.serviceAccount.name}`,
      uid: c.serviceAccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${c.namespace}`, 'system:authenticated'],
      ...(Object.keys(extra).length ? { extra } : {}),
    },
  };
}
