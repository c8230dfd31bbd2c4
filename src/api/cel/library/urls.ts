// Kubernetes' URL library (k8s.io/apiserver/pkg/cel/library/urls.go): url(), isURL() and the URL accessors,
// on Go's url.Parse semantics (go-url.ts). Only absolute URIs and absolute paths are accepted, as upstream.
import { EvaluationError, type Environment } from '@marcbachmann/cel-js';
import { escapedPath, hostname, parseRequestUri, parseUrl, port, query, type GoUrl } from './go-url.js';

/** The CEL value of type kubernetes.URL. */
export class CelUrl {
  constructor(readonly url: GoUrl) {}

  celEquals(other: unknown): boolean {
    return other instanceof CelUrl && JSON.stringify(other.url) === JSON.stringify(this.url);
  }
}

function toUrl(s: string): CelUrl {
  try {
    // ParseRequestURI decides validity; Parse gives the parts (ParseRequestURI folds a fragment into path or query).
    parseRequestUri(s);
    return new CelUrl(parseUrl(s));
  } catch (e: unknown) {
    throw new EvaluationError(`URL parse error during conversion from string: ${e instanceof Error ? e.message : String(e)}`, undefined, e);
  }
}

function isUrl(s: string): boolean {
  try {
    parseRequestUri(s);
    return true;
  } catch {
    return false;
  }
}

/** Registers the URL library into env. */
export function registerUrls(env: Environment): void {
  env.registerType('kubernetes.URL', CelUrl);
  env.registerFunction('url(string): kubernetes.URL', toUrl);
  env.registerFunction('isURL(string): bool', isUrl);
  env.registerFunction('kubernetes.URL.getScheme(): string', (u: CelUrl) => u.url.scheme);
  env.registerFunction('kubernetes.URL.getHost(): string', (u: CelUrl) => u.url.host);
  env.registerFunction('kubernetes.URL.getHostname(): string', (u: CelUrl) => hostname(u.url));
  env.registerFunction('kubernetes.URL.getPort(): string', (u: CelUrl) => port(u.url));
  env.registerFunction('kubernetes.URL.getEscapedPath(): string', (u: CelUrl) => escapedPath(u.url));
  env.registerFunction('kubernetes.URL.getQuery(): map<string, list<string>>', (u: CelUrl) => query(u.url));
}
