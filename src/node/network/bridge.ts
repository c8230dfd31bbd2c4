// The pod network of one node (the CNI bridge plugin's model): a Linux bridge holding the podCIDR's first
// address, one veth pair per pod with its peer moved into the pod's network namespace as eth0, a default
// route through the bridge. Pods on the node reach each other and the node; the node reaches every pod.
import { createHash } from 'node:crypto';
import { existsSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import type { CommandRunner } from '../runtime/exec.js';
import { gatewayOf, type Cidr, formatIp } from './ipam.js';

/** Interface names are at most 15 bytes: a fixed prefix and a hash. */
export function vethName(podUid: string): string {
  return `veth${createHash('sha256').update(podUid).digest('hex').slice(0, 8)}`;
}

export function bridgeNameOf(cidr: Cidr): string {
  return `skiff${createHash('sha256').update(`${formatIp(cidr.base)}/${cidr.prefix}`).digest('hex').slice(0, 6)}`;
}

/** A locally administered unicast MAC derived from the bridge's name. */
export function bridgeMacOf(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return ['02', h.slice(0, 2), h.slice(2, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10)].join(':');
}

export class PodBridge {
  readonly name: string;
  readonly gateway: string;
  readonly #cidr: Cidr;
  readonly #run: CommandRunner;
  constructor(cidr: Cidr, run: CommandRunner) {
    this.#cidr = cidr;
    this.#run = run;
    this.name = bridgeNameOf(cidr);
    this.gateway = gatewayOf(cidr);
  }

  async ensure(): Promise<void> {
    const exists = await this.#run('ip', ['link', 'show', this.name]).then(() => true, () => false);
    if (!exists) await this.#run('ip', ['link', 'add', this.name, 'type', 'bridge']);
    // A bridge without a set address takes the lowest of its ports' and changes when that port goes: the
    // pods' ARP entries for the gateway would go stale with every pod deletion. A fixed address stays.
    await this.#run('ip', ['link', 'set', this.name, 'address', bridgeMacOf(this.name)]);
    await this.#run('ip', ['addr', 'replace', `${this.gateway}/${this.#cidr.prefix}`, 'dev', this.name]);
    await this.#run('ip', ['link', 'set', this.name, 'up']);
  }

  /**
   * Gives the pod's network namespace eth0 with `ip`, lo up, and a default route via the bridge. Two commands:
   * inside the pod's namespace one `ip -batch` makes the veth pair (its host end straight into this process's
   * namespace) and sets up eth0; then the host end joins the bridge.
   */
  async attach(netns: string, podUid: string, ip: string): Promise<void> {
    const host = vethName(podUid);
    if (existsSync(`/sys/class/net/${host}`)) await this.#run('ip', ['link', 'del', host]).catch(() => undefined);
    const inPod = [
      `link add eth0 type veth peer name ${host} netns ${process.pid}`,
      `addr add ${ip}/${this.#cidr.prefix} dev eth0`,
      'link set eth0 up',
      'link set lo up',
      `route add default via ${this.gateway}`,
    ];
    await this.#run('nsenter', [`--net=${netns}`, 'ip', '-batch', '-'], { input: `${inPod.join('\n')}\n` });
    // Hairpin (the CNI bridge plugin's hairpinMode): a pod that reaches itself through a Service address is
    // DNATed back to its own port, which the bridge drops unless the port may send back where it came from.
    await this.#run('ip', ['-batch', '-'], { input: `link set ${host} master ${this.name} up\nlink set ${host} type bridge_slave hairpin on\n` });
  }

  /** Whether the pod's veth is on this bridge already (a pod adopted after an agent restart keeps its network). */
  attached(podUid: string): boolean {
    try {
      return basename(readlinkSync(`/sys/class/net/${vethName(podUid)}/master`)) === this.name;
    } catch {
      return false;
    }
  }

  async detach(podUid: string): Promise<void> {
    await this.#run('ip', ['link', 'del', vethName(podUid)]).catch(() => undefined);
  }

  async remove(): Promise<void> {
    await this.#run('ip', ['link', 'del', this.name]).catch(() => undefined);
  }
}
