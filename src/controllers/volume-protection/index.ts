// Wiring of the pvc-protection and pv-protection controllers.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ClaimUsers, lookupResource, podClaimNames, type ClaimObject as Claim, type VolumeObject as Volume } from '../../api/index.js';
import { addsAndUpdates, controllerFor, objectKeyOf, type CacheIndex, type ControllerContext } from '../../client/index.js';
import { DisposableStore } from '../../util/index.js';
import { applyFinalizer, claimFinalizerAction, podUsesClaim, pvcProtectionFinalizer, pvProtectionFinalizer, volumeFinalizerAction } from './protection.js';

/** `ctx` runs pvc-protection; `pvCtx` (its client: pv-protection's identity) runs pv-protection. */
export function startVolumeProtection(ctx: ControllerContext, pvCtx: ControllerContext = ctx): AsyncDisposable {
  const pvc = lookupResource('', 'v1', 'persistentvolumeclaims')!;
  const pv = lookupResource('', 'v1', 'persistentvolumes')!;
  const podRes = lookupResource('', 'v1', 'pods')!;
  const claimUsers = new ClaimUsers();
  const claimUsersIndex: CacheIndex<Pod> = { add: (p) => claimUsers.set(objectKeyOf(p), p), remove: (p) => claimUsers.set(objectKeyOf(p), undefined) };

  const c = controllerFor<Claim>(ctx, pvc, { name: 'pvc-protection', kind: 'PersistentVolumeClaim', delayOf: addsAndUpdates });
  const claims = c.primary;
  // A pod added, changed or gone: the claims it references now are looked at again.
  const pods = c.watches<Pod>(podRes, ({ obj: p }) => podClaimNames(p).map((n) => `${p.metadata?.namespace ?? ''}/${n}`), { indexes: [claimUsersIndex] });
  const running = new DisposableStore();
  running.add(c.complete({
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
  }, { workers: 2 }));

  // The volume's own state decides (Bound or not): it waits for the volume cache only.
  const v = controllerFor<Volume>(ctx, pv, { name: 'pv-protection', kind: 'PersistentVolume', delayOf: addsAndUpdates });
  const volumes = v.primary;
  running.add(v.complete({
    async reconcile(name: string): Promise<void> {
      const volume = volumes.get(name);
      if (volume) await applyFinalizer(pvCtx.client, pv, volume, pvProtectionFinalizer, volumeFinalizerAction(volume));
    },
  }, { workers: 2 }));
  return running;
}
