// Service account tokens: ES256 JWTs signed with the server key (TokenRequest), verified by the authenticator.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { UserInfo } from '../registry/context.js';

export const tokenIssuer = 'https://kubernetes.default.svc.cluster.local';

export interface TokenClaims {
  namespace: string;
  serviceAccount: string;
  uid: string;
  audiences: readonly string[];
  expirationSeconds: number;
  now: Date;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export class ServiceAccountTokens {
  readonly #private: KeyObject;
  readonly #public: KeyObject;
  constructor(privateKeyPem: string) {
    this.#private = createPrivateKey(privateKeyPem);
    this.#public = createPublicKey(this.#private);
  }

  /** Signs a bound service account token; returns it with its expiry. */
  issue(c: TokenClaims): { token: string; expiresAt: Date } {
    const iat = Math.floor(c.now.getTime() / 1000);
    const exp = iat + c.expirationSeconds;
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({
      aud: c.audiences, exp, iat, nbf: iat, iss: tokenIssuer, sub: `system:serviceaccount:${c.namespace}:${c.serviceAccount}`,
      'kubernetes.io': { namespace: c.namespace, serviceaccount: { name: c.serviceAccount, uid: c.uid } },
    }));
    const sig = sign('sha256', Buffer.from(`${header}.${payload}`), { key: this.#private, dsaEncoding: 'ieee-p1363' });
    return { token: `${header}.${payload}.${b64url(sig)}`, expiresAt: new Date(exp * 1000) };
  }

  /** The service account user of a valid, unexpired token; undefined otherwise. */
  authenticate(token: string, now: Date): UserInfo | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [h, p, s] = parts as [string, string, string];
    try {
      if (!verify('sha256', Buffer.from(`${h}.${p}`), { key: this.#public, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) return undefined;
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { exp?: number; iss?: string; 'kubernetes.io'?: { namespace?: string; serviceaccount?: { name?: string } } };
      if (claims.iss !== tokenIssuer || typeof claims.exp !== 'number' || claims.exp * 1000 < now.getTime()) return undefined;
      const ns = claims['kubernetes.io']?.namespace;
      const name = claims['kubernetes.io']?.serviceaccount?.name;
      if (!ns || !name) return undefined;
      return { name: `system:serviceaccount:${ns}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`] };
    } catch {
      return undefined;
    }
  }
}
