// A client of several API servers (an agent given each server of an HA cluster): requests go to one server
// until it cannot be reached, then to the next, in turn. Only failures to reach a server move on — an HTTP error
// answer is the cluster's answer, and comes back as it is. A request that could not have been sent (the
// connection was refused or the host unreachable) is tried on the next server at once; one that may have been
// sent fails, and the caller's retry (informers re-list, controllers re-queue) goes to the next server.
import type { Transport, TransportRequest } from './transport.js';

const notSent = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const unreachable = new Set([...notSent, 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

const codeOf = (e: unknown): string | undefined => (e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined);
/** A failure to reach the server (not an answer from it). */
export const isUnreachable = (e: unknown): boolean => unreachable.has(codeOf(e) ?? '') || (e instanceof Error && /socket hang up/.test(e.message));

export class FailoverTransport implements Transport {
  readonly #transports: readonly Transport[];
  readonly #onSwitch: ((index: number, error: unknown) => void) | undefined;
  #current = 0;

  constructor(transports: readonly Transport[], options: { onSwitch?: (index: number, error: unknown) => void } = {}) {
    if (transports.length === 0) throw new Error('FailoverTransport needs at least one server');
    this.#transports = transports;
    this.#onSwitch = options.onSwitch;
  }

  /** The index of the server requests go to now. */
  get current(): number { return this.#current; }

  async #tryEach<T>(send: (t: Transport) => Promise<T>): Promise<T> {
    for (let tried = 0; ; tried++) {
      const index = this.#current;
      try {
        return await send(this.#transports[index]!);
      } catch (e: unknown) {
        if (!isUnreachable(e) || this.#transports.length === 1) throw e;
        // Another request may have moved on already.
        if (this.#current === index) {
          this.#current = (index + 1) % this.#transports.length;
          this.#onSwitch?.(this.#current, e);
        }
        if (!notSent.has(codeOf(e) ?? '') || tried + 1 >= this.#transports.length) throw e;
      }
    }
  }

  request(req: TransportRequest): Promise<unknown> {
    return this.#tryEach((t) => t.request(req));
  }

  stream(req: TransportRequest, onEvent: (ev: unknown) => void): Promise<void> {
    return this.#tryEach((t) => t.stream(req, onEvent));
  }
}
