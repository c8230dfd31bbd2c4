// Authentication: client certificates signed by the cluster CA, or bearer tokens. Anonymous → undefined.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { timingSafeEqual } from 'node:crypto';
import type { UserInfo } from '../registry/context.js';

export interface Authenticator {
  authenticate(req: IncomingMessage): UserInfo | undefined;
}

export interface TokenAuthenticatorOptions {
  /** token → user */
  tokens: ReadonlyMap<string, UserInfo>;
  /** Verifies service account JWTs, when configured. */
  serviceAccounts?: { authenticate(token: string, now: Date): UserInfo | undefined };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createAuthenticator(options: TokenAuthenticatorOptions): Authenticator {
  // The peer certificate cannot change on a connection: decode it once per socket.
  const byCert = new WeakMap<object, UserInfo | null>();
  return {
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
      const h = req.headers.authorization;
      if (h && h.startsWith('Bearer ')) {
        const token = h.slice(7).trim();
        for (const [t, u] of options.tokens) if (safeEqual(t, token)) return { name: u.name, groups: [...u.groups, 'system:authenticated'] };
        const sa = options.serviceAccounts?.authenticate(token, new Date());
        if (sa) return { name: sa.name, groups: [...sa.groups, 'system:authenticated'] };
      }
      return undefined;
    },
  };
}
