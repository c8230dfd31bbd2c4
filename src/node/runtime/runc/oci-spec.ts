// The OCI runtime spec (config.json) runc runs one container from: the runtime's plain ContainerConfig plus what
// this runtime decides itself (the rootfs it mounted, the cgroup, the sandbox's namespace files). Pure.
import type { ContainerConfig, Sandbox } from '../container-runtime.js';

const maskedPaths = ['/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/sys/firmware', '/proc/scsi'];
const readonlyPaths = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** config.json for runc. Memory limits are set by the caller on the parent cgroup (for OOM accounting). */
export function containerSpec(config: ContainerConfig, host: { rootfs: string; cgroupsPath: string; namespaces: Sandbox['namespaces'] }): Record<string, unknown> {
  const input = { ...config, ...host };
  const caps = input.capabilities;
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: input.tty,
      user: { uid: input.user.uid, gid: input.user.gid, ...(input.user.additionalGids.length ? { additionalGids: input.user.additionalGids } : {}) },
      args: input.args,
      env: input.env,
      cwd: input.workingDir,
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
      ...input.mounts.map((m) => ({ destination: m.containerPath, type: 'bind', source: m.hostPath, options: m.readOnly ? ['rbind', 'rprivate', 'ro'] : ['rbind', 'rprivate'] })),
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
