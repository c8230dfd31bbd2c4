// Authentication: client certificates signed by the cluster CA, or static bearer tokens. Anonymous → undefined.
// Service account tokens are the API server's own (it holds the key and the objects they are bound to).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../registry/context.js';

export interface Authenticator {
  authenticate(req: IncomingMessage): UserInfo | undefined;
  /** A bearer token alone (TokenReview, and the server's own fallback to service account tokens). */
  authenticateToken(token: string): UserInfo | undefined;
}

export interface TokenAuthenticatorOptions {
  /** token → user (read at each request: tokens added later, e.g. the in-process components', are honoured). */
  tokens: ReadonlyMap<string, UserInfo>;
}

/** The bearer token of a request, if it carries one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h || !/^bearer /i.test(h)) return undefined;
  const t = h.slice(7).trim();
  return t === '' ? undefined : t;
}


export function createAuthenticator(options: TokenAuthenticatorOptions): Authenticator {
  // The peer certificate cannot change on a connection: decode it once per socket.
  const byCert = new WeakMap<object, UserInfo | null>();
  const authenticateToken = (token: string): UserInfo | undefined => {
    const u = options.tokens.get(token);
    return u && { ...u, groups: [...u.groups, 'system:authenticated'] };
  };
  return {
    authenticateToken,
    authenticate(req) {
      const sock = req.socket as TLSSocket;
      const known = byCert.get(sock);
      if (known) return known;
      if (known === undefined && sock.authorized && typeof sock.getPeerCertificate === 'function') {
        const cert = sock.getPeerCertificate();
        if (cert && cert.subject) {
          const cn = cert.subject.CN;
          const o = cert.subject.O;
          const groups = Array.isArray(o) ? o : o ? [o] : [];
          if (cn) {
            const user = { name: String(cn), groups: [...groups.map(String), 'system:authenticated'] };
            byCert.set(sock, user);
            return user;
          }
        }
        byCert.set(sock, null);
      }
      const token = bearerToken(req);
      return token === undefined ? undefined : authenticateToken(token);
    },
  };
}
