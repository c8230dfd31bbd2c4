// The node's service proxy (kube-proxy, nftables mode): keeps this node's nft table equal to proxyRules() of
// the current Services and EndpointSlices. Changes are coalesced: one sync runs at a time and the next one
// picks up everything that changed meanwhile. Without `nft` (or netfilter) the node runs without it, and
// Service ClusterIPs are unreachable from its pods (a warning says so).
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Node, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { lookupResource } from '../../api/index.js';
import type { ControllerContext, Informer } from '../../client/index.js';
import { errorMessage } from '../../util/index.js';
import type { CommandRunner } from '../runtime/exec.js';
import { proxyRules, type ProxyObjects } from './rules.js';

export interface ServiceProxyOptions {
  nodeName: string;
  bridge: string;
  podCidr: string;
  nodes: Informer<Node>;
  run: CommandRunner;
  /** Endpoints ("address:port") this machine serves on loopback only (see ProxyInput.loopbackEndpoints). */
  loopbackEndpoints?: ReadonlySet<string>;
}

/** Whether bridged pod-to-pod replies pass the host's netfilter hooks (br_netfilter), so DNAT can be undone. */
function bridgedTrafficTracked(): boolean {
  try { return readFileSync('/proc/sys/net/bridge/bridge-nf-call-iptables', 'utf8').trim() === '1'; } catch { return false; }
}

export async function startServiceProxy(ctx: ControllerContext, options: ServiceProxyOptions): Promise<AsyncDisposable> {
  const table = proxyTableOf(options.bridge);
  try {
    await options.run('nft', ['add', 'table', 'ip', table]);
  } catch (e: unknown) {
    ctx.logger.warn('no service proxy on this node: nft is not usable, so Service ClusterIPs are unreachable from its pods', { error: errorMessage(e) });
    return { async [Symbol.asyncDispose]() { /* nothing started */ } };
  }
  const services = ctx.informers.informerFor<Service>(lookupResource('', 'v1', 'services')!);
  const slices = ctx.informers.informerFor<EndpointSlice>(lookupResource('discovery.k8s.io', 'v1', 'endpointslices')!);
  const masqueradeAll = !bridgedTrafficTracked();
  // DNAT to 127.0.0.1 of what arrives on the bridge is routed only with route_localnet on it.
  if (options.loopbackEndpoints?.size) await writeFile(`/proc/sys/net/ipv4/conf/${options.bridge}/route_localnet`, '1\n').catch((e: unknown) => ctx.logger.warn('route_localnet not set: pods cannot reach loopback-only servers', { error: errorMessage(e) }));
  let applied = '';
  /** What the last applied script made; undefined: the next one replaces the table. */
  let previous: ProxyObjects | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const syncOnce = async (): Promise<void> => {
    const { script: rules, made } = proxyRules({
      table, nodeName: options.nodeName, bridge: options.bridge, podCidr: options.podCidr, masqueradeAll,
      clusterPodCidrs: options.nodes.list().map((n) => n.spec?.podCIDR).filter((c): c is string => c !== undefined),
      services: services.list(), slices: slices.list(), ...(options.loopbackEndpoints ? { loopbackEndpoints: options.loopbackEndpoints } : {}),
    }, previous);
    if (rules === applied) return;
    try {
      await options.run('nft', ['-f', '-'], { input: rules });
    } catch (e: unknown) {
      previous = undefined; // start over with a replacement
      applied = '';
      throw e;
    }
    applied = rules;
    previous = made;
  };
  const sync = (): void => {
    if (stopped) return;
    if (running) { again = true; return; }
    running = (async () => {
      do {
        again = false;
        try {
          await syncOnce();
        } catch (e: unknown) {
          ctx.logger.warn('service rules not applied', { error: errorMessage(e) });
          await ctx.clock.sleep(1000);
          again = !stopped;
        }
      } while (again && !stopped);
      running = undefined;
    })();
  };
  for (const i of [services, slices]) i.addHandlers({ onAdd: sync, onUpdate: sync, onDelete: sync });
  options.nodes.addHandlers({ onAdd: sync, onUpdate: sync, onDelete: sync });
  for (const i of [services, slices]) i.start();
  await Promise.all([services.waitForSync(), slices.waitForSync()]);
  sync();
  await running;
  return {
    // The rules stay: the pods running on go on reaching Services; the next agent's first sync replaces the table,
    // and `skiff killall` removes it (removeServiceRules).
    async [Symbol.asyncDispose]() {
      stopped = true;
      await running;
    },
  };
}

/** The nft table (ip family) of the service proxy on bridge. */
export const proxyTableOf = (bridge: string): string => `skiff-proxy-${bridge}`;

/** Removes a stopped proxy's rules (skiff killall); a table already gone is fine. */
export async function removeServiceRules(run: CommandRunner, table: string): Promise<void> {
  await run('nft', ['delete', 'table', 'ip', table]).catch(() => undefined);
}
