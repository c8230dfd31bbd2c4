// What every kubelet (real or simulated) reports about its node: the version, architecture and healthy
// conditions (pure), the real machine's Node object, registration (create, or bring back the status of a
// node that exists) and the node Lease in kube-node-lease.
import { readFileSync, statfsSync } from 'node:fs';
import { cpus, hostname, networkInterfaces, release, totalmem } from 'node:os';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { isAlreadyExists, isConflict, lookupResource } from '../api/index.js';
import type { ControllerContext } from '../client/index.js';
import { rfc3339Micro } from '../util/index.js';

const nodeResource = lookupResource('', 'v1', 'nodes')!;
const leaseResource = lookupResource('coordination.k8s.io', 'v1', 'leases')!;
export const leaseDurationSeconds = 40;

export const kubeletVersion = 'v1.32.4';

/** Go's GOARCH for this machine (what kubelet reports and kubernetes.io/arch carries). */
export function goArch(arch: string = process.arch): string {
  return ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[arch] ?? arch;
}


/** The healthy conditions kubelet reports, with upstream reasons and messages. */
export function healthyConditions(now: string): NodeCondition[] {
  return nodeConditions(now, { memory: false, disk: false, pid: false });
}

/** kubelet's default hard eviction thresholds (Linux), which set the pressure conditions. */
export const hardEvictionThresholds = { memoryAvailableBytes: 100 * 1024 * 1024, nodefsAvailable: 0.10, nodefsInodesFree: 0.05, imagefsAvailable: 0.15 } as const;
/** How long a pressure condition stays True after the signal went back under its threshold (--eviction-pressure-transition-period). */
export const pressureTransitionMs = 5 * 60_000;

export interface EvictionSignals {
  memoryAvailableBytes: number; nodefsAvailable: number; nodefsInodesFree: number;
  /** The data dir's filesystem in bytes (capacity and available to unprivileged users). */
  nodefsCapacityBytes: number; nodefsAvailableBytes: number;
}

/**
 * The eviction signals of this machine: MemAvailable from /proc/meminfo (upstream subtracts the root cgroup's
 * working set from capacity: close to it), and the free share of blocks and inodes of the filesystem holding
 * the data dir (nodefs; images live there too, so it is the imagefs as well).
 */
export function observeSignals(dataDir: string): EvictionSignals {
  const kb = Number(/^MemAvailable:\s+(\d+) kB$/m.exec(readText('/proc/meminfo'))?.[1] ?? NaN);
  let fsStats = { bavail: 1, blocks: 1, ffree: 1, files: 1, bsize: 0 };
  try { fsStats = statfsSync(dataDir); } catch { /* no data dir yet: no pressure */ }
  return {
    memoryAvailableBytes: Number.isFinite(kb) ? kb * 1024 : Infinity,
    nodefsAvailable: fsStats.blocks > 0 ? fsStats.bavail / fsStats.blocks : 1,
    nodefsInodesFree: fsStats.files > 0 ? fsStats.ffree / fsStats.files : 1,
    nodefsCapacityBytes: fsStats.blocks * fsStats.bsize, nodefsAvailableBytes: fsStats.bavail * fsStats.bsize,
  };
}

/** Which pressures the signals show now, against kubelet's default hard thresholds. Pure. */
export function pressureOf(signals: Pick<EvictionSignals, 'memoryAvailableBytes' | 'nodefsAvailable' | 'nodefsInodesFree'>): { memory: boolean; disk: boolean } {
  const t = hardEvictionThresholds;
  return {
    memory: signals.memoryAvailableBytes < t.memoryAvailableBytes,
    disk: signals.nodefsAvailable < Math.max(t.nodefsAvailable, t.imagefsAvailable) || signals.nodefsInodesFree < t.nodefsInodesFree,
  };
}

/**
 * The kubelet's node conditions for the pressures observed (each True until pressureTransitionMs after it was
 * last seen), keeping each condition's lastTransitionTime while its status holds.
 */
export function nodeConditions(now: string, pressure: { memory: boolean; disk: boolean; pid: boolean }, previous: readonly NodeCondition[] = []): NodeCondition[] {
  const c = (type: string, on: boolean, yes: [string, string], no: [string, string]): NodeCondition => {
    const status = on ? 'True' : 'False';
    const prev = previous.find((p) => p.type === type);
    const [reason, message] = on ? yes : no;
    return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: prev?.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now };
  };
  return [
    c('MemoryPressure', pressure.memory, ['KubeletHasInsufficientMemory', 'kubelet has insufficient memory available'], ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available']),
    c('DiskPressure', pressure.disk, ['KubeletHasDiskPressure', 'kubelet has disk pressure'], ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure']),
    c('PIDPressure', pressure.pid, ['KubeletHasInsufficientPID', 'kubelet has insufficient PID available'], ['KubeletHasSufficientPID', 'kubelet has sufficient PID available']),
    c('Ready', true, ['KubeletReady', 'kubelet is posting ready status'], ['', '']),
  ];
}

const readText = (path: string): string => { try { return readFileSync(path, 'utf8').trim(); } catch { return ''; } };

/** The machine's first non-loopback IPv4 address (the node's InternalIP), or 127.0.0.1. */
/**
 * This machine's address, as upstream's ChooseHostInterface picks it: the IPv4 address of the interface that holds
 * the default route, else the first one of any interface but loopback (addresses added to `lo` do not count).
 */
export function primaryAddress(): string {
  const interfaces = networkInterfaces();
  const v4 = (name: string): string | undefined => (name === 'lo' ? undefined : interfaces[name]?.find((a) => a.family === 'IPv4' && !a.internal)?.address);
  const routed = ((): string | undefined => {
    try {
      // /proc/net/route: Iface, Destination (hex); 00000000 is the default route.
      return readFileSync('/proc/net/route', 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/)).find((f) => f[1] === '00000000')?.[0];
    } catch {
      return undefined;
    }
  })();
  const viaDefault = routed ? v4(routed) : undefined;
  if (viaDefault) return viaDefault;
  for (const name of Object.keys(interfaces)) {
    const a = v4(name);
    if (a) return a;
  }
  return '127.0.0.1';
}

export interface MachineInfo { cpu: string; memory: string; ephemeralStorage: string; address: string; osImage: string; kernelVersion: string; machineID: string; bootID: string }

export function machineInfo(dataDir: string): MachineInfo {
  const fs = ((): { bsize: number; blocks: number } => { try { return statfsSync(dataDir); } catch { return { bsize: 0, blocks: 0 }; } })();
  const osRelease = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readText('/etc/os-release'))?.[1] ?? 'Linux';
  return {
    cpu: String(cpus().length), memory: `${Math.floor(totalmem() / 1024)}Ki`, ephemeralStorage: `${Math.floor((fs.bsize * fs.blocks) / 1024)}Ki`,
    address: primaryAddress(), osImage: osRelease, kernelVersion: release(),
    machineID: readText('/etc/machine-id'), bootID: readText('/proc/sys/kernel/random/boot_id'),
  };
}

/** The Node a real machine registers: capacity from the machine (110 pods, as kubelet), allocatable the same. */
export function machineNode(name: string, info: MachineInfo, options: { now: string; runtimeVersion: string; kubeletPort?: number }): Node & { metadata: { name: string } } {
  const resources = { cpu: info.cpu, memory: info.memory, pods: '110', 'ephemeral-storage': info.ephemeralStorage };
  const arch = goArch();
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': arch, 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': arch },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: {},
    status: {
      capacity: { ...resources }, allocatable: { ...resources },
      addresses: [{ type: 'InternalIP', address: info.address }, { type: 'Hostname', address: hostname() }],
      conditions: healthyConditions(options.now),
      daemonEndpoints: { kubeletEndpoint: { Port: options.kubeletPort ?? 10250 } },
      nodeInfo: {
        machineID: info.machineID, systemUUID: info.machineID, bootID: info.bootID, kernelVersion: info.kernelVersion, osImage: info.osImage,
        containerRuntimeVersion: options.runtimeVersion, kubeletVersion, kubeProxyVersion: kubeletVersion, operatingSystem: 'linux', architecture: arch,
      },
    },
  };
}

/** Creates the node, or brings back the status of one that exists (a restart); returns the live object. */
export async function registerNode(ctx: Pick<ControllerContext, 'client'>, node: Node & { metadata: { name: string } }): Promise<Node> {
  const { status, ...bare } = node;
  let live: Node;
  try {
    live = await ctx.client.create(nodeResource, '', bare);
  } catch (e: unknown) {
    if (!isAlreadyExists(e)) throw e;
    live = await ctx.client.get(nodeResource, '', node.metadata.name);
  }
  // The status write races the node controllers' writes (node-ipam's podCIDR): re-read on a conflict.
  for (let attempt = 0; ; attempt++) {
    try {
      // volumesAttached belongs to the attach/detach controller: a re-registering kubelet keeps it.
      const attached = live.status?.volumesAttached;
      return await ctx.client.update(nodeResource, { ...live, ...(status ? { status: { ...status, ...(attached ? { volumesAttached: attached } : {}) } } : {}) }, 'status');
    } catch (e: unknown) {
      if (!isConflict(e) || attempt >= 5) throw e;
      live = await ctx.client.get(nodeResource, '', node.metadata.name);
    }
  }
}

/**
 * kubelet's node lease in kube-node-lease: holder = node, 40 s duration, renewed every 10 s. The lease last written
 * saves a read per renewal; a stale cache (conflict, or a lease created meanwhile) falls back to a live read.
 */
export async function renewLease(ctx: Pick<ControllerContext, 'client' | 'clock'>, node: Node & { metadata: { name: string } }, cached: Lease | undefined): Promise<Lease> {
  const renewTime = rfc3339Micro(ctx.clock.now());
  const name = node.metadata.name;
  const renewLive = async (): Promise<Lease> => {
    const live: Lease = await ctx.client.get(leaseResource, 'kube-node-lease', name);
    return await ctx.client.update(leaseResource, { ...live, spec: { ...live.spec, renewTime } });
  };
  try {
    if (cached) return await ctx.client.update(leaseResource, { ...cached, spec: { ...cached.spec, renewTime } });
    return await ctx.client.create(leaseResource, 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }] },
      spec: { holderIdentity: name, leaseDurationSeconds, renewTime },
    });
  } catch (e: unknown) {
    if (!isConflict(e) && !isAlreadyExists(e)) throw e;
    return await renewLive();
  }
}
