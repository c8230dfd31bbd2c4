// Pod traffic between nodes, flannel's host-gw way: every node routes each other node's podCIDR via that
// node's InternalIP (nodes on one L2 network), and forwards IPv4. Nodes that share this machine's address
// (two agents on one host) need no route: their bridges are both local.
import { writeFile, readFile } from 'node:fs/promises';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { CommandRunner } from '../runtime/exec.js';

/** podCIDR → gateway for every other node that has both. Pure. */
export function desiredRoutes(nodes: readonly Node[], self: { name: string; address: string }): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of nodes) {
    const cidr = n.spec?.podCIDR;
    const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (!cidr || !ip || n.metadata?.name === self.name || ip === self.address) continue;
    out.set(cidr, ip);
  }
  return out;
}

export async function enableForwarding(): Promise<void> {
  const path = '/proc/sys/net/ipv4/ip_forward';
  if ((await readFile(path, 'utf8').catch(() => '')).trim() !== '1') await writeFile(path, '1\n');
}

/** Keeps the host's routes to other nodes' pods equal to desiredRoutes(). */
export class PodRoutes {
  readonly #run: CommandRunner;
  readonly #applied = new Map<string, string>();
  constructor(run: CommandRunner) {
    this.#run = run;
  }

  async sync(want: ReadonlyMap<string, string>): Promise<void> {
    for (const [cidr, via] of want) {
      if (this.#applied.get(cidr) === via) continue;
      await this.#run('ip', ['route', 'replace', cidr, 'via', via]);
      this.#applied.set(cidr, via);
    }
    for (const cidr of [...this.#applied.keys()]) {
      if (want.has(cidr)) continue;
      await this.#run('ip', ['route', 'del', cidr]).catch(() => undefined);
      this.#applied.delete(cidr);
    }
  }

  async clear(): Promise<void> {
    await this.sync(new Map());
  }

  /** The podCIDRs routed now. */
  applied(): string[] {
    return [...this.#applied.keys()].sort();
  }
}
