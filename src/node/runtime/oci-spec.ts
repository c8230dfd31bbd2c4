// The OCI runtime spec (config.json) of one container: pure decisions from the pod, the container and the
// image config. What kubelet + containerd decide upstream: the process line (command/args over the image's
// Entrypoint/Cmd with $(VAR) expansion), the user, the capability set, cgroup resources, the namespaces the
// pod's containers share (network, UTS, IPC) and the mounts.
import { readFileSync } from 'node:fs';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../api/index.js';
import type { ImageConfig } from '../images/store.js';
import { expandVars } from '../kubelet/env.js';

/** containerd's default capability set (what a container gets unless securityContext says otherwise). */
export const defaultCapabilities = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** Every capability of Linux 5.x/6.x, for privileged containers and "ALL". */
export const allCapabilities = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW',
  'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD',
  'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG',
  'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

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

export interface User { uid: number; gid: number; additionalGids: number[] }

/**
 * runAsUser/runAsGroup (container over pod) over the image's User ("uid", "uid:gid", "name", "name:group";
 * names are looked up in the image's /etc/passwd and /etc/group text) and the pod's supplementalGroups/fsGroup.
 */
export function userOf(pod: Pod, container: Container, image: ImageConfig, files: { passwd?: string; group?: string } = {}): User {
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

/** The capabilities of a CapBnd/CapEff mask from /proc/<pid>/status (hex), by bit number. Pure. */
export function capabilitiesInMask(hex: string): string[] {
  const mask = BigInt(`0x${hex}`);
  return allCapabilities.filter((_, bit) => ((mask >> BigInt(bit)) & 1n) === 1n);
}

let bounding: string[] | undefined;
/** What this process may hand on: its bounding set (a node inside a container may lack some, as here CAP_SYS_RESOURCE). */
export function hostCapabilities(): string[] {
  if (!bounding) {
    const hex = /^CapBnd:\s+([0-9a-f]+)$/m.exec(((): string => { try { return readFileSync('/proc/self/status', 'utf8'); } catch { return ''; } })())?.[1];
    bounding = hex ? capabilitiesInMask(hex) : [...allCapabilities];
  }
  return bounding;
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

export interface Resources { memoryLimitBytes?: number; cpuShares: number; cpuQuota?: number; cpuPeriod: number }

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

export interface Mount { destination: string; source: string; type?: string; options?: string[] }

export interface ContainerSpecInput {
  args: string[];
  env: string[];
  cwd: string;
  user: User;
  hostname: string;
  rootfs: string;
  readOnlyRoot: boolean;
  /** Paths of the pod's namespace files (the sandbox): every container of the pod joins them. */
  namespaces: { network: string; uts: string; ipc: string };
  mounts: Mount[];
  cgroupsPath: string;
  resources: Resources;
  capabilities: string[];
  privileged: boolean;
  noNewPrivileges: boolean;
  terminal: boolean;
}

const maskedPaths = ['/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/sys/firmware', '/proc/scsi'];
const readonlyPaths = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** config.json for runc. Memory limits are set by the caller on the parent cgroup (for OOM accounting). */
export function containerSpec(input: ContainerSpecInput): Record<string, unknown> {
  const caps = input.capabilities;
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: input.terminal,
      user: { uid: input.user.uid, gid: input.user.gid, ...(input.user.additionalGids.length ? { additionalGids: input.user.additionalGids } : {}) },
      args: input.args,
      env: input.env,
      cwd: input.cwd,
      capabilities: { bounding: caps, effective: caps, permitted: caps, ...(input.user.uid === 0 ? {} : { ambient: [] }) },
      noNewPrivileges: input.noNewPrivileges,
    },
    root: { path: input.rootfs, readonly: input.readOnlyRoot },
    hostname: input.hostname,
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      ...input.mounts.map((m) => ({ destination: m.destination, type: m.type ?? 'bind', source: m.source, options: m.options ?? ['rbind', 'rprivate'] })),
    ],
    linux: {
      namespaces: [
        { type: 'pid' },
        { type: 'mount' },
        { type: 'network', path: input.namespaces.network },
        { type: 'uts', path: input.namespaces.uts },
        { type: 'ipc', path: input.namespaces.ipc },
      ],
      cgroupsPath: input.cgroupsPath,
      resources: {
        devices: [{ allow: input.privileged, access: 'rwm' }],
        cpu: { shares: input.resources.cpuShares, period: input.resources.cpuPeriod, ...(input.resources.cpuQuota !== undefined ? { quota: input.resources.cpuQuota } : {}) },
      },
      ...(input.privileged ? {} : { maskedPaths, readonlyPaths }),
    },
  };
}

/** Bind-mount options for a volume or a pod file. */
export function bindOptions(readOnly: boolean): string[] {
  return readOnly ? ['rbind', 'rprivate', 'ro'] : ['rbind', 'rprivate'];
}
