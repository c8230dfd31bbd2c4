// The restricted Pod Security Standard's own checks (upstream policy/check_*.go at level restricted): volume
// types, privilege escalation, running as non-root, runAsUser=0, seccomp and capabilities; the last three
// replace their baseline counterparts, and Windows pods are exempt from three of them since 1.25.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { PodSpec, Volume } from 'kubernetes-types/core/v1.js';
import { seccompExplicitlyBad, validSeccompType } from './baseline-checks.js';
import { allowed, containersOf, containersPhrase, forbid, isWindows, joinQuote, pluralize, sortedSet, type Check, type CheckPod, type CheckResult } from './check.js';

const allowedVolumeSources: readonly (keyof Volume)[] = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
/** Upstream's order of the restricted volume types it names. */
const restrictedVolumeSources = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs',
  'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
] as const;

function restrictedVolumes(_: ObjectMeta, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const v of spec.volumes ?? []) {
    const raw = v as unknown as Record<string, unknown>;
    if (allowedVolumeSources.some((s) => raw[s] !== undefined && raw[s] !== null) || raw['image'] !== undefined) continue;
    bad.push(v.name);
    types.add(restrictedVolumeSources.find((s) => raw[s] !== undefined && raw[s] !== null) ?? 'unknown');
  }
  if (!bad.length) return allowed;
  const list = sortedSet(types);
  return forbid('restricted volume types', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', list.length)} ${joinQuote(list)}`);
}

function allowPrivilegeEscalation(_: ObjectMeta, spec: PodSpec): CheckResult {
  const bad = containersOf(spec).filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  return bad.length ? forbid('allowPrivilegeEscalation != false', `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`) : allowed;
}

/** A pod-level value that may be set per container: explicit bad setters, or containers left unset without a good pod value. */
function podOrContainers<T>(spec: PodSpec, podValue: T | undefined, containerValue: (c: ReturnType<typeof containersOf>[number]) => T | undefined, good: (v: T) => boolean) {
  const setters: string[] = [];
  const podGood = podValue !== undefined && good(podValue);
  if (podValue !== undefined && !podGood) setters.push('pod');
  const explicit: string[] = [];
  const implicit: string[] = [];
  for (const c of containersOf(spec)) {
    const v = containerValue(c);
    if (v !== undefined) { if (!good(v)) explicit.push(c.name); } else if (!podGood) implicit.push(c.name);
  }
  if (explicit.length) setters.push(containersPhrase(explicit));
  return { setters, implicit };
}

function runAsNonRoot(_: ObjectMeta, spec: PodSpec): CheckResult {
  const { setters, implicit } = podOrContainers(spec, spec.securityContext?.runAsNonRoot, (c) => c.securityContext?.runAsNonRoot, (v) => v);
  if (setters.length) return forbid('runAsNonRoot != true', `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`);
  if (implicit.length) return forbid('runAsNonRoot != true', `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`);
  return allowed;
}

function runAsUser(_: ObjectMeta, spec: PodSpec): CheckResult {
  const setters: string[] = [];
  if (spec.securityContext?.runAsUser === 0) setters.push('pod');
  const bad = containersOf(spec).filter((c) => c.securityContext?.runAsUser === 0).map((c) => c.name);
  if (bad.length) setters.push(containersPhrase(bad));
  return setters.length ? forbid('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`) : allowed;
}

function seccompRestricted(_: ObjectMeta, spec: PodSpec): CheckResult {
  const { setters, values } = seccompExplicitlyBad(spec);
  if (setters.length) return forbid('seccompProfile', `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(values)}`);
  const podSet = validSeccompType(spec.securityContext?.seccompProfile?.type);
  const implicit = podSet ? [] : containersOf(spec).filter((c) => !c.securityContext?.seccompProfile).map((c) => c.name);
  return implicit.length ? forbid('seccompProfile', `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`) : allowed;
}

function capabilitiesRestricted(_: ObjectMeta, spec: PodSpec): CheckResult {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const caps = new Set<string>();
  for (const c of containersOf(spec)) {
    const cap = c.securityContext?.capabilities;
    if (!cap) { missingDrop.push(c.name); continue; }
    if (!(cap.drop ?? []).includes('ALL')) missingDrop.push(c.name);
    const extra = (cap.add ?? []).filter((a) => a !== 'NET_BIND_SERVICE');
    if (extra.length) { adding.push(c.name); extra.forEach((a) => caps.add(a)); }
  }
  const details: string[] = [];
  if (missingDrop.length) details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length) details.push(`${containersPhrase(adding)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`);
  return details.length ? forbid('unrestricted capabilities', details.join('; ')) : allowed;
}

/** Since 1.25 a pod with spec.os.name=windows is exempt (those fields do not apply to Windows). */
const exceptWindows = (check: CheckPod): CheckPod => (meta, spec) => (isWindows(spec) ? allowed : check(meta, spec));

export const restrictedChecks: readonly Check[] = [
  { id: 'allowPrivilegeEscalation', level: 'restricted', versions: [{ minor: 8, check: allowPrivilegeEscalation }, { minor: 25, check: exceptWindows(allowPrivilegeEscalation) }] },
  {
    id: 'capabilities_restricted', level: 'restricted',
    versions: [{ minor: 22, check: capabilitiesRestricted, overrides: ['capabilities_baseline'] }, { minor: 25, check: exceptWindows(capabilitiesRestricted), overrides: ['capabilities_baseline'] }],
  },
  { id: 'restrictedVolumes', level: 'restricted', versions: [{ minor: 0, check: restrictedVolumes, overrides: ['hostPathVolumes'] }] },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ minor: 0, check: runAsNonRoot }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ minor: 23, check: runAsUser }] },
  {
    id: 'seccompProfile_restricted', level: 'restricted',
    versions: [{ minor: 19, check: seccompRestricted, overrides: ['seccompProfile_baseline'] }, { minor: 25, check: exceptWindows(seccompRestricted), overrides: ['seccompProfile_baseline'] }],
  },
];
