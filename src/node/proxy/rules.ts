// kube-proxy's nftables mode for one node, as a pure function: Services and their EndpointSlices in, one nft
// script out that replaces this node's table atomically. ClusterIP (and NodePort on the node's local
// addresses) connections are DNATed to a random ready endpoint; a Service port without endpoints rejects;
// hairpin connections (a pod reaching itself through its Service), NodePort connections and host connections
// to a ClusterIP are masqueraded, as are pod connections leaving the cluster (flannel's ipMasq).
// sessionAffinity ClientIP keeps a client on its endpoint (a timed set per endpoint); internalTrafficPolicy
// and externalTrafficPolicy Local use this node's endpoints only (none: dropped), and Local NodePort
// connections keep their source address.
//
// ClusterIP rules apply to what enters through this node's pod bridge (and to the host's own connections),
// so two clusters on one machine (tests) do not capture each other's pods.
//
// The first script replaces the table; later ones (given what the last one made) flush the rules and maps,
// declare everything again and delete what is gone, so the affinity sets keep their clients across syncs.
import { createHash } from 'node:crypto';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';

export interface ProxyInput {
  /** The nft table (family ip) this node owns. */
  table: string;
  /** This node's name (endpoints' nodeName, for the Local traffic policies). */
  nodeName: string;
  /** The pod bridge: ClusterIP rules apply to connections entering through it. */
  bridge: string;
  /** This node's podCIDR: its pods' connections leaving the cluster are masqueraded. */
  podCidr: string;
  /** Every node's podCIDR (destinations inside the cluster, never masqueraded). */
  clusterPodCidrs: readonly string[];
  /** Masquerade every Service connection (when bridged replies would not pass the host's conntrack). */
  masqueradeAll: boolean;
  services: readonly Service[];
  slices: readonly EndpointSlice[];
  /**
   * Endpoints ("address:port") served on this machine's loopback only (the API server bound to 127.0.0.1):
   * connections go to 127.0.0.1 on that port instead (the bridge needs route_localnet).
   */
  loopbackEndpoints?: ReadonlySet<string>;
}

const masqMark = '0x4000';
const protocols = new Set(['TCP', 'UDP', 'SCTP']);
const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);
const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/;

interface Endpoint { ip: string; port: number; node?: string }

/** A Service port's endpoints: ready ones, else serving-and-terminating ones (upstream's fallback). */
export function endpointsFor(service: Service, port: { name?: string; protocol?: string }, slices: readonly EndpointSlice[]): Endpoint[] {
  const ns = service.metadata?.namespace;
  const name = service.metadata?.name;
  const ready: Endpoint[] = [];
  const terminating: Endpoint[] = [];
  const seen = new Set<string>();
  for (const slice of slices) {
    if (slice.metadata?.namespace !== ns || slice.metadata?.labels?.['kubernetes.io/service-name'] !== name || slice.addressType !== 'IPv4') continue;
    const sp = (slice.ports ?? []).find((p) => (p.name ?? '') === (port.name ?? '') && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
    if (sp?.port === undefined || sp.port === null) continue;
    for (const e of slice.endpoints ?? []) {
      const c = e.conditions ?? {};
      for (const ip of e.addresses ?? []) {
        const key = `${ip}:${sp.port}`;
        if (seen.has(key) || !ipv4.test(ip)) continue;
        seen.add(key);
        const ep = { ip, port: sp.port, ...(e.nodeName ? { node: e.nodeName } : {}) };
        if (c.ready !== false) ready.push(ep);
        else if (c.serving && c.terminating) terminating.push(ep);
      }
    }
  }
  const out = ready.length ? ready : terminating;
  return out.sort((a, b) => a.ip.localeCompare(b.ip) || a.port - b.port);
}

/** What a script made: the per-Service chains and the affinity sets (what a later script may have to delete). */
export interface ProxyObjects { chains: string[]; sets: string[] }

/**
 * The nft script for the input, applied in one transaction: a replacement of the table, or (given what the
 * previous script made) an update that keeps the affinity sets' contents.
 */
export function proxyRules(input: ProxyInput, previous?: ProxyObjects): { script: string; made: ProxyObjects } {
  const chains: string[] = [];
  const serviceIps: string[] = [];
  const nodePorts: string[] = [];
  const noEndpoints: string[] = [];
  const noEndpointNodePorts: string[] = [];
  const sets: { name: string; text: string }[] = [];
  for (const svc of [...input.services].sort((a, b) => `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`))) {
    const spec = svc.spec ?? {};
    if (spec.type === 'ExternalName') continue;
    const ips = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip) => ipv4.test(ip));
    const withNodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    if (ips.length === 0) continue; // headless: DNS answers the endpoints themselves
    for (const port of spec.ports ?? []) {
      const proto = port.protocol ?? 'TCP';
      if (!protocols.has(proto)) continue;
      const l4 = proto.toLowerCase();
      const id = `${svc.metadata?.namespace}/${svc.metadata?.name}/${l4}/${port.name ?? ''}`;
      const endpoints = endpointsFor(svc, port, input.slices);
      const nodePort = withNodePorts && port.nodePort ? port.nodePort : undefined;
      if (endpoints.length === 0) {
        for (const ip of ips) noEndpoints.push(`${ip} . ${l4} . ${port.port}`);
        if (nodePort) noEndpointNodePorts.push(`${l4} . ${nodePort}`);
        continue;
      }
      const local = endpoints.filter((e) => e.node === input.nodeName);
      const affinity = spec.sessionAffinity === 'ClientIP' ? spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 : undefined;
      const epChain = (e: Endpoint): string => `sep-${hash(`${id}/${e.ip}:${e.port}`)}`;
      const affinitySet = (e: Endpoint): string => `aff-${hash(`${id}/${e.ip}:${e.port}/${affinity}`)}`;
      /** A chain that picks one of the endpoints at random (a client's earlier one first, with affinity); none: drop. */
      const picker = (name: string, eps: Endpoint[], masquerade: boolean): void => {
        const rules = [`comment "${id}"`];
        if (masquerade) rules.push('jump mark-for-masquerade');
        if (affinity !== undefined) for (const e of eps) rules.push(`ip saddr @${affinitySet(e)} goto ${epChain(e)}`);
        if (eps.length === 0) rules.push('drop');
        else rules.push(eps.length === 1 ? `goto ${epChain(eps[0]!)}` : `numgen random mod ${eps.length} vmap { ${eps.map((e, i) => `${i} : goto ${epChain(e)}`).join(', ')} }`);
        chains.push(`  chain ${name} {\n${rules.map((r) => `    ${r}\n`).join('')}  }`);
      };
      const svcChain = `svc-${hash(id)}`;
      picker(svcChain, spec.internalTrafficPolicy === 'Local' ? local : endpoints, input.masqueradeAll);
      for (const ip of ips) serviceIps.push(`${ip} . ${l4} . ${port.port} : goto ${svcChain}`);
      if (nodePort) {
        const extChain = `ext-${hash(id)}`;
        // Cluster: masqueraded, any endpoint. Local: this node's endpoints, the client's address kept.
        if (spec.externalTrafficPolicy === 'Local') picker(extChain, local, false);
        else chains.push(`  chain ${extChain} {\n    comment "${id}"\n    jump mark-for-masquerade\n    goto ${svcChain}\n  }`);
        nodePorts.push(`${l4} . ${nodePort} : goto ${extChain}`);
      }
      for (const e of endpoints) {
        const name = epChain(e);
        if (affinity !== undefined) sets.push({ name: affinitySet(e), text: `  set ${affinitySet(e)} {\n    type ipv4_addr\n    flags dynamic,timeout\n    timeout ${affinity}s\n  }` });
        const remember = affinity !== undefined ? `update @${affinitySet(e)} { ip saddr }\n    ` : '';
        const target = input.loopbackEndpoints?.has(`${e.ip}:${e.port}`) ? `ip saddr != 127.0.0.0/8 jump mark-for-masquerade\n    ${remember}meta l4proto ${l4} dnat to 127.0.0.1:${e.port}`
          : `ip saddr ${e.ip} jump mark-for-masquerade\n    ${remember}meta l4proto ${l4} dnat to ${e.ip}:${e.port}`;
        chains.push(`  chain ${name} {\n    comment "${id} ${e.ip}:${e.port}"\n    ${target}\n  }`);
      }
    }
  }
  const set = (name: string, type: string, elements: string[], verdict = false): string =>
    `  ${verdict ? 'map' : 'set'} ${name} {\n    type ${type}${verdict ? ' : verdict' : ''}\n${elements.length ? `    elements = { ${elements.join(', ')} }\n` : ''}  }`;
  const clusterDsts = input.clusterPodCidrs.length ? `ip daddr != { ${[...new Set(input.clusterPodCidrs)].join(', ')} } ` : '';
  const t = input.table;
  const names = (list: string[]): string[] => list.map((c) => /^  chain (\S+) \{/.exec(c)![1]!);
  const made: ProxyObjects = { chains: names(chains), sets: sets.map((x) => x.name) };
  const head = previous
    ? [`add table ip ${t}`, `flush table ip ${t}`, ...['service-ips', 'service-nodeports'].map((m) => `flush map ip ${t} ${m}`), ...['no-endpoint-services', 'no-endpoint-nodeports'].map((m) => `flush set ip ${t} ${m}`)]
    : [`add table ip ${t}`, `delete table ip ${t}`];
  const tail = previous
    ? [...previous.chains.filter((c) => !made.chains.includes(c)).map((c) => `delete chain ip ${t} ${c}`), ...previous.sets.filter((x) => !made.sets.includes(x)).map((x) => `delete set ip ${t} ${x}`)]
    : [];
  const script = [
    ...head,
    `table ip ${t} {`,
    set('service-ips', 'ipv4_addr . inet_proto . inet_service', serviceIps, true),
    set('service-nodeports', 'inet_proto . inet_service', nodePorts, true),
    set('no-endpoint-services', 'ipv4_addr . inet_proto . inet_service', noEndpoints),
    set('no-endpoint-nodeports', 'inet_proto . inet_service', noEndpointNodePorts),
    `  chain mark-for-masquerade {\n    meta mark set meta mark | ${masqMark}\n  }`,
    `  chain services {\n    ip daddr . meta l4proto . th dport vmap @service-ips\n  }`,
    ...sets.map((x) => x.text),
    `  chain nodeports {\n    meta l4proto . th dport vmap @service-nodeports\n  }`,
    `  chain nat-prerouting {\n    type nat hook prerouting priority -100; policy accept;\n    iifname "${input.bridge}" jump services\n    fib daddr type local meta l4proto . th dport @service-nodeports jump nodeports\n  }`,
    `  chain nat-output {\n    type nat hook output priority -100; policy accept;\n    ip daddr . meta l4proto . th dport @service-ips jump mark-for-masquerade\n    jump services\n    fib daddr type local meta l4proto . th dport @service-nodeports jump nodeports\n  }`,
    `  chain nat-postrouting {\n    type nat hook postrouting priority 100; policy accept;\n    meta mark & ${masqMark} == ${masqMark} meta mark set meta mark xor ${masqMark} masquerade fully-random\n    ip saddr ${input.podCidr} ${clusterDsts}oifname != "${input.bridge}" masquerade\n  }`,
    `  chain reject-no-endpoints {\n    ip daddr . meta l4proto . th dport @no-endpoint-services reject\n    fib daddr type local meta l4proto . th dport @no-endpoint-nodeports reject\n  }`,
    `  chain filter-forward {\n    type filter hook forward priority -110; policy accept;\n    ct state new jump reject-no-endpoints\n  }`,
    // With route_localnet on the bridge, a pod could send to the host's loopback directly: only what this
    // table DNATed there may pass (kube-proxy's fix for CVE-2020-8558).
    `  chain filter-input {\n    type filter hook input priority -110; policy accept;\n    iifname "${input.bridge}" ip daddr 127.0.0.0/8 ct status & dnat != dnat drop\n    ct state new jump reject-no-endpoints\n  }`,
    `  chain filter-output {\n    type filter hook output priority -110; policy accept;\n    ct state new jump reject-no-endpoints\n  }`,
    ...chains,
    '}',
    ...tail,
    '',
  ].join('\n');
  return { script, made };
}
