// A registry the tests run themselves for what Debian's docker-registry is not set up to do here: bearer-token
// auth (Docker Hub's flow: 401 with a Bearer challenge, a token from the realm for basic credentials),
// multi-platform OCI indexes, gzip layers, and a blob whose bytes do not match its digest. Distribution API
// v2 on 127.0.0.1, read-only; images are given to it as content.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface TokenRegistry {
  readonly host: string;
  /** Adds an image: a manifest per architecture under one OCI index tagged `tag`. Returns the index digest. */
  addMultiPlatform(repository: string, tag: string, images: Record<string, { config: Buffer; layers: Buffer[] }>): string;
  /** Serves `wrong` instead of the blob with this digest (a corrupted transfer). */
  corrupt(digest: string, wrong: Buffer): void;
  stop(): Promise<void>;
}

export async function startTokenRegistry(credentials: { username: string; password: string }): Promise<TokenRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { body: Buffer; type: string }>(); // "<repo>@<ref>"
  const tokens = new Set<string>();
  const put = (b: Buffer): string => { const d = sha(b); blobs.set(d, b); return d; };
  const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  let server: Server | undefined;
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const port = (server!.address() as AddressInfo).port;
    if (url.pathname === '/token') {
      if (req.headers.authorization !== basic) { res.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}'); return; }
      const token = `t-${tokens.size + 1}-${url.searchParams.get('scope') ?? ''}`;
      tokens.add(token);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token }));
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) {
      const m = /^\/v2\/(.+)\/(manifests|blobs)\//.exec(url.pathname);
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="test-registry"${m ? `,scope="repository:${m[1]}:pull"` : ''}`, 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    const found = m?.[2] === 'manifests' ? manifests.get(`${m[1]}@${m[3]}`) : m ? (blobs.get(m[3]!) ? { body: blobs.get(m[3]!)!, type: 'application/octet-stream' } : undefined) : undefined;
    if (!found) { res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'); return; }
    res.writeHead(200, { 'Content-Type': found.type, 'Content-Length': found.body.length, ...(m?.[2] === 'manifests' ? { 'Docker-Content-Digest': sha(found.body) } : {}) });
    res.end(req.method === 'HEAD' ? undefined : found.body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    addMultiPlatform(repository, tag, images) {
      const entries = Object.entries(images).map(([architecture, img]) => {
        const manifest = Buffer.from(JSON.stringify({
          schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(img.config), size: img.config.length },
          layers: img.layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: put(l), size: l.length })),
        }));
        const digest = sha(manifest);
        manifests.set(`${repository}@${digest}`, { body: manifest, type: 'application/vnd.oci.image.manifest.v1+json' });
        return { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: manifest.length, platform: { os: 'linux', architecture } };
      });
      const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: entries }));
      const entry = { body: index, type: 'application/vnd.oci.image.index.v1+json' };
      manifests.set(`${repository}@${tag}`, entry);
      manifests.set(`${repository}@${sha(index)}`, entry);
      return sha(index);
    },
    corrupt(digest, wrong) { blobs.set(digest, wrong); },
    async stop() { await new Promise<void>((r) => server!.close(() => r())); },
  };
}
