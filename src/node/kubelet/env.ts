// A container's environment as kubelet makes it: envFrom first (configMaps and secrets, with prefixes),
// then env in order with $(VAR) references to what came before (and to the Service variables), valueFrom
// configMapKeyRef, secretKeyRef, fieldRef and resourceFieldRef, then the Service variables (docker links:
// the pod namespace's Services with enableServiceLinks, and always default/kubernetes) the container did not
// set itself. Pure: the caller hands in the objects it has read.
import type { ConfigMap, Container, EnvVar, Pod, Secret, Service } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../../api/index.js';

/** The error kubelet reports as CreateContainerConfigError (the container's waiting message). */
export class ContainerConfigError extends Error {
  override name = 'CreateContainerConfigError';
}

export interface EnvSources {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
  /** The Services of a namespace (for the Service variables); none when absent. */
  services?(namespace: string): readonly Service[];
}

const envName = (s: string): string => s.toUpperCase().replaceAll('-', '_');

/** Upstream's Service variables (envvars.FromServices) for Services with a ClusterIP, by Service name. */
export function serviceEnv(services: readonly Service[]): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const svc of [...services].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))) {
    const ip = svc.spec?.clusterIP;
    const ports = svc.spec?.ports ?? [];
    if (!ip || ip === 'None' || ports.length === 0) continue;
    const name = envName(svc.metadata?.name ?? '');
    out.push({ name: `${name}_SERVICE_HOST`, value: ip }, { name: `${name}_SERVICE_PORT`, value: String(ports[0]!.port) });
    for (const p of ports) if (p.name) out.push({ name: `${name}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port) });
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      const url = `${proto}://${ip}:${p.port}`;
      if (i === 0) out.push({ name: `${name}_PORT`, value: url });
      const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.push({ name: prefix, value: url }, { name: `${prefix}_PROTO`, value: proto }, { name: `${prefix}_PORT`, value: String(p.port) }, { name: `${prefix}_ADDR`, value: ip });
    });
  }
  return out;
}

/** The Services whose variables a pod gets: its namespace's (enableServiceLinks) and default/kubernetes. */
export function linkedServices(pod: Pod, sources: EnvSources): Service[] {
  const ns = pod.metadata?.namespace ?? 'default';
  const byName = new Map<string, Service>();
  const master = (sources.services?.('default') ?? []).find((s) => s.metadata?.name === 'kubernetes');
  if (master) byName.set('kubernetes', master);
  if (pod.spec?.enableServiceLinks ?? true) for (const s of sources.services?.(ns) ?? []) if (!(ns === 'default' && s.metadata?.name === 'kubernetes')) byName.set(s.metadata?.name ?? '', s);
  return [...byName.values()];
}

/** Expands $(VAR) from `vars`; $$ escapes a dollar; unknown references stay as written (upstream). */
export function expandVars(input: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c !== '$' || i + 1 >= input.length) { out += c; continue; }
    const next = input[i + 1]!;
    if (next === '$') { out += '$'; i++; continue; }
    if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close > 0) {
        const name = input.slice(i + 2, close);
        const value = vars.get(name);
        out += value ?? `$(${name})`;
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const secretText = (s: Secret, key: string): string | undefined => {
  if (s.data?.[key] !== undefined) return Buffer.from(s.data[key], 'base64').toString('utf8');
  return s.stringData?.[key];
};

function fieldValue(pod: Pod, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
    case 'status.hostIPs': return (pod.status?.hostIPs ?? []).map((i) => i.ip).join(',');
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.podIPs': return (pod.status?.podIPs ?? []).map((i) => i.ip).join(',');
    default: throw new ContainerConfigError(`unsupported fieldRef fieldPath "${path}"`);
  }
}

/** resourceFieldRef: a limit defaults to the node's allocatable when the container sets none (upstream). */
export function resourceValue(container: Container, resource: string, divisor: string | undefined, allocatable: Record<string, string>): string {
  const [kind, name] = resource.split('.', 2) as [string, string | undefined];
  if ((kind !== 'limits' && kind !== 'requests') || !name) throw new ContainerConfigError(`unsupported resourceFieldRef resource "${resource}"`);
  const set = kind === 'limits' ? container.resources?.limits : container.resources?.requests;
  const raw = set?.[name] ?? (kind === 'limits' ? allocatable[name] : undefined) ?? '0';
  const value = parseQuantity(raw).value;
  const div = parseQuantity(divisor ?? '1').value;
  // Rounded up, as upstream does for cpu ("500m" with divisor 1 is "1").
  return String(Math.ceil(value / (div === 0 ? 1 : div)));
}

export function resolveEnv(pod: Pod, container: Container, sources: EnvSources, allocatable: Record<string, string> = {}): { name: string; value: string }[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  const vars = new Map<string, string>();
  const links = serviceEnv(linkedServices(pod, sources));
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = sources.configMap(namespace, from.configMapRef.name ?? '');
      if (!cm) { if (from.configMapRef.optional) continue; throw new ContainerConfigError(`configmap "${from.configMapRef.name}" not found`); }
      for (const [k, v] of Object.entries(cm.data ?? {})) vars.set(prefix + k, v);
    } else if (from.secretRef) {
      const s = sources.secret(namespace, from.secretRef.name ?? '');
      if (!s) { if (from.secretRef.optional) continue; throw new ContainerConfigError(`secret "${from.secretRef.name}" not found`); }
      for (const k of Object.keys({ ...s.data, ...s.stringData })) vars.set(prefix + k, secretText(s, k) ?? '');
    }
  }
  const linkVars = new Map(links.map((l) => [l.name, l.value]));
  for (const e of container.env ?? []) {
    const value = envValue(pod, container, e, new Map([...linkVars, ...vars]), sources, allocatable);
    if (value !== undefined) vars.set(e.name, value);
  }
  return [...[...vars].map(([name, value]) => ({ name, value })), ...links.filter((l) => !vars.has(l.name))];
}

function envValue(pod: Pod, container: Container, e: EnvVar, vars: ReadonlyMap<string, string>, sources: EnvSources, allocatable: Record<string, string>): string | undefined {
  const namespace = pod.metadata?.namespace ?? 'default';
  const from = e.valueFrom;
  if (!from) return expandVars(e.value ?? '', vars);
  if (from.fieldRef) return fieldValue(pod, from.fieldRef.fieldPath);
  if (from.resourceFieldRef) {
    const target = from.resourceFieldRef.containerName ? pod.spec?.containers.find((c) => c.name === from.resourceFieldRef!.containerName) ?? container : container;
    return resourceValue(target, from.resourceFieldRef.resource, from.resourceFieldRef.divisor, allocatable);
  }
  if (from.configMapKeyRef) {
    const ref = from.configMapKeyRef;
    const cm = sources.configMap(namespace, ref.name ?? '');
    if (!cm) { if (ref.optional) return undefined; throw new ContainerConfigError(`configmap "${ref.name}" not found`); }
    const v = cm.data?.[ref.key];
    if (v === undefined) { if (ref.optional) return undefined; throw new ContainerConfigError(`couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name}`); }
    return v;
  }
  if (from.secretKeyRef) {
    const ref = from.secretKeyRef;
    const s = sources.secret(namespace, ref.name ?? '');
    if (!s) { if (ref.optional) return undefined; throw new ContainerConfigError(`secret "${ref.name}" not found`); }
    const v = secretText(s, ref.key);
    if (v === undefined) { if (ref.optional) return undefined; throw new ContainerConfigError(`couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}`); }
    return v;
  }
  return '';
}
