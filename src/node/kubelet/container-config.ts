// The Pod-to-container translation (kubelet's generateContainerConfig): a pod, one of its containers, its image
// and what the worker resolved (env, volumes, pod files) become the runtime's plain ContainerConfig. Pure:
// the process line, the user, capabilities, cgroup resources and the mounts, as kubelet + containerd decide them.
import { join } from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../api/index.js';
import type { ImageConfig } from '../images/store.js';
import type { ContainerConfig, Mount, Resources, User } from '../runtime/container-runtime.js';
import type { LogRotation } from '../runtime/log-rotation.js';
import { allCapabilities, defaultCapabilities } from './capabilities.js';
import { ContainerConfigError, expandVars } from './env.js';
import { podHostname } from './pod-files.js';

/** CreateContainerError: the container cannot be made from its spec and image as they are. */
export class SpecError extends Error {
  override name = 'CreateContainerError';
}

/** The process line: command replaces the image Entrypoint (and drops Cmd); args replaces Cmd. */
export function processArgs(container: Container, image: ImageConfig, vars: ReadonlyMap<string, string>): string[] {
  const expand = (list: readonly string[]): string[] => list.map((s) => expandVars(s, vars));
  const entrypoint = container.command ? expand(container.command) : (image.config?.Entrypoint ?? []);
  const args = container.args ? expand(container.args) : container.command ? [] : (image.config?.Cmd ?? []);
  const line = [...entrypoint, ...args];
  if (line.length === 0) throw new SpecError('no command specified');
  return line;
}

/** The image's Env, then the container's (later names win, as upstream). */
export function mergeEnv(image: ImageConfig, env: readonly { name: string; value: string }[]): string[] {
  const merged = new Map<string, string>();
  for (const line of image.config?.Env ?? []) {
    const eq = line.indexOf('=');
    if (eq > 0) merged.set(line.slice(0, eq), line.slice(eq + 1));
  }
  if (!merged.has('PATH')) merged.set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  for (const { name, value } of env) merged.set(name, value);
  return [...merged].map(([k, v]) => `${k}=${v}`);
}

/** The image's /etc/passwd and /etc/group text, for user and group names. */
export interface ImageFiles { passwd?: string; group?: string }

/**
 * runAsUser/runAsGroup (container over pod) over the image's User ("uid", "uid:gid", "name", "name:group";
 * names are looked up in the image's /etc/passwd and /etc/group text) and the pod's supplementalGroups/fsGroup.
 */
export function userOf(pod: Pod, container: Container, image: ImageConfig, files: ImageFiles = {}): User {
  const sc = container.securityContext;
  const psc = pod.spec?.securityContext;
  const [imageUser = '', imageGroup] = (image.config?.User ?? '').split(':', 2);
  const lookup = (text: string | undefined, name: string, field: number): number | undefined => {
    for (const line of (text ?? '').split('\n')) {
      const parts = line.split(':');
      if (parts[0] === name && parts[field] !== undefined && /^\d+$/.test(parts[field]!)) return Number(parts[field]);
    }
    return undefined;
  };
  let uid = 0;
  let gid: number | undefined;
  if (imageUser !== '') {
    if (/^\d+$/.test(imageUser)) uid = Number(imageUser);
    else {
      const found = lookup(files.passwd, imageUser, 2);
      if (found === undefined) throw new SpecError(`unable to find user ${imageUser}: no matching entries in passwd file`);
      uid = found;
      gid = lookup(files.passwd, imageUser, 3);
    }
  }
  if (imageGroup !== undefined && imageGroup !== '') {
    gid = /^\d+$/.test(imageGroup) ? Number(imageGroup) : lookup(files.group, imageGroup, 2);
    if (gid === undefined) throw new SpecError(`unable to find group ${imageGroup}: no matching entries in group file`);
  }
  const runAsUser = sc?.runAsUser ?? psc?.runAsUser;
  if (runAsUser !== undefined) { uid = runAsUser; if (imageGroup === undefined || imageGroup === '') gid = undefined; }
  if (gid === undefined && runAsUser === undefined && imageUser !== '' && !/^\d+$/.test(imageUser)) gid = lookup(files.passwd, imageUser, 3);
  const runAsGroup = sc?.runAsGroup ?? psc?.runAsGroup;
  const finalGid = runAsGroup ?? gid ?? 0;
  const extra = [...(psc?.supplementalGroups ?? []), ...(psc?.fsGroup !== undefined ? [psc.fsGroup] : [])].filter((g) => g !== finalGid);
  return { uid, gid: finalGid, additionalGids: [...new Set(extra)] };
}

/**
 * securityContext.capabilities over the default set. Privileged (and add: ALL) get every capability the
 * runtime itself holds (containerd's WithAllCurrentCapabilities). Names take the CAP_ prefix.
 */
export function capabilitiesOf(container: Container, available: readonly string[] = allCapabilities): string[] {
  const sc = container.securityContext;
  if (sc?.privileged) return [...available];
  const norm = (c: string): string => (c.toUpperCase().startsWith('CAP_') ? c.toUpperCase() : `CAP_${c.toUpperCase()}`);
  const add = (sc?.capabilities?.add ?? []).map(norm);
  const drop = (sc?.capabilities?.drop ?? []).map(norm);
  let caps = add.includes('CAP_ALL') ? [...available] : [...defaultCapabilities, ...add];
  if (drop.includes('CAP_ALL')) caps = add.filter((c) => c !== 'CAP_ALL');
  else caps = caps.filter((c) => !drop.includes(c));
  for (const c of caps) if (c !== 'CAP_ALL' && !allCapabilities.includes(c)) throw new SpecError(`unknown capability "${c}"`);
  return [...new Set(caps)];
}

/** Upstream's cgroup mapping: cpu request → shares (1024 per core, at least 2), cpu limit → CFS quota over 100 ms. */
export function resourcesOf(container: Container): Resources {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const cpuPeriod = 100_000;
  const cpuRequest = requests.cpu ?? limits.cpu;
  const milli = cpuRequest !== undefined ? Number(parseQuantity(cpuRequest).milliValue()) : 0;
  const cpuShares = Math.max(2, Math.floor((milli * 1024) / 1000));
  const out: Resources = { cpuShares, cpuPeriod };
  if (limits.cpu !== undefined) out.cpuQuota = Math.max(1000, Math.floor((Number(parseQuantity(limits.cpu).milliValue()) * cpuPeriod) / 1000));
  if (limits.memory !== undefined) out.memoryLimitBytes = Number(parseQuantity(limits.memory).integerValue());
  return out;
}

/** The pod's files every container gets unless a volume mount claims the path: under the pod directory. */
const podFiles = [['hosts', '/etc/hosts'], ['resolv.conf', '/etc/resolv.conf'], ['hostname', '/etc/hostname']] as const;

/**
 * The container's mounts: the pod's hosts/resolv.conf/hostname files, its termination-log file, then its volume
 * mounts (subPath under the volume). `directories` are the subPath sources to make when missing (a subPath may also name a file). Throws
 * ContainerConfigError for a mount of a volume the pod does not have.
 */
export function containerMounts(container: Container, options: { podDir: string; terminationFile: string; volumes: ReadonlyMap<string, { path: string; readOnly: boolean }> }): { mounts: Mount[]; directories: string[] } {
  const claimed = new Set((container.volumeMounts ?? []).map((m) => m.mountPath));
  const mounts: Mount[] = podFiles.filter(([, path]) => !claimed.has(path)).map(([file, path]) => ({ containerPath: path, hostPath: join(options.podDir, file), readOnly: false }));
  mounts.push({ containerPath: container.terminationMessagePath ?? '/dev/termination-log', hostPath: options.terminationFile, readOnly: false });
  const directories: string[] = [];
  for (const m of container.volumeMounts ?? []) {
    const v = options.volumes.get(m.name);
    if (!v) throw new ContainerConfigError(`volume "${m.name}" not found in the pod's volumes`);
    const hostPath = m.subPath ? join(v.path, m.subPath) : v.path;
    if (m.subPath) directories.push(hostPath);
    mounts.push({ containerPath: m.mountPath, hostPath, readOnly: m.readOnly ?? v.readOnly });
  }
  return { mounts, directories };
}

export interface ContainerConfigInput {
  pod: Pod;
  container: Container;
  /** The container's key in the pod ("web", "init/setup"). */
  key: string;
  attempt: number;
  image: { root: string; config: ImageConfig; files: ImageFiles };
  /** The container's resolved environment (resolveEnv), in order. */
  env: readonly { name: string; value: string }[];
  mounts: Mount[];
  /** The capabilities the node may hand on (hostCapabilities()). */
  available: readonly string[];
  logPath: string;
  /** The node's container log rotation (--container-log-max-size/-files); absent: none. */
  logRotation?: LogRotation | undefined;
}

/** The runtime's config of one container. Throws SpecError for what cannot run (no command, unknown user). */
export function containerConfig(input: ContainerConfigInput): ContainerConfig {
  const { pod, container, image } = input;
  const vars = new Map(input.env.map((e) => [e.name, e.value]));
  const hostname = podHostname(pod);
  return {
    podUid: pod.metadata?.uid ?? '', name: input.key, attempt: input.attempt, imageRoot: image.root,
    args: processArgs(container, image.config, vars),
    env: mergeEnv(image.config, [{ name: 'HOSTNAME', value: hostname }, ...input.env]),
    workingDir: container.workingDir ?? image.config.config?.WorkingDir ?? '/',
    user: userOf(pod, container, image.config, image.files),
    hostname,
    readOnlyRoot: container.securityContext?.readOnlyRootFilesystem ?? false,
    privileged: container.securityContext?.privileged ?? false,
    noNewPrivileges: container.securityContext?.allowPrivilegeEscalation === false,
    capabilities: capabilitiesOf(container, input.available),
    resources: resourcesOf(container),
    mounts: input.mounts,
    tty: container.tty ?? false,
    stdin: container.stdin ?? false,
    stdinOnce: (container.stdin ?? false) && (container.stdinOnce ?? false),
    logPath: input.logPath,
    ...(input.logRotation ? { logRotation: { ...input.logRotation } } : {}),
  };
}
