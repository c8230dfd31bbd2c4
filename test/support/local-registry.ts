// A local OCI registry for tests: Debian's `docker-registry` on 127.0.0.1 with a throwaway storage dir,
// and a minimal push (monolithic blob uploads, manifest PUT) so tests can publish images they build.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function registryAvailable(): boolean {
  try {
    execFileSync('docker-registry', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
});

const isGzip = (b: Buffer): boolean => b[0] === 0x1f && b[1] === 0x8b;

export interface LocalRegistry {
  readonly host: string;
  /** Pushes the blobs and an OCI manifest; layers starting with gzip's magic number are pushed as tar+gzip. */
  push(repository: string, tag: string, image: { config: Buffer; layers: readonly Buffer[] }): Promise<string>;
  stop(): Promise<void>;
}

export async function startRegistry(): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-registry-'));
  const port = await freePort();
  writeFileSync(join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://${host}/v2/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 100) throw new Error('docker-registry did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const upload = async (repository: string, blob: Buffer): Promise<void> => {
    const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    const location = new URL(start.headers.get('location')!, `http://${host}`);
    location.searchParams.set('digest', sha(blob));
    const put = await fetch(location, { method: 'PUT', body: new Uint8Array(blob), headers: { 'content-type': 'application/octet-stream' } });
    if (put.status !== 201) throw new Error(`blob upload failed: ${put.status} ${await put.text()}`);
  };
  return {
    host,
    async push(repository, tag, image) {
      for (const b of [image.config, ...image.layers]) await upload(repository, b);
      const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(image.config), size: image.config.length },
        layers: image.layers.map((l) => ({ mediaType: isGzip(l) ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar', digest: sha(l), size: l.length })),
      }));
      const res = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, { method: 'PUT', body: new Uint8Array(manifest), headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
      if (res.status !== 201) throw new Error(`manifest push failed: ${res.status} ${await res.text()}`);
      return sha(manifest);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
