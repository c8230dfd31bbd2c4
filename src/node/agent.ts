// The agent of a real node (what `skiff server` embeds, k3s's model): registers this machine's Node, waits
// for the podCIDR the server assigns, brings up the pod bridge, runs the kubelet on runc, and renews the node
// Lease every 10 s.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { lookupResource } from '../api/index.js';
import type { ControllerContext, EventRecorder } from '../client/index.js';
import { errorMessage, rfc3339 } from '../util/index.js';
import { ImageStore } from './images/store.js';
import { importArchive } from './images/archive.js';
import { ImageUnpacker } from './images/unpack.js';
import { ImageGcManager } from './images/gc-manager.js';
import type { ImageGcPolicy } from './images/gc-plan.js';
import { diskUsage } from './kubelet/disk-usage.js';
import { ImagePuller } from './kubelet/image-puller.js';
import { Kubelet } from './kubelet/kubelet.js';
import { StaticPods } from './kubelet/static-pods.js';
import { bridgeNameOf, PodBridge } from './network/bridge.js';
import { agentNetworkHint, claimPodNetwork, PodNetworkConflictError } from './network/network-claim-files.js';
import { parseCidr, PodIpam, type IpamState } from './network/ipam.js';
import { desiredRoutes, enableForwarding, PodRoutes } from './network/routes.js';
import { NodeVolumesInUse } from './kubelet/attachments.js';
import { proxyTableOf, startServiceProxy } from './proxy/proxier.js';
import { writeNodeNetworkState } from './network/node-network-state.js';
import { hardEvictionThresholds, machineInfo, machineNode, nodeConditions, observeSignals, pressureOf, pressureTransitionMs, registerNode, renewLease, type EvictionSignals } from './node-status.js';
import { runCommand, type CommandRunner, type ProcessLauncher } from './runtime/exec.js';
import { SpawnHelper } from './runtime/spawn-helper.js';
import { ensureRuntimeProcess, runtimeSocketPath } from './runtime/remote/runtime-process.js';
import type { LogRotation } from './runtime/log-rotation.js';
import { removeLeftovers } from './kubelet/leftovers.js';
import { recordAgentProcess } from './killall.js';

const nodeResource = lookupResource('', 'v1', 'nodes')!;

export class AgentUnavailableError extends Error {
  override name = 'AgentUnavailable';
}

export interface LocalAgentOptions {
  nodeName: string;
  dataDir: string;
  recorder: EventRecorder;
  renewIntervalMs?: number;
  /** Called with the pod network's gateway before pods start: the cluster DNS listens there (port 53). */
  serveDns: (address: string) => Promise<void>;
  /** The port of this node's kubelet endpoint (a joined agent's; the embedded one is served in-process). */
  kubeletPort?: number;
  /** How host commands run; by default a spawn helper process (forking from the server's process is slow). */
  launcher?: ProcessLauncher;
  /** How to resolve a pod network conflict with another Skiff on this machine (default: the joined agent's hint). */
  networkConflictHint?: string;
  /** The API server runs on this machine bound to loopback: its advertised endpoint, which pods reach through 127.0.0.1. */
  loopbackApiServer?: { address: string; port: number };
  /** --container-log-max-size/-files: how containers' logs rotate (absent: they do not). */
  containerLogRotation?: LogRotation | undefined;
  /**
   * Image garbage collection's policy (--image-gc-high-threshold, --image-gc-low-threshold,
   * --minimum-image-ttl-duration); kubelet's defaults otherwise.
   */
  imageGc?: Partial<ImageGcPolicy>;
}

export interface LocalAgent extends AsyncDisposable {
  readonly kubelet: Kubelet;
  readonly gateway: string;
  readonly podCidr: string;
}

/** runc's version on this machine; AgentUnavailableError when it cannot run pods (not root, no runc). */
export async function runcVersion(run: CommandRunner = runCommand): Promise<string> {
  if (process.getuid?.() !== 0) throw new AgentUnavailableError('the agent runs containers with runc and must run as root');
  let out: string;
  try {
    out = await run('runc', ['--version']);
  } catch {
    throw new AgentUnavailableError('runc is not installed (apt-get install -y runc)');
  }
  return /runc version (\S+)/.exec(out)?.[1] ?? 'unknown';
}

/**
 * k3s's airgap directory: every `docker save` or OCI archive in <data-dir>/agent/images (.tar, .tar.gz, .tgz)
 * goes into the image store at start, so pods can use images no registry serves. A bad file is a warning.
 */
export async function importAirgapImages(ctx: Pick<ControllerContext, 'logger'>, store: ImageStore, dir: string): Promise<string[]> {
  const imported: string[] = [];
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(tar|tar\.gz|tgz)$/.test(f)).sort() : [];
  for (const f of files) {
    try {
      imported.push(...await importArchive(store, join(dir, f)));
    } catch (e: unknown) {
      ctx.logger.warn('airgap image archive not imported', { file: join(dir, f), error: errorMessage(e) });
    }
  }
  if (imported.length) ctx.logger.info('imported airgap images', { images: imported.join(', ') });
  return imported;
}

/**
 * The eviction manager's node-level reclaim for disk pressure (the data dir holds images: nodefs and imagefs are
 * one): deletes unused images, then measures again. Resolves with the signals when disk pressure remains (a pod
 * must go), undefined when it is gone.
 */
async function reclaimImages(ctx: Pick<ControllerContext, 'logger'>, imageGc: ImageGcManager, dataDir: string): Promise<EvictionSignals | undefined> {
  try {
    await imageGc.deleteUnusedImages();
  } catch (e: unknown) {
    ctx.logger.info('eviction manager: unexpected error when attempting to reduce resource pressure', { resource: 'ephemeral-storage', error: errorMessage(e) });
  }
  const after = observeSignals(dataDir);
  if (pressureOf(after).disk) return after;
  ctx.logger.info('eviction manager: able to reduce resource pressure without evicting pods', { resource: 'ephemeral-storage' });
  return undefined;
}

export async function startLocalAgent(ctx: ControllerContext, options: LocalAgentOptions): Promise<LocalAgent> {
  const version = await runcVersion();
  const helper = options.launcher ? undefined : new SpawnHelper();
  const launcher = options.launcher ?? helper!;
  const run = launcher.run;
  const dir = join(options.dataDir, 'agent');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // The containers live in the node's runtime process, which outlives this agent: found running (an agent
  // restart: its pods are adopted), or started now (nothing an earlier one ran can be adopted: it all goes).
  const { runtime, started: freshRuntime } = await ensureRuntimeProcess(dir);
  const agentProcess = recordAgentProcess(dir);
  const podsDir = join(dir, 'pods');
  if (freshRuntime) await removeLeftovers(runtime, { podsDir, run });
  ctx.logger.info(freshRuntime ? 'started the container runtime process' : 'adopting the pods of the running container runtime process', { pid: runtime.pid, socket: runtimeSocketPath(dir) });
  // A start that fails leaves no runtime process it started (a refused second server on this machine).
  let started = false;
  try {
    const info = machineInfo(options.dataDir);
    const nodeObject = machineNode(options.nodeName, info, { now: rfc3339(ctx.clock.now()), runtimeVersion: `runc://${version}`, ...(options.kubeletPort !== undefined ? { kubeletPort: options.kubeletPort } : {}) });
    await registerNode(ctx, nodeObject);
    const nodes = ctx.informers.informerFor<Node & { metadata: { name: string } }>(nodeResource);
    nodes.start();
    await nodes.waitForSync();
    // The node's Lease as last written (upstream's kubelet keeps it rather than watch leases, which a node may not).
    let lease: Lease | undefined;
    // The server's node IPAM assigns the podCIDR.
    let podCidr: string | undefined;
    for (let waited = 0; !(podCidr = nodes.get(options.nodeName)?.spec?.podCIDR); waited += 50) {
      if (waited > 30_000) throw new AgentUnavailableError(`node ${options.nodeName} got no podCIDR from the server within 30 s`);
      await ctx.clock.sleep(50);
    }
    const cidr = parseCidr(podCidr);
    // Another Skiff (another data dir) on this machine with an overlapping pod CIDR would share the bridge and its
    // DNS address: refuse before touching them.
    const hint = options.networkConflictHint ?? agentNetworkHint(podCidr);
    // Held by the runtime process: its pods use the network while it lives, with or without an agent.
    const claim = await claimPodNetwork({ podCidr, bridge: bridgeNameOf(cidr), dataDir: options.dataDir, pid: runtime.pid }, { hint });
    const bridge = new PodBridge(cidr, run);
    try {
      await bridge.ensure();
      await options.serveDns(bridge.gateway);
    } catch (e: unknown) {
      claim[Symbol.dispose]();
      if (e instanceof Error && 'code' in e && e.code === 'EADDRINUSE') {
        throw new PodNetworkConflictError(`Cannot start the agent: cluster DNS address ${bridge.gateway}:53 (bridge ${bridge.name}) is in use on this machine; ${hint}`, { cause: e });
      }
      throw e;
    }
    // Pods reach pods of other nodes through this host (forwarding, a route per other node's podCIDR).
    await enableForwarding();
    const routes = new PodRoutes(run);
    const recordNetwork = (): void => writeNodeNetworkState(dir, { podCidr: podCidr!, bridge: bridge.name, proxyTable: proxyTableOf(bridge.name), routes: routes.applied() });
    recordNetwork();
    let routing: Promise<void> = Promise.resolve();
    let routesStopped = false;
    const syncRoutes = (): void => {
      if (routesStopped) return;
      routing = routing.then(() => routes.sync(desiredRoutes(nodes.list(), { name: options.nodeName, address: info.address }))).then(recordNetwork)
        .catch((e: unknown) => ctx.logger.warn('pod routes not updated', { error: errorMessage(e) }));
    };
    nodes.addHandlers({ onAdd: syncRoutes, onUpdate: syncRoutes, onDelete: syncRoutes });
    // Services: this node's kube-proxy (nftables), for its pods' connections to ClusterIPs and for NodePorts.
    const loopback = options.loopbackApiServer;
    const proxy = await startServiceProxy(ctx, { nodeName: options.nodeName, bridge: bridge.name, podCidr, nodes, run, ...(loopback ? { loopbackEndpoints: new Set([`${loopback.address}:${loopback.port}`]) } : {}) });
    const ipamFile = join(dir, 'pod-ips.json');
    const ipam = new PodIpam(podCidr, existsSync(ipamFile) ? JSON.parse(readFileSync(ipamFile, 'utf8')) as Partial<IpamState> : {});
    const persist = (): void => { writeFileSync(`${ipamFile}.tmp`, JSON.stringify(ipam.state())); renameSync(`${ipamFile}.tmp`, ipamFile); };
    const network = {
      async attach(podUid: string, netns: string): Promise<string> {
        const ip = ipam.allocate(podUid);
        persist();
        // A pod adopted after an agent restart keeps its veth, its address and its connections.
        if (!bridge.attached(podUid)) await bridge.attach(netns, podUid, ip);
        return ip;
      },
      async detach(podUid: string): Promise<void> {
        await bridge.detach(podUid);
        ipam.release(podUid);
        persist();
      },
      owners: () => Object.keys(ipam.state().assigned),
    };
    const store = new ImageStore(options.dataDir);
    // As k3s pins them: the airgap directory's images are never collected.
    const pinned = new Set((await importAirgapImages(ctx, store, join(dir, 'images'))).flatMap((ref) => store.resolve(ref)?.manifestDigest ?? []));
    const unpacker = new ImageUnpacker(store);
    const imageGc = new ImageGcManager({
      store, unpacker, runtime, rootBytes: (root) => diskUsage(run, root), pinned: () => pinned, pulling: () => images.pulling,
      nodeName: options.nodeName, recorder: options.recorder, clock: ctx.clock, logger: ctx.logger, ...(options.imageGc ? { policy: options.imageGc } : {}),
    });
    const images = new ImagePuller({ store, unpacker, onUse: (record) => imageGc.markUsed(record.manifestDigest) });
    const allocatable = { ...nodeObject.status!.allocatable! };
    let staticPods: StaticPods | undefined;
    const attachments = new NodeVolumesInUse(ctx, options.nodeName, () => nodes.get(options.nodeName));
    const kubelet = await Kubelet.start(ctx, {
      nodeName: options.nodeName, hostIP: info.address, clusterDns: bridge.gateway, logsDir: join(dir, 'logs'), podsDir, allocatable,
      runtime, images, network, recorder: options.recorder, run, attachments, containerLogRotation: options.containerLogRotation, nodeLabels: () => nodes.get(options.nodeName)?.metadata?.labels ?? {},
      // A second before the new mirror: a client waiting for the old one to go (kubectl delete --wait lists by
      // name after its delete) would otherwise find the new one and wait for its deletion instead.
      staticPodWanted: (hash) => staticPods?.wanted(hash) ?? true, mirrorGone: () => { ctx.clock.setTimeout(() => staticPods?.kick(), 1000); },
    });
    let attachedSeen = '';
    nodes.addHandlers({
      onUpdate: (n) => {
        if (n.metadata?.name !== options.nodeName) return;
        const now = (n.status?.volumesAttached ?? []).map((v) => v.name).join('\n');
        if (now !== attachedSeen) { attachedSeen = now; kubelet.attachmentsChanged(); }
      },
    });
    // Static pods: manifests in <data-dir>/agent/pod-manifests run here, mirrored in the API.
    staticPods = new StaticPods(ctx, { dir: join(dir, 'pod-manifests'), node: () => nodes.get(options.nodeName), pods: () => kubelet.pods(), onSynced: (wanted) => kubelet.staticPodsSynced(wanted) });
    staticPods.start();
    imageGc.start();
    let stopped = false;
    let timer: Disposable | undefined;
    // Pressure conditions from the machine's eviction signals, each held for the transition period after it was last seen.
    const pressureSeenMs = { memory: -Infinity, disk: -Infinity };
    let statusPostedMs = ctx.clock.nowMs();
    const heartbeat = async (): Promise<void> => {
      const node = nodes.get(options.nodeName);
      try {
        if (node) {
          lease = await renewLease(ctx, node, lease).catch((e: unknown) => { lease = undefined; throw e; });
          const nowMs = ctx.clock.nowMs();
          const signals = observeSignals(options.dataDir);
          const seen = pressureOf(signals);
          // Under a hard threshold, one pod goes per check (upstream's eviction manager); for disk, unused images go
          // first, and a pod only if that did not bring the signals back under the thresholds.
          const t = hardEvictionThresholds;
          if (seen.memory) await kubelet.evictOne('memory', t.memoryAvailableBytes, signals.memoryAvailableBytes);
          else if (seen.disk) {
            const after = await reclaimImages(ctx, imageGc, options.dataDir);
            if (after) await kubelet.evictOne('ephemeral-storage', Math.round(Math.max(t.nodefsAvailable, t.imagefsAvailable) * after.nodefsCapacityBytes), after.nodefsAvailableBytes);
          }
          if (seen.memory) pressureSeenMs.memory = nowMs;
          if (seen.disk) pressureSeenMs.disk = nowMs;
          const current = node.status?.conditions ?? [];
          const conditions = nodeConditions(rfc3339(ctx.clock.now()), { memory: nowMs - pressureSeenMs.memory < pressureTransitionMs, disk: nowMs - pressureSeenMs.disk < pressureTransitionMs, pid: false }, current);
          const changed = conditions.some((c) => current.find((p) => p.type === c.type)?.status !== c.status);
          // Like kubelet: post at once on a change, and at least every 5 minutes (nodeStatusReportFrequency).
          if (changed || nowMs - statusPostedMs >= 5 * 60_000) {
            const others = current.filter((c) => !conditions.some((x) => x.type === c.type));
            await ctx.client.update(nodeResource, { ...node, status: { ...node.status, conditions: [...conditions, ...others] } }, 'status');
            statusPostedMs = nowMs;
          }
        } else {
          await registerNode(ctx, nodeObject);
        }
      } catch (e: unknown) {
        ctx.logger.warn('node heartbeat failed', { node: options.nodeName, error: errorMessage(e) });
      }
      if (!stopped) timer = ctx.clock.setTimeout(() => { void heartbeat(); }, options.renewIntervalMs ?? 10_000);
    };
    await heartbeat();
    started = true;
    return {
      kubelet,
      gateway: bridge.gateway,
      podCidr,
      async [Symbol.asyncDispose]() {
        stopped = true;
        timer?.[Symbol.dispose]();
        await staticPods[Symbol.asyncDispose]();
        routesStopped = true;
        await routing;
        // The pods run on in the runtime process, on the bridge, with their routes and Service rules: the next
        // agent adopts them; `skiff killall` stops them and removes the node's network.
        await proxy[Symbol.asyncDispose]();
        await imageGc[Symbol.asyncDispose]();
        await kubelet[Symbol.asyncDispose]();
        await runtime[Symbol.asyncDispose]();
        agentProcess[Symbol.dispose]();
        helper?.[Symbol.dispose]();
      },
    };
  } finally {
    if (!started && freshRuntime) await runtime.shutdown().catch(() => undefined);
    if (!started) { await runtime[Symbol.asyncDispose](); agentProcess[Symbol.dispose](); }
  }
}
