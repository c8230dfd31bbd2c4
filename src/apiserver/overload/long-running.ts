// Long-running requests (upstream's BasicLongRunningRequestCheck): watches, proxies and the streaming subresources.
// They do not count against the in-flight limits, and their audit events include ResponseStarted.
import type { RequestInfo } from '../http/request-info.js';

const longRunningVerbs: ReadonlySet<string> = new Set(['watch', 'proxy']);
const longRunningSubresources: ReadonlySet<string> = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

/** The verb upstream's RequestInfo gives: a resource request's, else the lower-cased HTTP method. */
export function verbOf(info: RequestInfo, method: string): string {
  return info.isResource ? info.verb : method.toLowerCase();
}

export function isLongRunning(info: RequestInfo): boolean {
  if (info.isResource) {
    // nodes/{name}/proxy/<path>: the subresource is its first segment.
    const sub = info.subresource.split('/')[0] ?? '';
    return longRunningVerbs.has(info.verb) || longRunningSubresources.has(sub);
  }
  return info.path.startsWith('/debug/pprof/');
}
