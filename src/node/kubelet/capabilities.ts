// Container capabilities as containerd gives them: the default set, securityContext add/drop over it, and
// privileged (or add: ALL) meaning every capability this node's processes may hand on (their bounding set).
import { readFileSync } from 'node:fs';

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
