// FakeObjectTracker: an in-memory API for tests, served to Clients through Transports: get, create, update (with
// the resourceVersion precondition of a real server) and delete of objects by resource path; no lists or watches.
import { randomUUID } from 'node:crypto';
import { alreadyExists, badRequest, conflict, notFound, type GroupResource, type KubeObject } from '../../api/index.js';
import type { Transport, TransportRequest } from '../rest/transport.js';

/**
 * Answers a request instead of the tracker (throw or resolve), or returns undefined to let the tracker answer.
 * A promise that never settles models a request stuck on the network.
 */
export type Reactor = (req: TransportRequest) => Promise<unknown> | undefined;

interface Parsed { gr: GroupResource; collection: string; name: string | undefined }

const pathPattern = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/[^/]+)?\/([^/]+)(?:\/([^/]+))?$/;

function parse(path: string): Parsed {
  const m = pathPattern.exec(path);
  if (!m) throw badRequest(`Cannot serve path "${path}": the fake tracker serves objects only (no subresources)`);
  const [, group = '', resource = '', name] = m;
  const gr = { group, resource };
  return name === undefined ? { gr, collection: path, name: undefined } : { gr, collection: path.slice(0, path.lastIndexOf('/')), name: decodeURIComponent(name) };
}

const clone = <T>(o: T): T => structuredClone(o);
const meta = (o: KubeObject): { name?: string; resourceVersion?: string; uid?: string } => (o.metadata ?? {}) as { name?: string; resourceVersion?: string; uid?: string };

export class FakeObjectTracker {
  readonly #objects = new Map<string, KubeObject>();
  #revision = 0;
  /** Every request served (after reactors), as "METHOD path". */
  readonly requests: string[] = [];

  /** A copy of the object at a resource path (e.g. /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/x). */
  get(path: string): KubeObject | undefined {
    const o = this.#objects.get(path);
    return o && clone(o);
  }

  /** A Transport onto this tracker; each reactor is asked first, in order. */
  transport(options: { reactors?: readonly Reactor[] } = {}): Transport {
    const reactors = options.reactors ?? [];
    return {
      request: (req) => {
        for (const r of reactors) {
          const answer = r(req);
          if (answer) return answer;
        }
        try {
          return Promise.resolve(this.#serve(req));
        } catch (e: unknown) {
          return Promise.reject(e);
        }
      },
      stream: () => Promise.reject(new Error('Cannot watch: the fake tracker serves requests only')),
    };
  }

  #serve(req: TransportRequest): unknown {
    this.requests.push(`${req.method} ${req.path}`);
    const p = parse(req.path);
    switch (req.method) {
      case 'GET': return this.#read(p, req.path);
      case 'POST': return this.#create(p, req.body as KubeObject);
      case 'PUT': return this.#update(p, req.path, req.body as KubeObject);
      case 'DELETE': {
        const old = this.#read(p, req.path);
        this.#objects.delete(req.path);
        return old;
      }
      default: throw badRequest(`Cannot serve method "${req.method}": the fake tracker serves GET, POST, PUT and DELETE`);
    }
  }

  #read(p: Parsed, path: string): KubeObject {
    const o = this.#objects.get(path);
    if (!o) throw notFound(p.gr, p.name ?? '');
    return clone(o);
  }

  #create(p: Parsed, body: KubeObject): KubeObject {
    const name = meta(body).name ?? '';
    const path = `${p.collection}/${encodeURIComponent(name)}`;
    if (this.#objects.has(path)) throw alreadyExists(p.gr, name);
    const o: KubeObject = { ...clone(body), metadata: { ...body.metadata, uid: randomUUID(), resourceVersion: String(++this.#revision) } };
    this.#objects.set(path, o);
    return clone(o);
  }

  #update(p: Parsed, path: string, body: KubeObject): KubeObject {
    const old = this.#read(p, path);
    const rv = meta(body).resourceVersion;
    // A real server refuses a write based on a version it no longer holds: the optimistic concurrency callers rely on.
    if (rv && rv !== meta(old).resourceVersion) throw conflict(p.gr, p.name ?? '');
    const o: KubeObject = { ...clone(body), metadata: { ...body.metadata, uid: meta(old).uid, resourceVersion: String(++this.#revision) } };
    this.#objects.set(path, o);
    return clone(o);
  }
}
