// What a node's agent made of the host's network, kept in <agent dir>/network.json: the pod bridge, the service
// proxy's nft table, the routes to other nodes' pods. The pods keep using them when the agent stops (the next
// agent takes them over); `skiff killall` reads this file to remove them.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NodeNetworkState {
  podCidr: string;
  bridge: string;
  /** The service proxy's nft table (ip family). */
  proxyTable: string;
  /** Other nodes' podCIDRs routed through this host. */
  routes: string[];
}

const file = (agentDir: string): string => join(agentDir, 'network.json');

export function writeNodeNetworkState(agentDir: string, state: NodeNetworkState): void {
  writeFileSync(`${file(agentDir)}.tmp`, JSON.stringify(state));
  renameSync(`${file(agentDir)}.tmp`, file(agentDir));
}

/** The recorded state; undefined when there is none (or it is unreadable). */
export function readNodeNetworkState(agentDir: string): NodeNetworkState | undefined {
  if (!existsSync(file(agentDir))) return undefined;
  try {
    const v = JSON.parse(readFileSync(file(agentDir), 'utf8')) as Partial<NodeNetworkState>;
    if (typeof v.podCidr !== 'string' || typeof v.bridge !== 'string' || typeof v.proxyTable !== 'string') return undefined;
    return { podCidr: v.podCidr, bridge: v.bridge, proxyTable: v.proxyTable, routes: Array.isArray(v.routes) ? v.routes.filter((r): r is string => typeof r === 'string') : [] };
  } catch {
    return undefined;
  }
}

export function removeNodeNetworkState(agentDir: string): void {
  rmSync(file(agentDir), { force: true });
}
