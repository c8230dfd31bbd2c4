// Writes the skiff.io/VolumeUsage condition of the claims this node's pods mount (volume-usage.ts decides when and
// what) after each stats sample: read the claim, set the condition, update its status; a conflict or a claim gone
// waits for the next sample.
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { isConflict, isNotFound, lookupResource, type VolumeStats } from '../../api/index.js';
import type { Client } from '../../client/index.js';
import { errorMessage, rfc3339, type Clock, type Logger } from '../../util/index.js';
import { usageDue, withUsageCondition, type Reported } from './volume-usage.js';

const claims = lookupResource('', 'v1', 'persistentvolumeclaims')!;

export class VolumeUsageReporter {
  readonly #o: { client: Client; clock: Clock; logger: Logger };
  /** What was last written (or found written) per claim, by namespace/name. */
  readonly #reported = new Map<string, Reported>();
  #running = false;

  constructor(options: { client: Client; clock: Clock; logger: Logger }) {
    this.#o = options;
  }

  /** Reports the usage of every measured claim that is due (a claim two pods mount, once); one report at a time, never rejects. */
  async report(volumes: readonly VolumeStats[]): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const now = this.#o.clock.nowMs();
      const seen = new Set<string>();
      for (const v of volumes) {
        if (!v.pvcRef) continue;
        const key = `${v.pvcRef.namespace}/${v.pvcRef.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!usageDue(this.#reported.get(key), v, now)) continue;
        try {
          const claim = await this.#o.client.get<PersistentVolumeClaim>(claims, v.pvcRef.namespace, v.pvcRef.name);
          const conditions = withUsageCondition(claim.status?.conditions, v, rfc3339(new Date(now)));
          if (conditions) await this.#o.client.update(claims, { ...claim, status: { ...claim.status, conditions } }, 'status');
          this.#reported.set(key, { usedBytes: v.usedBytes!, capacityBytes: v.capacityBytes!, atMs: now });
        } catch (e: unknown) {
          if (!isConflict(e) && !isNotFound(e)) this.#o.logger.warn('volume usage not reported on its claim', { claim: key, error: errorMessage(e) });
        }
      }
      for (const key of this.#reported.keys()) if (!seen.has(key)) this.#reported.delete(key);
    } finally {
      this.#running = false;
    }
  }
}
