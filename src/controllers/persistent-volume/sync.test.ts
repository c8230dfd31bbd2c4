import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { externalProvisioningMessage, syncClaim } from './sync-claim.js';
import { syncVolume } from './sync-volume.js';
import { claimState, FakeEnv, podUsing, pv, pvc, sc, volumeState, type InjectedFailure } from './testing.js';
import type { ClaimObject as Claim, StorageClassObject as Class, VolumeObject as Volume } from '../../api/index.js';

interface BinderCase {
  name: string;
  volumes?: Volume[];
  claims?: Claim[];
  classes?: Class[];
  pods?: Pod[];
  failures?: InjectedFailure[];
  /** What to run: one sync of a claim ("claim:ns/name") or volume ("volume:name"), or sync until nothing changes. */
  run?: string;
  /** Set on the fake plugins before running. */
  pluginError?: string;
  want: { volumes?: string[]; claims?: string[]; events?: string[]; recycled?: string[]; deleted?: string[] };
}

const bound = (claim: string, volume: string, cap: string, extra = ''): string => `${claim} Bound volume=${volume}${extra} cap=${cap} bind-completed bound-by-controller`;

const cases: BinderCase[] = [
  // Matching and binding
  {
    name: 'binds a pending claim to the smallest matching volume, in upstream shape',
    volumes: [pv('small', '1Gi'), pv('big', '10Gi')], claims: [pvc('data', '1Gi')],
    want: { volumes: ['big Available claim=-', 'small Bound claim=default/data@uid-data bound-by-controller'], claims: [bound('data', 'small', '1Gi')], events: [] },
  },
  {
    name: 'reports the volume capacity, not the request',
    volumes: [pv('v', '10Gi')], claims: [pvc('c', '3Gi')],
    want: { claims: [bound('c', 'v', '10Gi')] },
  },
  {
    name: 'no match and no class: stays Pending with FailedBinding',
    volumes: [pv('v', '1Gi', { class: 'fast' })], claims: [pvc('c', '1Gi', { class: '' })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=- class='], events: ['Normal FailedBinding no persistent volumes available for this claim and no storage class is set'] },
  },
  {
    name: 'a missing class is reported as ProvisioningFailed',
    claims: [pvc('c', '1Gi', { class: 'gone' })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=- class=gone'], events: ['Warning ProvisioningFailed storageclass.storage.k8s.io "gone" not found'] },
  },
  {
    name: 'an external provisioner gets the storage-provisioner annotations and an ExternalProvisioning event',
    claims: [pvc('c', '1Gi', { class: 'nfs' })], classes: [sc('nfs', { provisioner: 'example.com/nfs' })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=- class=nfs provisioner=example.com/nfs'], events: [`Normal ExternalProvisioning ${externalProvisioningMessage('example.com/nfs')}`] },
  },
  {
    name: 'kubernetes.io/no-provisioner never provisions (Immediate)',
    claims: [pvc('c', '1Gi', { class: 'manual' })], classes: [sc('manual', { provisioner: 'kubernetes.io/no-provisioner' })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=- class=manual'], events: ['Warning ProvisioningFailed no volume plugin matched name: kubernetes.io/no-provisioner'] },
  },
  {
    name: 'a matching volume that appears later binds the waiting claim',
    volumes: [pv('late', '1Gi', { class: 'manual' })], claims: [pvc('c', '1Gi', { class: 'manual', phase: 'Pending' })], classes: [sc('manual', { provisioner: 'kubernetes.io/no-provisioner' })],
    want: { claims: [bound('c', 'late', '1Gi', ' class=manual')] },
  },
  // WaitForFirstConsumer
  {
    name: 'WaitForFirstConsumer without a consumer waits',
    volumes: [pv('v', '1Gi', { class: 'local', node: 'node-1' })], claims: [pvc('c', '1Gi', { class: 'local' })], classes: [sc('local', { mode: 'WaitForFirstConsumer', provisioner: 'kubernetes.io/no-provisioner' })], run: 'claim:default/c',
    want: { volumes: ['v Available claim=-'], claims: ['c Pending volume=- class=local'], events: ['Normal WaitForFirstConsumer waiting for first consumer to be created before binding'] },
  },
  {
    name: 'WaitForFirstConsumer names the unscheduled pods',
    claims: [pvc('c', '1Gi', { class: 'local' })], classes: [sc('local', { mode: 'WaitForFirstConsumer' })], pods: [podUsing('web-0', 'c'), podUsing('web-1', 'c'), podUsing('done', 'c', 'node-1')], run: 'claim:default/c',
    want: { events: ['Normal WaitForPodScheduled waiting for pods web-0,web-1 to be scheduled'] },
  },
  {
    name: 'WaitForFirstConsumer with a selected node binds a volume that node can use',
    volumes: [pv('on-2', '1Gi', { class: 'local', node: 'node-2' }), pv('on-1', '5Gi', { class: 'local', node: 'node-1' })],
    claims: [pvc('c', '1Gi', { class: 'local', selectedNode: 'node-1' })], classes: [sc('local', { mode: 'WaitForFirstConsumer', provisioner: 'kubernetes.io/no-provisioner' })],
    want: { volumes: ['on-1 Bound claim=default/c@uid-c bound-by-controller', 'on-2 Available claim=-'], claims: [bound('c', 'on-1', '5Gi', ' class=local')] },
  },
  {
    name: 'WaitForFirstConsumer with a selected node and no volume there provisions',
    volumes: [pv('on-2', '1Gi', { class: 'lp', node: 'node-2' })],
    claims: [pvc('c', '1Gi', { class: 'lp', selectedNode: 'node-1' })], classes: [sc('lp', { mode: 'WaitForFirstConsumer', provisioner: 'skiff.io/local-path' })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=- class=lp provisioner=skiff.io/local-path'], events: [`Normal ExternalProvisioning ${externalProvisioningMessage('skiff.io/local-path')}`] },
  },
  // Default class
  {
    name: 'a claim with an unset class that found no volume gets the default class (retroactive)',
    claims: [pvc('c', '1Gi')], classes: [sc('standard', { isDefault: true })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=- class=standard'], events: [] },
  },
  {
    name: 'a claim with class "" never gets the default class',
    claims: [pvc('c', '1Gi', { class: '' })], classes: [sc('standard', { isDefault: true })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=- class='] },
  },
  // Pre-binding
  {
    name: 'a volume pre-bound by the user is Available until its claim appears',
    volumes: [pv('v', '1Gi', { claim: 'default/mine', phase: 'Pending' })], run: 'volume:v',
    want: { volumes: ['v Available claim=default/mine'] },
  },
  {
    name: 'a volume pre-bound by the user binds its claim whatever the selector; the volume is not bound-by-controller',
    volumes: [pv('v', '1Gi', { claim: 'default/mine' }), pv('other', '1Gi')], claims: [pvc('mine', '1Gi', { selector: { matchLabels: { nope: 'x' } } })],
    want: { volumes: ['other Available claim=-', 'v Bound claim=default/mine@uid-mine'], claims: [bound('mine', 'v', '1Gi')] },
  },
  {
    name: 'a claim pre-bound by the user binds; the volume is bound-by-controller, the claim only bind-completed',
    volumes: [pv('v', '1Gi')], claims: [pvc('c', '1Gi', { volumeName: 'v', class: '' })],
    want: { volumes: ['v Bound claim=default/c@uid-c bound-by-controller'], claims: ['c Bound volume=v class= cap=1Gi bind-completed'] },
  },
  {
    name: 'a claim pre-bound to a missing volume waits silently',
    claims: [pvc('c', '1Gi', { volumeName: 'nope' })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=nope'], events: [] },
  },
  {
    name: 'a claim pre-bound to an unsuitable volume gets VolumeMismatch',
    volumes: [pv('v', '1Gi')], claims: [pvc('c', '2Gi', { volumeName: 'v' })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=v'], events: ['Warning VolumeMismatch Cannot bind to requested volume "v": requested PV is too small'] },
  },
  {
    name: 'a claim pre-bound (with the default class) to a class-less volume: storageClassName does not match',
    volumes: [pv('v', '1Gi')], claims: [pvc('c', '1Gi', { volumeName: 'v', class: 'standard' })], run: 'claim:default/c',
    want: { events: ['Warning VolumeMismatch Cannot bind to requested volume "v": storageClassName does not match'] },
  },
  {
    name: 'a claim pre-bound to a volume bound elsewhere gets FailedBinding',
    volumes: [pv('v', '1Gi', { claim: 'default/other@u2', phase: 'Bound' })], claims: [pvc('c', '1Gi', { volumeName: 'v' }), pvc('other', '1Gi', { uid: 'u2', volumeName: 'v', bindCompleted: true, phase: 'Bound' })], run: 'claim:default/c',
    want: { claims: ['c Pending volume=v', 'other Bound volume=v bind-completed'], events: ['Warning FailedBinding volume "v" already bound to a different claim.'] },
  },
  // Interrupted binds and conflicts
  {
    name: 'finishes a bind interrupted after the volume was written',
    volumes: [pv('v1', '1Gi', { claim: 'default/c1@uid-c1', boundByController: true, phase: 'Available' })], claims: [pvc('c1', '1Gi')],
    want: { volumes: ['v1 Bound claim=default/c1@uid-c1 bound-by-controller'], claims: [bound('c1', 'v1', '1Gi')] },
  },
  {
    name: 'finishes a bind interrupted before the claim status was written',
    volumes: [pv('v1', '1Gi', { claim: 'default/c1@uid-c1', boundByController: true, phase: 'Bound' })], claims: [pvc('c1', '1Gi', { volumeName: 'v1', bindCompleted: true, boundByController: true })],
    want: { claims: [bound('c1', 'v1', '1Gi')] },
  },
  {
    name: 'completes despite a conflict on the volume status write',
    volumes: [pv('v', '1Gi')], claims: [pvc('c', '1Gi')], failures: [{ verb: 'updateVolumeStatus', nth: 1 }],
    want: { volumes: ['v Bound claim=default/c@uid-c bound-by-controller'], claims: [bound('c', 'v', '1Gi')] },
  },
  {
    name: 'completes despite a conflict on the claim write',
    volumes: [pv('v', '1Gi')], claims: [pvc('c', '1Gi')], failures: [{ verb: 'updateClaim', nth: 1 }],
    want: { volumes: ['v Bound claim=default/c@uid-c bound-by-controller'], claims: [bound('c', 'v', '1Gi')] },
  },
  // Lost and misbound claims
  {
    name: 'a bound claim whose volume is gone is Lost',
    claims: [pvc('c', '1Gi', { volumeName: 'gone', bindCompleted: true, phase: 'Bound' })], run: 'claim:default/c',
    want: { claims: ['c Lost volume=gone bind-completed'], events: ['Warning ClaimLost Bound claim has lost its PersistentVolume. Data on the volume is lost!'] },
  },
  {
    name: 'a bound claim whose volume is bound to another claim is misbound',
    volumes: [pv('v', '1Gi', { claim: 'default/x@ux', phase: 'Bound' })], claims: [pvc('c', '1Gi', { volumeName: 'v', bindCompleted: true, phase: 'Bound' })], run: 'claim:default/c',
    want: { claims: ['c Lost volume=v bind-completed'], events: ['Warning ClaimMisbound Two claims are bound to the same volume, this one is bound incorrectly'] },
  },
  {
    name: 'a Lost claim returns to Bound when its volume reappears unclaimed',
    volumes: [pv('v', '1Gi')], claims: [pvc('c', '1Gi', { volumeName: 'v', bindCompleted: true, phase: 'Lost' })],
    want: { volumes: ['v Bound claim=default/c@uid-c bound-by-controller'], claims: ['c Bound volume=v cap=1Gi bind-completed'] },
  },
  // Reclaim
  {
    name: 'Retain: a volume whose claim is gone is Released and keeps its claimRef',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', boundByController: true })],
    want: { volumes: ['v Released claim=default/c@uid-c bound-by-controller'], events: [] },
  },
  {
    name: 'a Released volume is not re-bound to a new claim with the same name',
    volumes: [pv('v', '1Gi', { claim: 'default/c@old', phase: 'Bound', boundByController: true })], claims: [pvc('c', '1Gi', { uid: 'new' })],
    want: { volumes: ['v Released claim=default/c@old bound-by-controller'], claims: ['c Pending volume=-'] },
  },
  {
    name: 'Recycle: scrubs, records VolumeRecycled and makes the volume Available',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', boundByController: true, policy: 'Recycle' })],
    want: { volumes: ['v Available claim=-'], events: ['Normal VolumeRecycled Volume recycled'], recycled: ['v'] },
  },
  {
    name: 'Recycle of a user pre-bound volume keeps the reservation without the uid',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', policy: 'Recycle' })],
    want: { volumes: ['v Available claim=default/c'], recycled: ['v'] },
  },
  {
    name: 'Recycle waits while a pod still uses the claim',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Released', boundByController: true, policy: 'Recycle' })], pods: [podUsing('user', 'c', 'node-1')], run: 'volume:v',
    want: { volumes: ['v Released claim=default/c@uid-c bound-by-controller'], events: ['Normal VolumeFailedRecycle Volume is used by pods: default/user'], recycled: [] },
  },
  {
    name: 'Recycle without a recycler fails the volume',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Released', policy: 'Recycle', nfs: true })], run: 'volume:v',
    want: { volumes: ['v Failed claim=default/c@uid-c'], events: ['Warning VolumeFailedRecycle No recycler plugin found for the volume!'] },
  },
  {
    name: 'Recycle failure fails the volume with the reason',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Released', policy: 'Recycle' })], pluginError: 'disk on fire', run: 'volume:v',
    want: { volumes: ['v Failed claim=default/c@uid-c'], events: ['Warning VolumeFailedRecycle Recycle failed: disk on fire'] },
  },
  {
    name: 'Delete: a hostPath volume under /tmp/ is deleted with its object',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', policy: 'Delete' })],
    want: { volumes: [], deleted: ['v'], events: [] },
  },
  {
    name: 'Delete: a hostPath volume outside /tmp/ fails with the plugin refusal',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Released', policy: 'Delete', hostPath: '/data/v' })], run: 'volume:v',
    want: { volumes: ['v Failed claim=default/c@uid-c'], events: ['Warning VolumeFailedDelete host_path deleter only supports /tmp/.+ but received provided /data/v'] },
  },
  {
    name: 'Delete: a static local volume has no deleter',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Released', policy: 'Delete', node: 'node-1' })], run: 'volume:v',
    want: { volumes: ['v Failed claim=default/c@uid-c'], events: ['Warning VolumeFailedDelete error getting deleter volume plugin for volume "v": no deletable volume plugin matched'] },
  },
  {
    name: 'Delete: a volume of an external provisioner is left Released for it',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', policy: 'Delete', provisionedBy: 'skiff.io/local-path' })],
    want: { volumes: ['v Released claim=default/c@uid-c'], deleted: [], events: [] },
  },
  {
    name: 'an unknown reclaim policy fails the volume',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', policy: 'Shred' })], run: 'volume:v',
    want: { volumes: ['v Failed claim=default/c@uid-c'], events: ['Warning VolumeUnknownReclaimPolicy Volume has unrecognized PersistentVolumeReclaimPolicy'] },
  },
  // Claims that went elsewhere
  {
    name: 'a volume the controller bound to a claim now bound elsewhere is unbound',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', boundByController: true }), pv('w', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', boundByController: true })],
    claims: [pvc('c', '1Gi', { volumeName: 'w', bindCompleted: true, phase: 'Bound' })], run: 'volume:v',
    want: { volumes: ['v Available claim=-', 'w Bound claim=default/c@uid-c bound-by-controller'] },
  },
  {
    name: 'a provisioned Delete volume whose claim is bound elsewhere is released for deletion',
    volumes: [pv('v', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound', policy: 'Delete', provisionedBy: 'example.com/x' }), pv('w', '1Gi', { claim: 'default/c@uid-c', phase: 'Bound' })],
    claims: [pvc('c', '1Gi', { volumeName: 'w', bindCompleted: true, phase: 'Bound' })], run: 'volume:v',
    want: { volumes: ['v Released claim=default/c@uid-c', 'w Bound claim=default/c@uid-c'] },
  },
];

async function runCase(c: BinderCase): Promise<void> {
  const env = new FakeEnv({ volumes: c.volumes ?? [], claims: c.claims ?? [], classes: c.classes ?? [], pods: c.pods ?? [] });
  env.failures.push(...(c.failures ?? []));
  if (c.pluginError) env.plugins.failWith = c.pluginError;
  if (c.run?.startsWith('claim:')) await syncClaim(env, env.claim(c.run.slice(6))!);
  else if (c.run?.startsWith('volume:')) await syncVolume(env, env.volume(c.run.slice(7))!);
  else await env.settle();
  if (c.want.volumes) assert.deepEqual(env.volumeNames().map((n) => volumeState(env.volume(n))), c.want.volumes);
  if (c.want.claims) assert.deepEqual([...env.claims.keys()].sort().map((k) => claimState(env.claim(k))), c.want.claims);
  if (c.want.events) assert.deepEqual(env.events, c.want.events);
  if (c.want.recycled) assert.deepEqual(env.plugins.recycled, c.want.recycled);
  if (c.want.deleted) assert.deepEqual(env.plugins.deleted, c.want.deleted);
}

for (const c of cases) test(`syncClaim()/syncVolume() ${c.name}`, () => runCase(c));

test('syncClaim() binds each of many claims to its own volume (no volume handed out twice)', async () => {
  const env = new FakeEnv({ volumes: Array.from({ length: 50 }, (_, i) => pv(`v${i}`, '1Gi')), claims: Array.from({ length: 50 }, (_, i) => pvc(`c${i}`, '1Gi')) });
  await Promise.all([...env.claims.values()].map((c) => syncClaim(env, c)));
  const used = [...env.claims.values()].map((c) => c.spec?.volumeName);
  assert.equal(new Set(used).size, 50);
  assert.ok(used.every((v) => v !== undefined));
});
