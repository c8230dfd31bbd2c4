// PV controller wiring (kube-controller-manager's persistentvolume-binder): informers for volumes, claims,
// classes, pods and nodes feed two queues — claims and volumes — reconciled by syncClaim and syncVolume.
// Not on the controller builder (client/controller/builder.ts), by design: each event first feeds the shared ApiEnv
// (the assume cache and its indexes: observeVolume/observeClaim/observePod) and then fans out to both queues, and
// the unbound claims of a freed class are collected for 100 ms and enumerated when the timer fires. Two builders
// would split one event's env update and its enqueues across two controllers' handlers.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { claimKey, lookupResource, type ClaimObject as Claim, type StorageClassObject as Class, type VolumeObject as Volume } from '../../api/index.js';
import { Controller, startWhenSynced, type Informer, type VolumeControllerContext, type ReconcileResult } from '../../client/index.js';
import { ApiEnv, pvcResource, pvResource } from './api-env.js';
import { HostVolumePlugins } from './plugins.js';
import { syncClaim } from './sync-claim.js';
import { syncVolume } from './sync-volume.js';


/** Upstream re-syncs unbound claims every 15 s; Skiff also reacts to every relevant change at once. */
const pendingResyncMs = 15_000;

export function startPersistentVolumeController(ctx: VolumeControllerContext): AsyncDisposable {
  const informer = <T extends object>(group: string, plural: string): Informer<T> => ctx.informers.informerFor<T>(lookupResource(group, 'v1', plural)!);
  const volumes = ctx.informers.informerFor<Volume>(pvResource);
  const claims = ctx.informers.informerFor<Claim>(pvcResource);
  const classes = informer<Class>('storage.k8s.io', 'storageclasses');
  const pods = informer<Pod>('', 'pods');
  const nodes = informer<Node>('', 'nodes');
  const env = new ApiEnv({ client: ctx.client, recorder: ctx.recorder, clock: ctx.clock, plugins: new HostVolumePlugins(ctx.hosts), claims, classes, pods, nodes });

  const claimQueue = new Controller({
    name: 'persistentvolume-binder-claims', workers: ctx.workers ?? 8, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(key: string): Promise<ReconcileResult | void> {
        const claim = env.claim(key);
        if (!claim) return;
        const r = await syncClaim(env, claim);
        if (r === 'pending') return { requeueAfterMs: pendingResyncMs };
      },
    },
  });
  const volumeQueue = new Controller({
    name: 'persistentvolume-binder-volumes', workers: ctx.workers ?? 8, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(name: string): Promise<void> {
        const volume = env.volume(name);
        if (volume) await syncVolume(env, volume);
      },
    },
  });
  const enqueueClaims = (keys: Iterable<string>): void => { for (const k of keys) claimQueue.enqueue(k); };
  // A volume that frees up may match any unbound claim of its class. Volumes often arrive in bursts, so the
  // classes are collected and their claims re-examined once per 100 ms instead of once per volume.
  const freedClasses = new Set<string>();
  let retry: Disposable | undefined;
  const retryUnboundClaims = (cls: string): void => {
    freedClasses.add(cls);
    retry ??= ctx.clock.setTimeout(() => {
      retry = undefined;
      for (const c of freedClasses) enqueueClaims(env.unboundClaims(c));
      freedClasses.clear();
    }, 100);
  };

  volumes.addHandlers({
    onAdd: onVolume,
    onUpdate: onVolume,
    onDelete: (o) => {
      const v = o;
      env.forgetVolume(v);
      const ref = v.spec?.claimRef;
      if (ref?.name) claimQueue.enqueue(`${ref.namespace ?? ''}/${ref.name}`);
    },
  });
  function onVolume(v: Volume): void {
    env.observeVolume(v);
    volumeQueue.enqueue(v.metadata.name);
    const ref = v.spec?.claimRef;
    if (ref?.name) claimQueue.enqueue(`${ref.namespace ?? ''}/${ref.name}`);
    else if (v.status?.phase === 'Available') retryUnboundClaims(v.spec?.storageClassName ?? '');
  }
  claims.addHandlers({
    onAdd: onClaim,
    onUpdate: onClaim,
    onDelete: (o) => {
      const c = o;
      env.forgetClaim(c);
      for (const name of env.volumes.volumesClaimedBy(claimKey(c))) volumeQueue.enqueue(name);
    },
  });
  function onClaim(c: Claim): void {
    env.observeClaim(c);
    claimQueue.enqueue(claimKey(c));
    for (const name of env.volumes.volumesClaimedBy(claimKey(c))) volumeQueue.enqueue(name);
  }
  // A class that appears (or becomes default) may unblock any unbound claim.
  const onClass = (): void => enqueueClaims(env.unboundClaims());
  classes.addHandlers({ onAdd: onClass, onUpdate: onClass });
  const onPod = (present: boolean) => (o: Pod): void => {
    for (const key of env.observePod(o, present)) {
      claimQueue.enqueue(key);
      // A recycle waiting for the claim's last user.
      if (!present) for (const name of env.volumes.volumesClaimedBy(key)) volumeQueue.enqueue(name);
    }
  };
  pods.addHandlers({ onAdd: onPod(true), onUpdate: onPod(true), onDelete: onPod(false) });

  const running = startWhenSynced([volumes, claims, classes, pods, nodes], [claimQueue, volumeQueue]);
  return {
    async [Symbol.asyncDispose]() {
      retry?.[Symbol.dispose]();
      await running[Symbol.asyncDispose]();
    },
  };
}
