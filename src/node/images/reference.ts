// Image references as Docker and containerd normalise them (distribution/reference): `busybox` is
// `docker.io/library/busybox:latest`, a registry is the first component when it has a dot, a colon or
// is `localhost`, and a digest pins the content. Pure.

export interface ImageReference {
  /** The registry host (and port): `docker.io`, `127.0.0.1:5000`. */
  readonly registry: string;
  /** The repository path within it: `library/busybox`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` */
  readonly digest?: string;
}

const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagRe = /^[\w][\w.-]{0,127}$/;
const digestRe = /^sha256:[a-f0-9]{64}$/;

export class ReferenceError extends Error {
  override name = 'InvalidImageReference';
}

export function parseReference(text: string): ImageReference {
  let rest = text.trim();
  if (!rest) throw new ReferenceError('invalid reference format: empty image name');
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestRe.test(digest)) throw new ReferenceError(`invalid reference format: bad digest in "${text}"`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagRe.test(tag)) throw new ReferenceError(`invalid reference format: bad tag in "${text}"`);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost')) registry = parts.shift()!;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  for (const p of parts) if (!component.test(p)) throw new ReferenceError(`invalid reference format: repository name must be lowercase ("${text}")`);
  return { registry, repository: parts.join('/'), ...(tag || !digest ? { tag: tag ?? 'latest' } : {}), ...(digest ? { digest } : {}) };
}

/** The canonical text: `docker.io/library/busybox:latest`, `reg:5000/app@sha256:…`. */
export function formatReference(r: ImageReference): string {
  return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/** The canonical text of what the user wrote. */
export const normalizeReference = (text: string): string => formatReference(parseReference(text));
