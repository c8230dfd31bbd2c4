// Images the tests build themselves (public images cannot be pulled here): Debian's busybox-static with
// every applet linked in /bin, and an "nginx-like" image whose command is busybox httpd serving
// /usr/share/nginx/html on port 80.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { pack } from 'tar-stream';
import type { LocalRegistry } from './local-registry.js';

export const busyboxAvailable = (): boolean => existsSync('/bin/busybox');

export interface Entry { name: string; type?: 'directory' | 'symlink' | 'file'; mode?: number; linkname?: string; content?: Buffer | string }

/** A tar archive of the entries (files, directories, symlinks). */
export async function tarArchive(entries: readonly Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const e of entries) {
    if (e.type === 'directory') p.entry({ name: e.name, type: 'directory', mode: e.mode ?? 0o755 });
    else if (e.type === 'symlink') p.entry({ name: e.name, type: 'symlink', linkname: e.linkname! });
    else p.entry({ name: e.name, mode: e.mode ?? 0o644 }, typeof e.content === 'string' ? Buffer.from(e.content) : e.content!);
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** The base layer: /bin/busybox, a link per applet, /etc/passwd and /etc/group, /tmp. */
export async function busyboxLayer(): Promise<Buffer> {
  const applets = execFileSync('/bin/busybox', ['--list']).toString().split('\n').filter((a) => a && a !== 'busybox');
  return tarArchive([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/busybox', mode: 0o755, content: readFileSync('/bin/busybox') },
    ...applets.map((a): Entry => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { name: 'etc/', type: 'directory' },
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
    { name: 'etc/group', content: 'root:x:0:\nnogroup:x:65534:\n' },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'root/', type: 'directory', mode: 0o700 },
  ]);
}

/** httpd in the foreground that, like nginx, exits on SIGTERM (a shell as PID 1 would ignore it otherwise). */
const nginxLike = 'httpd -f -p 80 -h /usr/share/nginx/html & pid=$!; trap "kill $pid; exit 0" TERM; wait $pid';

export interface TestImages { busybox: string; nginx: string; hpaExample: string }

/**
 * seed 003's php-apache (registry.k8s.io/hpa-example), rebuilt: busybox httpd on port 80 whose index is a CGI
 * script that spins the CPU for a while on every request and answers "OK!".
 */
const spinCgi = '#!/bin/sh\necho "Content-Type: text/plain"\necho\ni=0\nwhile [ $i -lt 30000 ]; do i=$((i+1)); done\necho "OK!"\n';
const hpaExampleCmd = 'httpd -f -p 80 -h /var/www & pid=$!; trap "kill $pid; exit 0" TERM; wait $pid';

/** Pushes `test/busybox:1.36` and `test/nginx:1.25` to the registry; returns their references. */
export async function pushTestImages(registry: LocalRegistry): Promise<TestImages> {
  const base = await busyboxLayer();
  const config = (layers: Buffer[], cfg: object): Buffer => Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ...cfg }, rootfs: { type: 'layers', diff_ids: layers.map(sha) } }));
  await registry.push('test/busybox', '1.36', { config: config([base], { Cmd: ['sh'] }), layers: [base] });
  const site = await tarArchive([
    { name: 'usr/', type: 'directory' }, { name: 'usr/share/', type: 'directory' }, { name: 'usr/share/nginx/', type: 'directory' },
    { name: 'usr/share/nginx/html/', type: 'directory' },
    { name: 'usr/share/nginx/html/index.html', content: 'Welcome to nginx!\n' },
  ]);
  await registry.push('test/nginx', '1.25', { config: config([base, site], { Cmd: ['sh', '-c', nginxLike], ExposedPorts: { '80/tcp': {} } }), layers: [base, site] });
  const burner = await tarArchive([
    { name: 'var/', type: 'directory' }, { name: 'var/www/', type: 'directory' }, { name: 'var/www/cgi-bin/', type: 'directory' },
    { name: 'var/www/cgi-bin/index.cgi', mode: 0o755, content: spinCgi },
  ]);
  await registry.push('test/hpa-example', 'latest', { config: config([base, burner], { Cmd: ['sh', '-c', hpaExampleCmd], ExposedPorts: { '80/tcp': {} } }), layers: [base, burner] });
  return { busybox: `${registry.host}/test/busybox:1.36`, nginx: `${registry.host}/test/nginx:1.25`, hpaExample: `${registry.host}/test/hpa-example:latest` };
}

/** A `docker save` archive of one image: its layers (tar bytes), a config, the repo tag. */
export async function dockerSaveArchive(tag: string, layers: readonly Buffer[], config: object): Promise<Buffer> {
  const configText = JSON.stringify({ architecture: 'amd64', os: 'linux', ...config, rootfs: { type: 'layers', diff_ids: layers.map(sha) } });
  return tarArchive([
    ...layers.map((l, i): Entry => ({ name: `l${i}/layer.tar`, content: l })),
    { name: 'config.json', content: configText },
    { name: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', RepoTags: [tag], Layers: layers.map((_, i) => `l${i}/layer.tar`) }]) },
  ]);
}
