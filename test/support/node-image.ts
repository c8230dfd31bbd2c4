// A test image with the host's Node runtime: busybox (a shell for exec), `node` with exactly the shared libraries
// `ldd` lists and the dynamic loader, and /app holding a fixture directory's scripts plus the node_modules closure of
// the packages they import (computed from package-lock.json). Built once per content hash and cached on disk under
// .tmp/cache/images/<hash>/ (gzip layers), so later runs only hash their inputs.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { busyboxLayer, tarArchive, type Entry } from './test-images.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Bump when the layout of the image changes, so cached images built the old way are not reused. */
const builderVersion = 'node-image/1';

export interface NodeImageOptions {
  /** A directory whose files (not subdirectories) go to /app. */
  readonly appDir: string;
  /** Packages the scripts import; they and their dependencies go to /app/node_modules. */
  readonly packages: readonly string[];
  /** Where built images are kept; default `<repo>/.tmp/cache/images`. */
  readonly cacheDir?: string;
}

export interface NodeImage {
  /** The image config (JSON) and its gzip layers, ready for LocalRegistry.push. */
  readonly config: Buffer;
  readonly layers: readonly Buffer[];
  /** The content hash of every input file: the cache key. */
  readonly hash: string;
  /** Whether it came from the cache. */
  readonly cached: boolean;
  /** Time spent in nodeImage(): hashing, and building when not cached. */
  readonly ms: number;
  /** Sizes of the layers compressed (what is pushed and pulled) and uncompressed (the root filesystem). */
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
}

interface FileInput { readonly name: string; readonly source: string; readonly mode: number }

/** The node binary, the libraries ldd lists for it and the loader, at the paths ldd names (contents of their targets). */
export function nodeRuntimeFiles(node = process.execPath): FileInput[] {
  const files: FileInput[] = [{ name: 'usr/bin/node', source: realpathSync(node), mode: 0o755 }];
  for (const line of execFileSync('ldd', [node], { encoding: 'utf8' }).split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or, for the loader, "/lib64/ld-linux-x86-64.so.2 (0x…)".
    const m = /^\s*(?:\S+ => )?(\/\S+) \(0x[0-9a-f]+\)$/.exec(line);
    if (m) files.push({ name: m[1]!.slice(1), source: realpathSync(m[1]!), mode: 0o755 });
    else if (/=> not found/.test(line)) throw new Error(`Cannot build the node image: ldd ${node}: ${line.trim()}`);
  }
  if (!files.some((f) => /ld-linux/.test(f.name))) throw new Error(`Cannot build the node image: ldd ${node} named no dynamic loader`);
  return files;
}

interface LockEntry { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }> }

/**
 * The package-lock paths (`node_modules/a`, `node_modules/a/node_modules/b`) of the packages and everything they
 * depend on, resolved as Node does: the nearest node_modules up from the dependent. Optional dependencies and
 * optional peers that were not installed are skipped; a missing required one throws.
 */
export function dependencyClosure(lock: Record<string, LockEntry>, packages: readonly string[]): string[] {
  const resolveFrom = (from: string, name: string): string | undefined => {
    for (let base = from; ; ) {
      if (lock[`${base}/node_modules/${name}`]) return `${base}/node_modules/${name}`;
      const parent = base.lastIndexOf('/node_modules/');
      if (parent < 0) return lock[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
      base = base.slice(0, parent);
    }
  };
  const seen = new Set<string>();
  const queue = packages.map((p) => {
    const path = `node_modules/${p}`;
    if (!lock[path]) throw new Error(`Cannot build the node image: "${p}" is not in package-lock.json`);
    return path;
  });
  while (queue.length) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const entry = lock[path]!;
    const optional = new Set([...Object.keys(entry.optionalDependencies ?? {}), ...Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n)]);
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const found = resolveFrom(path, name);
      if (found) queue.push(found);
      else if (!optional.has(name)) throw new Error(`Cannot build the node image: "${name}" (needed by ${path}) is not installed`);
    }
  }
  return [...seen].sort();
}

/** Type declarations and source maps are not needed to run. */
const isRuntimeFile = (name: string): boolean => !/\.(d\.[mc]?ts|map)$/.test(name);

/** Every runtime file of the package at `dir` (nested node_modules are packages of their own). */
function packageFiles(dir: string, prefix: string): FileInput[] {
  const out: FileInput[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const source = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...packageFiles(source, `${prefix}/${e.name}`));
    } else if (e.isFile() && isRuntimeFile(e.name)) {
      out.push({ name: `${prefix}/${e.name}`, source, mode: statSync(source).mode & 0o777 });
    }
  }
  return out;
}

/** The /app files: the fixture directory's files and the dependency closure under app/node_modules. */
export function appFiles(appDir: string, packages: readonly string[]): FileInput[] {
  const lock = (JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const files: FileInput[] = readdirSync(appDir, { withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => ({ name: `app/${e.name}`, source: join(appDir, e.name), mode: 0o644 }));
  for (const path of dependencyClosure(lock, packages)) files.push(...packageFiles(join(repo, path), `app/${path}`));
  return files;
}

/** Directory entries for every parent of the files, parents first. */
function withDirectories(files: readonly { name: string }[]): Entry[] {
  const dirs = new Set<string>();
  for (const f of files) for (let d = dirname(f.name); d !== '.'; d = dirname(d)) dirs.add(d);
  return [...dirs].sort().map((d): Entry => ({ name: `${d}/`, type: 'directory' }));
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Builds (or reads from the cache) the image; its command runs `node /app/<script>` given in the pod spec. */
export async function nodeImage(options: NodeImageOptions): Promise<NodeImage> {
  const t0 = Date.now();
  const runtime = nodeRuntimeFiles();
  const app = appFiles(options.appDir, options.packages);
  const contents = new Map<string, Buffer>();
  const key = createHash('sha256').update(builderVersion);
  for (const f of [...runtime, ...app]) {
    const content = readFileSync(f.source);
    contents.set(f.name, content);
    key.update(`${f.name}\0${f.mode}\0${sha256(content)}\n`);
  }
  const hash = key.digest('hex');
  const dir = join(options.cacheDir ?? join(repo, '.tmp', 'cache', 'images'), hash);
  const cached = existsSync(join(dir, 'image.json'));
  if (!cached) {
    const entry = (f: FileInput): Entry => ({ name: f.name, mode: f.mode, content: contents.get(f.name)! });
    const tars = [
      await busyboxLayer(),
      await tarArchive([...withDirectories(runtime), ...runtime.map(entry)]),
      await tarArchive([...withDirectories(app), ...app.map(entry)]),
    ];
    const config = Buffer.from(JSON.stringify({
      architecture: 'amd64', os: 'linux',
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NODE_ENV=production'], WorkingDir: '/app', Cmd: ['node', '--version'] },
      rootfs: { type: 'layers', diff_ids: tars.map((t) => `sha256:${sha256(t)}`) },
    }));
    const tmp = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
    mkdirSync(tmp, { recursive: true });
    const layers = tars.map((t) => gzipSync(t));
    layers.forEach((l, i) => writeFileSync(join(tmp, `layer-${i}.tar.gz`), l));
    writeFileSync(join(tmp, 'config.json'), config);
    writeFileSync(join(tmp, 'image.json'), JSON.stringify({ layers: layers.length, uncompressedBytes: tars.reduce((n, t) => n + t.length, 0) }));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  const meta = JSON.parse(readFileSync(join(dir, 'image.json'), 'utf8')) as { layers: number; uncompressedBytes: number };
  const layers = Array.from({ length: meta.layers }, (_, i) => readFileSync(join(dir, `layer-${i}.tar.gz`)));
  return {
    config: readFileSync(join(dir, 'config.json')), layers, hash, cached, ms: Date.now() - t0,
    compressedBytes: layers.reduce((n, l) => n + l.length, 0), uncompressedBytes: meta.uncompressedBytes,
  };
}
