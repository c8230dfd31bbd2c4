// Wiring of the pvc-protection and pv-protection controllers.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ClaimUsers, claimKey, lookupResource, podClaimNames, type ClaimObject as Claim, type VolumeObject as Volume } from '../../api/index.js';
import { Controller, objectKeyOf, startWhenSynced, type ControllerContext } from '../../client/index.js';
import { applyFinalizer, claimFinalizerAction, podUsesClaim, pvcProtectionFinalizer, pvProtectionFinalizer, volumeFinalizerAction } from './protection.js';

/** `ctx` runs pvc-protection; `pvCtx` (its client: pv-protection's identity) runs pv-protection. */
export function startVolumeProtection(ctx: ControllerContext, pvCtx: ControllerContext = ctx): AsyncDisposable {
  const pvc = lookupResource('', 'v1', 'persistentvolumeclaims')!;
  const pv = lookupResource('', 'v1', 'persistentvolumes')!;
  const podRes = lookupResource('', 'v1', 'pods')!;
  const claims = ctx.informers.informerFor<Claim>(pvc);
  const volumes = ctx.informers.informerFor<Volume>(pv);
  const pods = ctx.informers.informerFor<Pod>(podRes);
  const claimUsers = new ClaimUsers();
  const claimQueue = new Controller({
    name: 'pvc-protection', workers: 2, clock: ctx.clock, logger: ctx.logger,
    reconciler: {
      async reconcile(key: string): Promise<void> {
        const claim = claims.get(key);
        if (!claim) return;
        const cached = claimUsers.podsOf(key).some((k) => { const p = pods.get(k); return p !== undefined && podUsesClaim(p, claim.metadata.name); });
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
        if (volume) await applyFinalizer(pvCtx.client, pv, volume, pvProtectionFinalizer, volumeFinalizerAction(volume));
      },
    },
  });
  const onClaim = (o: Claim): void => claimQueue.enqueue(claimKey(o));
  claims.addHandlers({ onAdd: onClaim, onUpdate: onClaim });
  const onVolume = (o: Volume): void => volumeQueue.enqueue(o.metadata.name);
  volumes.addHandlers({ onAdd: onVolume, onUpdate: onVolume });
  const onPod = (present: boolean) => (p: Pod): void => {
    const key = objectKeyOf(p);
    for (const c of podClaimNames(p)) claimQueue.enqueue(`${p.metadata?.namespace ?? ''}/${c}`);
    claimUsers.set(key, present ? p : undefined);
  };
  pods.addHandlers({ onAdd: onPod(true), onUpdate: onPod(true), onDelete: onPod(false) });
  return startWhenSynced([claims, volumes, pods], [claimQueue, volumeQueue]);
}
