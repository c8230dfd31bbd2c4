// The files kubelet writes for every pod and bind-mounts into each container: /etc/hosts (localhost, the
// pod's own name and FQDN, hostAliases), /etc/resolv.conf by dnsPolicy, and /etc/hostname. Pure.
import type { Pod } from 'kubernetes-types/core/v1.js';

export const clusterDomain = 'cluster.local';

/** spec.hostname, or the pod's name cut to 63 characters (a DNS label) with no trailing dash or dot. */
export function podHostname(pod: Pod): string {
  if (pod.spec?.hostname) return pod.spec.hostname;
  return (pod.metadata?.name ?? '').slice(0, 63).replace(/[-.]+$/, '');
}

/** `<hostname>.<subdomain>.<namespace>.svc.cluster.local` when the pod has a subdomain. */
export function podFqdn(pod: Pod): string | undefined {
  if (!pod.spec?.subdomain) return undefined;
  return `${podHostname(pod)}.${pod.spec.subdomain}.${pod.metadata?.namespace ?? 'default'}.svc.${clusterDomain}`;
}

export function hostsFile(pod: Pod, podIP: string | undefined): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const fqdn = podFqdn(pod);
  if (podIP) lines.push(fqdn ? `${podIP}\t${fqdn}\t${podHostname(pod)}` : `${podIP}\t${podHostname(pod)}`);
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) lines.push(`${a.ip}\t${(a.hostnames ?? []).join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Search domains and nameservers of a resolv.conf text. */
export function parseResolvConf(text: string): { nameservers: string[]; searches: string[]; options: string[] } {
  const out = { nameservers: [] as string[], searches: [] as string[], options: [] as string[] };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
    else if (key === 'search' || key === 'domain') out.searches = rest;
    else if (key === 'options') out.options.push(...rest);
  }
  return out;
}

/**
 * ClusterFirst (the default): the cluster DNS and `<ns>.svc.cluster.local svc.cluster.local cluster.local` then the
 * host's searches, ndots:5. Default: the host's file. None: only spec.dnsConfig. dnsConfig is merged on top.
 */
export function resolvConf(pod: Pod, options: { clusterDns: string; host: string }): string {
  const host = parseResolvConf(options.host);
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const ns = pod.metadata?.namespace ?? 'default';
  let nameservers: string[];
  let searches: string[];
  let opts: string[];
  // ClusterFirst on the host network falls back to the host's resolver (upstream); ClusterFirstWithHostNet does not.
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec?.hostNetwork);
  if (policy === 'None') { nameservers = []; searches = []; opts = []; }
  else if (clusterFirst) {
    nameservers = [options.clusterDns];
    searches = [`${ns}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...host.searches];
    opts = ['ndots:5'];
  } else { nameservers = host.nameservers; searches = host.searches; opts = host.options; }
  const cfg = pod.spec?.dnsConfig;
  if (cfg) {
    nameservers = [...new Set([...nameservers, ...(cfg.nameservers ?? [])])];
    searches = [...new Set([...searches, ...(cfg.searches ?? [])])];
    const merged = new Map(opts.map((o) => [o.split(':')[0]!, o]));
    for (const o of cfg.options ?? []) merged.set(o.name ?? '', o.value !== undefined ? `${o.name}:${o.value}` : (o.name ?? ''));
    opts = [...merged.values()];
  }
  const lines: string[] = [];
  if (searches.length) lines.push(`search ${searches.slice(0, 32).join(' ')}`);
  for (const n of nameservers.slice(0, 3)) lines.push(`nameserver ${n}`);
  if (opts.length) lines.push(`options ${opts.join(' ')}`);
  return `${lines.join('\n')}\n`;
}
