// Every Pod Security check at each level: one restricted-compliant pod, one change per row, the violation text
// expected at baseline and at restricted ('' = allowed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { evaluatePod, forbiddenDetail } from './evaluate.js';
import type { LevelVersion } from './policy.js';

const good = (): { meta: ObjectMeta; spec: PodSpec } => ({
  meta: { name: 'p' },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'c', image: 'i', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  },
});
const c0 = (spec: PodSpec): Container => spec.containers[0]!;
const sc = (spec: PodSpec) => (c0(spec).securityContext ??= {});

type Row = { name: string; tweak: (p: { meta: ObjectMeta; spec: PodSpec }) => void; baseline: string; restricted: string };

const rows: Row[] = [
  { name: 'a compliant pod', tweak: () => undefined, baseline: '', restricted: '' },
  { name: 'hostNetwork and hostPID', tweak: ({ spec }) => { spec.hostPID = true; spec.hostNetwork = true; }, baseline: 'host namespaces (hostNetwork=true, hostPID=true)', restricted: 'host namespaces (hostNetwork=true, hostPID=true)' },
  { name: 'hostIPC', tweak: ({ spec }) => { spec.hostIPC = true; }, baseline: 'host namespaces (hostIPC=true)', restricted: 'host namespaces (hostIPC=true)' },
  { name: 'a privileged container', tweak: ({ spec }) => { sc(spec).privileged = true; }, baseline: 'privileged (container "c" must not set securityContext.privileged=true)', restricted: 'privileged (container "c" must not set securityContext.privileged=true)' },
  {
    name: 'NET_RAW and SYS_ADMIN added',
    tweak: ({ spec }) => { sc(spec).capabilities = { drop: ['ALL'], add: ['SYS_ADMIN', 'NET_RAW', 'CHOWN'] }; },
    baseline: 'non-default capabilities (container "c" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)',
    restricted: 'unrestricted capabilities (container "c" must not include "CHOWN", "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)',
  },
  { name: 'NET_BIND_SERVICE added', tweak: ({ spec }) => { sc(spec).capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }; }, baseline: '', restricted: '' },
  { name: 'capabilities not dropped', tweak: ({ spec }) => { delete sc(spec).capabilities; }, baseline: '', restricted: 'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"])' },
  {
    name: 'a hostPath volume',
    tweak: ({ spec }) => { spec.volumes = [{ name: 'host', hostPath: { path: '/' } }, { name: 'data', emptyDir: {} }]; },
    baseline: 'hostPath volumes (volume "host")',
    restricted: 'restricted volume types (volume "host" uses restricted volume type "hostPath")',
  },
  {
    name: 'nfs and gitRepo volumes',
    tweak: ({ spec }) => { spec.volumes = [{ name: 'a', nfs: { server: 's', path: '/' } }, { name: 'b', gitRepo: { repository: 'r' } }, { name: 'c', persistentVolumeClaim: { claimName: 'x' } }]; },
    baseline: '',
    restricted: 'restricted volume types (volumes "a", "b" use restricted volume types "gitRepo", "nfs")',
  },
  { name: 'host ports', tweak: ({ spec }) => { c0(spec).ports = [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 10080 }]; }, baseline: 'hostPort (container "c" uses hostPorts 10080, 8080)', restricted: 'hostPort (container "c" uses hostPorts 10080, 8080)' },
  { name: 'an unconfined AppArmor profile', tweak: ({ spec }) => { sc(spec).appArmorProfile = { type: 'Unconfined' }; }, baseline: 'forbidden AppArmor profile (container "c" must not set AppArmor profile type to "Unconfined")', restricted: 'forbidden AppArmor profile (container "c" must not set AppArmor profile type to "Unconfined")' },
  {
    name: 'an unconfined AppArmor annotation',
    tweak: ({ meta }) => { meta.annotations = { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' }; },
    baseline: 'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/c="unconfined"")',
    restricted: 'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/c="unconfined"")',
  },
  {
    name: 'SELinux options with a custom type and user',
    tweak: ({ spec }) => { sc(spec).seLinuxOptions = { type: 'spc_t', user: 'root' }; },
    baseline: 'seLinuxOptions (container "c" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)',
    restricted: 'seLinuxOptions (container "c" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)',
  },
  { name: 'SELinux type container_engine_t (allowed since 1.31)', tweak: ({ spec }) => { spec.securityContext!.seLinuxOptions = { type: 'container_engine_t' }; }, baseline: '', restricted: '' },
  { name: 'an Unmasked /proc', tweak: ({ spec }) => { sc(spec).procMount = 'Unmasked'; }, baseline: 'procMount (container "c" must not set securityContext.procMount to "Unmasked")', restricted: 'procMount (container "c" must not set securityContext.procMount to "Unmasked")' },
  {
    name: 'an Unconfined seccomp profile on the pod',
    tweak: ({ spec }) => { spec.securityContext!.seccompProfile = { type: 'Unconfined' }; },
    baseline: 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    restricted: 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
  },
  {
    name: 'no seccomp profile',
    tweak: ({ spec }) => { delete spec.securityContext!.seccompProfile; },
    baseline: '',
    restricted: 'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  },
  { name: 'a seccomp profile per container only', tweak: ({ spec }) => { delete spec.securityContext!.seccompProfile; sc(spec).seccompProfile = { type: 'Localhost', localhostProfile: 'x.json' }; }, baseline: '', restricted: '' },
  { name: 'an unsafe sysctl', tweak: ({ spec }) => { spec.securityContext!.sysctls = [{ name: 'net.ipv4.tcp_rmem', value: '1' }, { name: 'kernel.msgmax', value: '1' }]; }, baseline: 'forbidden sysctls (kernel.msgmax)', restricted: 'forbidden sysctls (kernel.msgmax)' },
  {
    name: 'a Windows HostProcess pod',
    tweak: ({ spec }) => { spec.securityContext!.windowsOptions = { hostProcess: true }; },
    baseline: 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
    restricted: 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
  },
  { name: 'allowPrivilegeEscalation unset', tweak: ({ spec }) => { delete sc(spec).allowPrivilegeEscalation; }, baseline: '', restricted: 'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false)' },
  { name: 'runAsNonRoot unset', tweak: ({ spec }) => { delete spec.securityContext!.runAsNonRoot; }, baseline: '', restricted: 'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true)' },
  {
    name: 'runAsNonRoot false on the pod and a container',
    tweak: ({ spec }) => { spec.securityContext!.runAsNonRoot = false; sc(spec).runAsNonRoot = false; },
    baseline: '',
    restricted: 'runAsNonRoot != true (pod and container "c" must not set securityContext.runAsNonRoot=false)',
  },
  { name: 'runAsUser 0', tweak: ({ spec }) => { sc(spec).runAsUser = 0; }, baseline: '', restricted: 'runAsUser=0 (container "c" must not set runAsUser=0)' },
  {
    name: 'a Windows pod without Linux-only settings',
    tweak: ({ spec }) => { spec.os = { name: 'windows' }; delete sc(spec).allowPrivilegeEscalation; delete sc(spec).capabilities; delete spec.securityContext!.seccompProfile; },
    baseline: '',
    restricted: '',
  },
];

const restricted: LevelVersion = { level: 'restricted', version: 'latest' };
const baseline: LevelVersion = { level: 'baseline', version: 'latest' };
for (const r of rows) {
  test(`evaluatePod() ${r.name}`, () => {
    const p = good();
    r.tweak(p);
    assert.equal(forbiddenDetail(evaluatePod(baseline, p.meta, p.spec)), r.baseline, 'baseline');
    assert.equal(forbiddenDetail(evaluatePod(restricted, p.meta, p.spec)), r.restricted, 'restricted');
    assert.equal(evaluatePod({ level: 'privileged', version: 'latest' }, p.meta, p.spec).allowed, true, 'privileged');
  });
}

test('evaluatePod() reports a privileged default pod in upstream order at restricted', () => {
  const spec: PodSpec = { containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }] };
  assert.equal(forbiddenDetail(evaluatePod(restricted, {}, spec)), [
    'privileged (container "c" must not set securityContext.privileged=true)',
    'allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false)',
    'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"])',
    'runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true)',
    'seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  ].join(', '));
});

test('evaluatePod() applies the checks of the policy version', () => {
  const p = good();
  sc(p.spec).runAsUser = 0;
  delete sc(p.spec).capabilities;
  p.spec.securityContext!.sysctls = [{ name: 'net.ipv4.tcp_keepalive_time', value: '1' }];
  p.spec.securityContext!.seLinuxOptions = { type: 'container_engine_t' };
  // v1.21: no runAsUser or restricted capabilities checks yet; keepalive sysctls and container_engine_t not yet safe.
  assert.equal(forbiddenDetail(evaluatePod({ level: 'restricted', version: 21 }, p.meta, p.spec)),
    'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "container_engine_t"), forbidden sysctls (net.ipv4.tcp_keepalive_time)');
  assert.equal(forbiddenDetail(evaluatePod({ level: 'restricted', version: 31 }, p.meta, p.spec)),
    'unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsUser=0 (container "c" must not set runAsUser=0)');
  // Before 1.19 seccomp was read from annotations only.
  const old = good();
  old.meta.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
  assert.equal(forbiddenDetail(evaluatePod({ level: 'baseline', version: 18 }, old.meta, old.spec)), 'seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")');
  assert.equal(forbiddenDetail(evaluatePod({ level: 'baseline', version: 19 }, old.meta, old.spec)), '');
});
