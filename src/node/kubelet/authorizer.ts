// The kubelet's authentication and authorization of its HTTPS endpoint (upstream kubelet --client-ca-file and
// --authorization-mode=Webhook): callers present a client certificate the cluster CA signed, and each request is
// authorized by a SubjectAccessReview of the caller on its node's subresource (nodes/proxy, nodes/stats, …),
// decisions cached as upstream (allowed 5 min, denied 30 s).
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { lookupResource } from '../../api/index.js';
import type { Client } from '../../client/index.js';
import type { Clock } from '../../util/index.js';

export interface KubeletUser {
  readonly name: string;
  readonly groups: readonly string[];
}

/** The node subresource and verb a kubelet request is authorized as (upstream kubelet's auth attributes). Pure. */
export function kubeletRequestAttributes(method: string, path: string): { verb: string; subresource: string } {
  const verb = ({ GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? method.toLowerCase();
  const first = path.split('/')[1] ?? '';
  const subresource = first === 'stats' ? 'stats' : first === 'metrics' ? 'metrics' : first === 'logs' ? 'log' : first === 'spec' ? 'spec' : first === 'checkpoint' ? 'checkpoint' : 'proxy';
  return { verb, subresource };
}

/** The caller of a request, from its client certificate (verified against the cluster CA by the TLS server). */
export function certificateUser(req: IncomingMessage): KubeletUser | undefined {
  const sock = req.socket as TLSSocket;
  if (!sock.authorized || typeof sock.getPeerCertificate !== 'function') return undefined;
  const subject = sock.getPeerCertificate()?.subject;
  if (!subject?.CN) return undefined;
  const o = subject.O;
  return { name: String(subject.CN), groups: [...(Array.isArray(o) ? o : o ? [o] : []).map(String), 'system:authenticated'] };
}

export interface KubeletAuthorizer {
  allowed(user: KubeletUser, verb: string, subresource: string): Promise<boolean>;
}

const allowedTtlMs = 5 * 60_000;
const deniedTtlMs = 30_000;

/** Asks the API server (SubjectAccessReview, which the node may create) and remembers the answer a while. */
export class SubjectAccessReviewAuthorizer implements KubeletAuthorizer {
  readonly #client: Client;
  readonly #nodeName: string;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { allowed: boolean; untilMs: number }>();

  constructor(options: { client: Client; nodeName: string; clock: Clock }) {
    this.#client = options.client;
    this.#nodeName = options.nodeName;
    this.#clock = options.clock;
  }

  async allowed(user: KubeletUser, verb: string, subresource: string): Promise<boolean> {
    const key = JSON.stringify([user.name, user.groups, verb, subresource]);
    const now = this.#clock.nowMs();
    const hit = this.#cache.get(key);
    if (hit && hit.untilMs > now) return hit.allowed;
    const review = await this.#client.create(lookupResource('authorization.k8s.io', 'v1', 'subjectaccessreviews')!, '', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: { user: user.name, groups: [...user.groups], resourceAttributes: { verb, group: '', version: 'v1', resource: 'nodes', subresource, name: this.#nodeName } },
    }) as { status?: { allowed?: boolean } };
    const allowed = review.status?.allowed === true;
    if (this.#cache.size > 1024) this.#cache.clear();
    this.#cache.set(key, { allowed, untilMs: now + (allowed ? allowedTtlMs : deniedTtlMs) });
    return allowed;
  }
}
