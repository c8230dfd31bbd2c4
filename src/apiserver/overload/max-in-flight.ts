// Overload protection (--max-requests-inflight, --max-mutating-requests-inflight), upstream's max-in-flight filter:
// read-only (get, list, watch) and mutating requests each have a limit on how many are served at once; beyond it a
// request gets 429 with Retry-After: 1. Long-running requests are not counted, and members of system:masters are
// served even when the limit is reached (they take a slot only when one is free).
import type { ServerResponse } from 'node:http';
import type { RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../registry/context.js';
import { isLongRunning, verbOf } from './long-running.js';

export interface InFlightLimits {
  /** Concurrent read-only requests; 0: no limit (upstream default 400). */
  readonly maxRequestsInflight: number;
  /** Concurrent mutating requests; 0: no limit (upstream default 200). */
  readonly maxMutatingRequestsInflight: number;
}

const readOnlyVerbs: ReadonlySet<string> = new Set(['get', 'list', 'watch']);

/** What admit() decided: serve (and call release() once the response is done), or reject with 429. */
export type Admission = { readonly admitted: true; release(): void } | { readonly admitted: false };

const unlimited: Admission = { admitted: true, release: () => undefined };

export class MaxInFlightLimiter {
  readonly #limits: InFlightLimits;
  #readOnly = 0;
  #mutating = 0;
  #rejected = 0;

  constructor(limits: InFlightLimits) {
    for (const k of ['maxRequestsInflight', 'maxMutatingRequestsInflight'] as const) {
      if (!Number.isInteger(limits[k]) || limits[k] < 0) throw new RangeError(`Cannot limit requests in flight: "${k}" must be a non-negative integer, not ${limits[k]}`);
    }
    this.#limits = limits;
  }

  /** Requests being served now: read-only and mutating. */
  get inFlight(): { readOnly: number; mutating: number } {
    return { readOnly: this.#readOnly, mutating: this.#mutating };
  }

  /** Requests answered 429 so far (upstream: apiserver_dropped_requests_total). */
  get rejected(): number {
    return this.#rejected;
  }

  admit(info: RequestInfo, method: string, user: UserInfo): Admission {
    if (isLongRunning(info)) return unlimited;
    const mutating = !readOnlyVerbs.has(verbOf(info, method));
    const limit = mutating ? this.#limits.maxMutatingRequestsInflight : this.#limits.maxRequestsInflight;
    if (limit === 0) return unlimited;
    const current = mutating ? this.#mutating : this.#readOnly;
    if (current >= limit) {
      // A super-user or the server's own loopback clients always get an answer, as upstream.
      if (user.groups.includes('system:masters')) return unlimited;
      this.#rejected++;
      return { admitted: false };
    }
    if (mutating) this.#mutating++;
    else this.#readOnly++;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        if (mutating) this.#mutating--;
        else this.#readOnly--;
      },
    };
  }
}

const tooManyRequestsText = 'Too many requests, please try again later.\n';

/** Upstream's reply: 429, Retry-After: 1 and a plain-text body (kubectl and client-go retry after the delay). */
export function sendTooManyRequests(res: ServerResponse): void {
  res.writeHead(429, {
    'Cache-Control': 'no-cache, private',
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Retry-After': '1',
    'Content-Length': String(Buffer.byteLength(tooManyRequestsText)),
  });
  res.end(tooManyRequestsText);
}
