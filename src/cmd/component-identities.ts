// The identities of the components the all-in-one server runs in-process (upstream: each with its own
// credentials). Each user gets a random token, known only to this process and accepted by the server's static
// token authenticator, and a client over the in-process transport that presents it: requests go through
// authentication and authorization like anyone else's.
import { randomBytes } from 'node:crypto';
import type { ApiServer } from '../apiserver/index.js';
import { Client } from '../client/index.js';
import { InProcessTransport } from './in-process-transport.js';

export interface ComponentUser {
  readonly name: string;
  readonly groups: readonly string[];
}

export class ComponentIdentities {
  readonly #server: ApiServer;
  readonly #tokens: Map<string, ComponentUser>;
  readonly #clients = new Map<string, Client>();

  /** `tokens` is the authenticator's live token table; identities are added to it. */
  constructor(server: ApiServer, tokens: Map<string, ComponentUser>) {
    this.#server = server;
    this.#tokens = tokens;
  }

  /** A client acting as `user` (one per user, created on first use). */
  client(user: ComponentUser, fieldManager = 'skiff-controller-manager'): Client {
    const key = `${user.name}\n${fieldManager}`;
    let c = this.#clients.get(key);
    if (!c) {
      const token = randomBytes(24).toString('hex');
      this.#tokens.set(token, { name: user.name, groups: [...user.groups] });
      const component = user.name.replace(/^system:serviceaccount:kube-system:/, '').replace(/^system:/, '');
      c = new Client({ transport: new InProcessTransport({ server: this.#server, token, userAgent: `skiff-controller-manager/v0.1.0 (${component})` }), fieldManager });
      this.#clients.set(key, c);
    }
    return c;
  }
}
