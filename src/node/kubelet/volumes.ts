// A pod's volumes on this node, as directories and files the containers bind-mount: emptyDir (a directory in
// the pod's sandbox, or a tmpfs for medium Memory), hostPath (with its type checks), persistentVolumeClaim
// (the bound PV's local or hostPath directory), configMap, secret, downwardAPI and projected files.
import { existsSync, promises as fs, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Volume } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../api/index.js';
import type { CommandRunner } from '../runtime/exec.js';
import { InvalidPathError, writeAtomic, type ProjectedFile } from './atomic-writer.js';

/** The error kubelet reports as a FailedMount event; the pod stays ContainerCreating and is retried. */
export class MountError extends Error {
  override name = 'FailedMount';
}

export interface VolumeSources {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  /** A token for the service account, bound to the pod (TokenRequest); throws when it cannot be had. */
  token(pod: Pod, serviceAccount: string, audiences: string[], expirationSeconds: number): Promise<string>;
}

export interface PreparedVolume { path: string; readOnly: boolean }

/** hostPath type checks (upstream's messages). */
export async function checkHostPath(path: string, type: string | undefined): Promise<void> {
  const st = statSync(path, { throwIfNoEntry: false });
  switch (type ?? '') {
    case '': return;
    case 'DirectoryOrCreate': if (!st) await fs.mkdir(path, { recursive: true, mode: 0o755 }); else if (!st.isDirectory()) throw new MountError(`hostPath type check failed: ${path} is not a directory`); return;
    case 'Directory': if (!st?.isDirectory()) throw new MountError(`hostPath type check failed: ${path} is not a directory`); return;
    case 'FileOrCreate': if (!st) { await fs.mkdir(dirname(path), { recursive: true }); await fs.writeFile(path, '', { mode: 0o644 }); } else if (!st.isFile()) throw new MountError(`hostPath type check failed: ${path} is not a file`); return;
    case 'File': if (!st?.isFile()) throw new MountError(`hostPath type check failed: ${path} is not a file`); return;
    case 'Socket': if (!st?.isSocket()) throw new MountError(`hostPath type check failed: ${path} is not a socket file`); return;
    case 'CharDevice': if (!st?.isCharacterDevice()) throw new MountError(`hostPath type check failed: ${path} is not a character device`); return;
    case 'BlockDevice': if (!st?.isBlockDevice()) throw new MountError(`hostPath type check failed: ${path} is not a block device`); return;
    default: throw new MountError(`hostPath type check failed: unknown type ${type}`);
  }
}

/** The files a configMap/secret volume (or projection) holds: every key, or just the listed items. */
export function keyFiles(data: Record<string, Buffer>, items: readonly KeyToPath[] | undefined, defaultMode: number, what: string, optional: boolean): { path: string; content: Buffer; mode: number }[] {
  if (!items?.length) return Object.entries(data).map(([k, v]) => ({ path: k, content: v, mode: defaultMode }));
  const out: { path: string; content: Buffer; mode: number }[] = [];
  for (const item of items) {
    const content = data[item.key];
    if (content === undefined) {
      if (optional) continue;
      throw new MountError(`configuration of ${what}: key "${item.key}" not found`);
    }
    out.push({ path: item.path, content, mode: item.mode ?? defaultMode });
  }
  return out;
}

/** downwardAPI items as files. */
function downwardFiles(pod: Pod, items: readonly DownwardAPIVolumeFile[] | undefined, mode: number): ProjectedFile[] {
  return (items ?? []).map((i) => ({ path: i.path, content: Buffer.from(downwardValue(pod, i.fieldRef?.fieldPath)), mode: i.mode ?? mode }));
}

const textData = (d: Record<string, string> | undefined): Record<string, Buffer> => Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
const binaryData = (d: Record<string, string> | undefined): Record<string, Buffer> => Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));

async function writeFiles(dir: string, files: ProjectedFile[]): Promise<boolean> {
  try {
    return await writeAtomic(dir, files);
  } catch (e: unknown) {
    if (e instanceof InvalidPathError) throw new MountError(e.message);
    throw e;
  }
}

/** Upstream's per-plugin directories under a pod's volumes (/var/lib/kubelet/pods/<uid>/volumes/...). */
const pluginDir = {
  emptyDir: 'kubernetes.io~empty-dir', configMap: 'kubernetes.io~configmap', secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api', projected: 'kubernetes.io~projected',
} as const;

/** A projected service account token as fetched, reused until 80% of its lifetime has passed (upstream's token manager). */
interface CachedToken { token: string; refreshAtMs: number }

export class PodVolumes {
  readonly #dir: string;
  readonly #sources: VolumeSources;
  readonly #run: CommandRunner;
  readonly #nowMs: () => number;
  readonly #tokens = new Map<string, CachedToken>();
  constructor(options: { sandboxDir: string; sources: VolumeSources; run: CommandRunner; nowMs: () => number }) {
    this.#dir = join(options.sandboxDir, 'volumes');
    this.#sources = options.sources;
    this.#run = options.run;
    this.#nowMs = options.nowMs;
  }

  /** When the first projected token is due for renewal (undefined: the pod projects none). */
  get nextTokenRefreshMs(): number | undefined {
    let next: number | undefined;
    for (const t of this.#tokens.values()) if (next === undefined || t.refreshAtMs < next) next = t.refreshAtMs;
    return next;
  }

  /** The token for a projection: the cached one while fresh, else a new TokenRequest. */
  async #token(pod: Pod, key: string, serviceAccount: string, audiences: string[], expirationSeconds: number): Promise<string> {
    const cached = this.#tokens.get(key);
    const now = this.#nowMs();
    if (cached && now < cached.refreshAtMs) return cached.token;
    const token = await this.#sources.token(pod, serviceAccount, audiences, expirationSeconds);
    // Renewed at 80% of its lifetime, and at least daily (upstream's kubelet).
    this.#tokens.set(key, { token, refreshAtMs: now + Math.min(expirationSeconds * 800, 24 * 3600_000) });
    return token;
  }

  /** Makes every volume of the pod ready; returns each one's host path by volume name. */
  async prepare(pod: Pod): Promise<Map<string, PreparedVolume>> {
    const out = new Map<string, PreparedVolume>();
    for (const v of pod.spec?.volumes ?? []) out.set(v.name, await this.#prepare(pod, v));
    return out;
  }

  async #prepare(pod: Pod, v: Volume): Promise<PreparedVolume> {
    const ns = pod.metadata?.namespace ?? 'default';
    if (v.emptyDir) {
      const path = join(this.#dir, pluginDir.emptyDir, v.name);
      if (!existsSync(path)) {
        await fs.mkdir(path, { recursive: true, mode: 0o777 });
        await fs.chmod(path, 0o777);
        if (v.emptyDir.medium === 'Memory') {
          const size = v.emptyDir.sizeLimit !== undefined ? `,size=${parseQuantity(v.emptyDir.sizeLimit).integerValue()}` : '';
          await this.#run('mount', ['-t', 'tmpfs', '-o', `mode=1777${size}`, 'tmpfs', path]);
        }
      }
      return { path, readOnly: false };
    }
    if (v.hostPath) {
      await checkHostPath(v.hostPath.path, v.hostPath.type);
      return { path: v.hostPath.path, readOnly: false };
    }
    if (v.persistentVolumeClaim) {
      const claimName = v.persistentVolumeClaim.claimName;
      const claim = this.#sources.claim(ns, claimName);
      if (!claim) throw new MountError(`persistentvolumeclaim "${claimName}" not found`);
      if (claim.status?.phase !== 'Bound' || !claim.spec?.volumeName) throw new MountError(`persistentvolumeclaim "${claimName}" is not bound`);
      const pv = this.#sources.volume(claim.spec.volumeName);
      if (!pv) throw new MountError(`persistentvolume "${claim.spec.volumeName}" not found`);
      const path = pv.spec?.local?.path ?? pv.spec?.hostPath?.path;
      if (!path) throw new MountError(`persistentvolume "${claim.spec.volumeName}": only local and hostPath volumes can be mounted on this node`);
      if (pv.spec?.hostPath) await checkHostPath(path, pv.spec.hostPath.type);
      else if (!existsSync(path)) throw new MountError(`path "${path}" does not exist`);
      return { path, readOnly: v.persistentVolumeClaim.readOnly ?? false };
    }
    const files = await this.#filesOf(pod, v);
    if (files) {
      const filesDir = this.#filesDir(v);
      await writeFiles(filesDir, files);
      return { path: filesDir, readOnly: true };
    }
    const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
    throw new MountError(`volume "${v.name}": ${kind} volumes are not supported on this node`);
  }

  #filesDir(v: Volume): string {
    const plugin = v.configMap ? pluginDir.configMap : v.secret ? pluginDir.secret : v.downwardAPI ? pluginDir.downwardAPI : pluginDir.projected;
    return join(this.#dir, plugin, v.name);
  }

  /**
   * The files of a configMap, secret, downwardAPI or projected volume as they should be now (undefined for
   * other kinds). A missing optional source gives no files; a missing required one is a MountError.
   */
  async #filesOf(pod: Pod, v: Volume): Promise<ProjectedFile[] | undefined> {
    const ns = pod.metadata?.namespace ?? 'default';
    if (v.configMap) return this.#configMapFiles(ns, v.configMap, v.configMap.defaultMode ?? 0o644);
    if (v.secret) return this.#secretFiles(ns, { ...v.secret, name: v.secret.secretName }, v.secret.defaultMode ?? 0o644);
    if (v.downwardAPI) return downwardFiles(pod, v.downwardAPI.items, v.downwardAPI.defaultMode ?? 0o644);
    if (v.projected) {
      const files: ProjectedFile[] = [];
      const mode = v.projected.defaultMode ?? 0o644;
      for (const src of v.projected.sources ?? []) {
        if (src.configMap) files.push(...this.#configMapFiles(ns, src.configMap, mode));
        else if (src.secret) files.push(...this.#secretFiles(ns, src.secret, mode));
        else if (src.downwardAPI) files.push(...downwardFiles(pod, src.downwardAPI.items, mode));
        else if (src.serviceAccountToken) {
          const t = src.serviceAccountToken;
          const sa = pod.spec?.serviceAccountName ?? pod.spec?.serviceAccount ?? 'default';
          let token: string;
          try {
            token = await this.#token(pod, `${v.name}/${t.path}`, sa, t.audience ? [t.audience] : [], t.expirationSeconds ?? 3600);
          } catch (e: unknown) {
            throw new MountError(`failed to fetch token: ${(e as Error).message}`);
          }
          files.push({ path: t.path, content: Buffer.from(token), mode });
        } else {
          throw new MountError(`projected volume "${v.name}": clusterTrustBundle sources are not supported on this node`);
        }
      }
      return files;
    }
    return undefined;
  }

  /** A ConfigMap's keys as files (a volume's or a projection's); a missing optional ConfigMap gives none. */
  #configMapFiles(ns: string, ref: { name?: string; items?: KeyToPath[]; optional?: boolean }, mode: number): ProjectedFile[] {
    const cm = this.#sources.configMap(ns, ref.name ?? '');
    if (!cm) {
      if (!ref.optional) throw new MountError(`configmap "${ref.name}" not found`);
      return [];
    }
    return keyFiles({ ...textData(cm.data), ...binaryData(cm.binaryData) }, ref.items, mode, `configmap ${ns}/${ref.name}`, ref.optional ?? false);
  }

  /** A Secret's keys as files (a volume's or a projection's); a missing optional Secret gives none. */
  #secretFiles(ns: string, ref: { name?: string | undefined; items?: KeyToPath[]; optional?: boolean }, mode: number): ProjectedFile[] {
    const s = this.#sources.secret(ns, ref.name ?? '');
    if (!s) {
      if (!ref.optional) throw new MountError(`secret "${ref.name}" not found`);
      return [];
    }
    return keyFiles({ ...binaryData(s.data), ...textData(s.stringData) }, ref.items, mode, `secret ${ns}/${ref.name}`, ref.optional ?? false);
  }

  /**
   * Rewrites the pod's configMap, secret, downwardAPI and projected volumes from the current objects (the
   * kubelet's resync: a changed ConfigMap shows up in running containers). Returns the names that changed.
   */
  async refresh(pod: Pod): Promise<string[]> {
    const changed: string[] = [];
    for (const v of pod.spec?.volumes ?? []) {
      let files: ProjectedFile[] | undefined;
      try {
        files = await this.#filesOf(pod, v);
      } catch {
        continue; // a source that went away: keep the last files, as the kubelet does
      }
      if (files && await writeFiles(this.#filesDir(v), files)) changed.push(v.name);
    }
    return changed;
  }

  /** Unmounts tmpfs emptyDirs and removes the pod's volume directories (PV and hostPath data stay). */
  async teardown(): Promise<void> {
    const emptyDirs = join(this.#dir, pluginDir.emptyDir);
    for (const name of await fs.readdir(emptyDirs).catch(() => [] as string[])) await this.#run('umount', [join(emptyDirs, name)]).catch(() => undefined);
    await fs.rm(this.#dir, { recursive: true, force: true });
  }
}

function downwardValue(pod: Pod, path: string | undefined): string {
  const m = /^metadata\.(labels|annotations)(?:\['(.+)'\])?$/.exec(path ?? '');
  if (m) {
    const map = (m[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations) ?? {};
    if (m[2] !== undefined) return map[m[2]] ?? '';
    return Object.keys(map).sort().map((k) => `${k}=${JSON.stringify(map[k])}`).join('\n');
  }
  switch (path) {
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    default: throw new MountError(`unsupported downwardAPI fieldPath "${path}"`);
  }
}
