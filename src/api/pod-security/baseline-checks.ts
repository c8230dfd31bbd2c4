// The baseline Pod Security Standard (upstream policy/check_*.go at level baseline): host namespaces, privileged
// containers, capabilities, hostPath volumes, host ports, AppArmor, SELinux, /proc mounts, seccomp, sysctls and
// Windows HostProcess, with upstream's reasons and details.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { allowed, containersOf, containersPhrase, forbid, goQuote, joinQuote, pluralize, sortedSet, type Check, type CheckResult } from './check.js';

const defaultCapabilities = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

function hostNamespaces(_: ObjectMeta, spec: PodSpec): CheckResult {
  const used = [spec.hostNetwork && 'hostNetwork=true', spec.hostPID && 'hostPID=true', spec.hostIPC && 'hostIPC=true'].filter((s): s is string => typeof s === 'string');
  return used.length ? forbid('host namespaces', sortedSet(used).join(', ')) : allowed;
}

function privileged(_: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = containersOf(spec).filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  return bad.length ? forbid('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`) : allowed;
}

function capabilitiesBaseline(_: ObjectMeta, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const caps = new Set<string>();
  for (const c of containersOf(spec)) {
    const extra = (c.securityContext?.capabilities?.add ?? []).filter((a) => !defaultCapabilities.has(a));
    if (extra.length) { bad.push(c.name); extra.forEach((a) => caps.add(a)); }
  }
  return bad.length ? forbid('non-default capabilities', `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`) : allowed;
}

function hostPathVolumes(_: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
  return bad.length ? forbid('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`) : allowed;
}

function hostPorts(_: ObjectMeta, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const ports = new Set<string>();
  for (const c of containersOf(spec)) {
    const used = (c.ports ?? []).filter((p) => p.hostPort).map((p) => String(p.hostPort));
    if (used.length) { bad.push(c.name); used.forEach((p) => ports.add(p)); }
  }
  if (!bad.length) return allowed;
  const list = sortedSet(ports);
  return forbid('hostPort', `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`);
}

const appArmorAnnotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';
const allowedAppArmorAnnotation = (v: string): boolean => v === '' || v === 'runtime/default' || v.startsWith('localhost/');
const allowedAppArmorType = (t: string | undefined): boolean => t === 'RuntimeDefault' || t === 'Localhost';

function appArmorProfile(meta: ObjectMeta, spec: PodSpec): CheckResult {
  const setters: string[] = [];
  const values = new Set<string>();
  const podType = spec.securityContext?.appArmorProfile?.type;
  if (spec.securityContext?.appArmorProfile && !allowedAppArmorType(podType)) { setters.push('pod'); values.add(podType ?? ''); }
  const bad: string[] = [];
  for (const c of containersOf(spec)) {
    const p = c.securityContext?.appArmorProfile;
    if (p && !allowedAppArmorType(p.type)) { bad.push(c.name); values.add(p.type); }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  const annotations = Object.entries(meta.annotations ?? {})
    .filter(([k, v]) => k.startsWith(appArmorAnnotationPrefix) && !allowedAppArmorAnnotation(v))
    .map(([k, v]) => `${k}=${goQuote(v)}`).sort();
  const list = [...sortedSet(values), ...annotations];
  if (annotations.length) setters.push(pluralize('annotation', 'annotations', annotations.length));
  if (!setters.length) return allowed;
  return forbid(pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', list.length), `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(list)}`);
}

function seLinuxOptions(allowedTypes: ReadonlySet<string>) {
  return (_: ObjectMeta, spec: PodSpec): CheckResult => {
    const setters: string[] = [];
    const types = new Set<string>();
    let user = false;
    let role = false;
    const valid = (o: { type?: string; user?: string; role?: string }): boolean => {
      let ok = true;
      if (!allowedTypes.has(o.type ?? '')) { ok = false; types.add(o.type ?? ''); }
      if (o.user) { ok = false; user = true; }
      if (o.role) { ok = false; role = true; }
      return ok;
    };
    if (spec.securityContext?.seLinuxOptions && !valid(spec.securityContext.seLinuxOptions)) setters.push('pod');
    const bad = containersOf(spec).filter((c) => c.securityContext?.seLinuxOptions && !valid(c.securityContext.seLinuxOptions)).map((c) => c.name);
    if (bad.length) setters.push(containersPhrase(bad));
    if (!setters.length) return allowed;
    const data: string[] = [];
    if (types.size) data.push(`${pluralize('type', 'types', types.size)} ${joinQuote(sortedSet(types))}`);
    if (user) data.push('user may not be set');
    if (role) data.push('role may not be set');
    return forbid('seLinuxOptions', `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`);
  };
}
const seLinuxTypes10 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const seLinuxTypes131 = new Set([...seLinuxTypes10, 'container_engine_t']);

function procMount(_: ObjectMeta, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const c of containersOf(spec)) {
    const pm = c.securityContext?.procMount;
    if (pm !== undefined && pm !== 'Default') { bad.push(c.name); types.add(pm); }
  }
  return bad.length ? forbid('procMount', `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`) : allowed;
}

const seccompPodAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
const seccompContainerAnnotationPrefix = 'container.seccomp.security.alpha.kubernetes.io/';
export const validSeccompType = (t: string | undefined): boolean => t === 'RuntimeDefault' || t === 'Localhost';
const validSeccompAnnotation = (v: string): boolean => v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');

/** Before 1.19 seccomp was set through annotations. */
function seccompBaselineAnnotations(meta: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = new Set<string>();
  const a = meta.annotations ?? {};
  const podValue = a[seccompPodAnnotation];
  if (podValue !== undefined && !validSeccompAnnotation(podValue)) bad.add(`${seccompPodAnnotation}=${goQuote(podValue)}`);
  for (const c of containersOf(spec)) {
    const key = seccompContainerAnnotationPrefix + c.name;
    const v = a[key];
    if (v !== undefined && !validSeccompAnnotation(v)) bad.add(`${key}=${goQuote(v)}`);
  }
  return bad.size ? forbid('seccompProfile', `forbidden ${pluralize('annotation', 'annotations', bad.size)} ${sortedSet(bad).join(', ')}`) : allowed;
}

/** Explicitly set bad seccomp profile types: the pod, then the containers. Shared with the restricted check. */
export function seccompExplicitlyBad(spec: PodSpec): { setters: string[]; values: string[] } {
  const setters: string[] = [];
  const values = new Set<string>();
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile && !validSeccompType(podProfile.type)) { setters.push('pod'); values.add(podProfile.type); }
  const bad: string[] = [];
  for (const c of containersOf(spec)) {
    const p = c.securityContext?.seccompProfile;
    if (p && !validSeccompType(p.type)) { bad.push(c.name); values.add(p.type); }
  }
  if (bad.length) setters.push(containersPhrase(bad));
  return { setters, values: sortedSet(values) };
}

function seccompBaseline(_: ObjectMeta, spec: PodSpec): CheckResult {
  const { setters, values } = seccompExplicitlyBad(spec);
  return setters.length ? forbid('seccompProfile', `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(values)}`) : allowed;
}

function sysctls(allowedNames: ReadonlySet<string>) {
  return (_: ObjectMeta, spec: PodSpec): CheckResult => {
    const bad = (spec.securityContext?.sysctls ?? []).filter((s) => !allowedNames.has(s.name)).map((s) => s.name);
    return bad.length ? forbid('forbidden sysctls', bad.join(', ')) : allowed;
  };
}
const sysctls10 = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']);
const sysctls127 = new Set([...sysctls10, 'net.ipv4.ip_local_reserved_ports']);
const sysctls129 = new Set([...sysctls127, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);
const sysctls132 = new Set([...sysctls129, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);

function windowsHostProcess(_: ObjectMeta, spec: PodSpec): CheckResult {
  const setters: string[] = [];
  if (spec.securityContext?.windowsOptions?.hostProcess === true) setters.push('pod');
  const bad = containersOf(spec).filter((c) => c.securityContext?.windowsOptions?.hostProcess === true).map((c) => c.name);
  if (bad.length) setters.push(containersPhrase(bad));
  return setters.length ? forbid('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`) : allowed;
}

export const baselineChecks: readonly Check[] = [
  { id: 'appArmorProfile', level: 'baseline', versions: [{ minor: 0, check: appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ minor: 0, check: capabilitiesBaseline }] },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ minor: 0, check: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ minor: 0, check: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ minor: 0, check: hostPorts }] },
  { id: 'privileged', level: 'baseline', versions: [{ minor: 0, check: privileged }] },
  { id: 'procMount', level: 'baseline', versions: [{ minor: 0, check: procMount }] },
  { id: 'seLinuxOptions', level: 'baseline', versions: [{ minor: 0, check: seLinuxOptions(seLinuxTypes10) }, { minor: 31, check: seLinuxOptions(seLinuxTypes131) }] },
  { id: 'seccompProfile_baseline', level: 'baseline', versions: [{ minor: 0, check: seccompBaselineAnnotations }, { minor: 19, check: seccompBaseline }] },
  {
    id: 'sysctls', level: 'baseline',
    versions: [{ minor: 0, check: sysctls(sysctls10) }, { minor: 27, check: sysctls(sysctls127) }, { minor: 29, check: sysctls(sysctls129) }, { minor: 32, check: sysctls(sysctls132) }],
  },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ minor: 0, check: windowsHostProcess }] },
];
