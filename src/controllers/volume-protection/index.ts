// Wiring of the pvc-protection and pv-protection controllers.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { claimKey, lookupResource, type ClaimObject as Claim, type VolumeObject as Volume } from '../../api/index.js';
import { Controller, startWhenSynced, type ControllerContext } from '../../client/index.js';
import { applyFinalizer, claimFinalizerAction, podUsesClaim, pvcProtectionFinalizer, pvProtectionFinalizer, volumeFinalizerAction } from './protection.js';


export function startVolumeProtection(ctx: ControllerContext): AsyncDisposable {
  const pvc = lookupResource('', 'v1', 'persistentvolumeclaims')!;
  const pv = lookupResource('', 'v1', 'persistentvolumes')!;
  const podRes = lookupResource('', 'v1', 'pods')!;
  const claims = ctx.informers.informerFor<Claim>(pvc);
  const volumes = ctx.informers.informerFor<Volume>(pv);
  const pods = ctx.informers.informerFor<Pod>(podRes);
  const claimQueue = new Controller({
    name: 'pvc-protection', workers: 2, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(key: string): Promise<void> {
        const claim = claims.get(key);
        if (!claim) return;
        const cached = pods.list().some((p) => p.metadata?.namespace === claim.metadata.namespace && podUsesClaim(p, claim.metadata.name));
        let action = claimFinalizerAction(claim, cached);
        if (action === 'remove') {
          // The cache may lag behind a pod just scheduled: confirm with a live list before letting go.
          const live = await ctx.client.list(podRes, claim.metadata.namespace);
          action = claimFinalizerAction(claim, live.items.some((p) => podUsesClaim(p as Pod, claim.metadata.name)));
        }
        await applyFinalizer(ctx.client, pvc, claim, pvcProtectionFinalizer, action);
      },
    },
  });
  const volumeQueue = new Controller({
    name: 'pv-protection', workers: 2, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(name: string): Promise<void> {
        const volume = volumes.get(name);
        if (volume) await applyFinalizer(ctx.client, pv, volume, pvProtectionFinalizer, volumeFinalizerAction(volume));
      },
    },
  });
  const onClaim = (o: Claim): void => claimQueue.enqueue(claimKey(o));
  claims.addHandlers({ onAdd: onClaim, onUpdate: onClaim });
  const onVolume = (o: Volume): void => volumeQueue.enqueue(o.metadata.name);
  volumes.addHandlers({ onAdd: onVolume, onUpdate: onVolume });
  const onPod = (p: Pod): void => {
    for (const v of p.spec?.volumes ?? []) if (v.persistentVolumeClaim) claimQueue.enqueue(`${p.metadata?.namespace ?? ''}/${v.persistentVolumeClaim.claimName}`);
  };
  pods.addHandlers({ onAdd: onPod, onUpdate: onPod, onDelete: onPod });
  return startWhenSynced([claims, volumes, pods], [claimQueue, volumeQueue]);
}
