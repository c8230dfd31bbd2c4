// The HPA controller shell (upstream horizontal.go's loop): every HPA is synced when it changes and again every
// sync period. A sync reads the target's /scale, asks control.ts (with the metrics APIs behind metrics-client.ts
// and the pods from the informer), writes the new replica count to /scale, then the status (with the cached
// resourceVersion, only when it changed) and the events. Scaling history lives in memory per HPA, as upstream.
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { lookupKind, lookupResource, parseLabelSelector, semanticEqual, type ResourceDescriptor } from '../../api/index.js';
import { controllerFor, labelIndexOf, type ControllerContext, type EventRecorder, type ReconcileResult } from '../../client/index.js';
import { errorMessage } from '../../util/index.js';
import { failedGetScale, planSync, syncResult, type ScaleOutcome, type SyncOptions } from './control.js';
import type { ScaleState } from './compute-metrics.js';
import { metricsClient } from './metrics-client.js';
import type { MetricsSource, TargetPods } from './metrics-source.js';
import type { ScalingHistory } from './scaling-history.js';
import { SelectorIndex } from './selector-index.js';

const hpaR = lookupResource('autoscaling', 'v2', 'horizontalpodautoscalers')!;
const podsR = lookupResource('', 'v1', 'pods')!;

export interface HpaControllerOptions {
  /** --horizontal-pod-autoscaler-sync-period (upstream 15 s). */
  syncPeriodMs?: number;
  /** Decision tuning: tolerance, downscale stabilization, cpu initialization period, initial readiness delay. */
  sync?: SyncOptions;
  /** Where metrics come from; default: the metrics APIs through the client. */
  metrics?: MetricsSource;
}

export interface HpaControllerContext extends ControllerContext {
  recorder: EventRecorder;
  workers?: number;
}

type HpaObject = HorizontalPodAutoscaler & { metadata: { name: string; namespace: string; uid: string } };
interface Scale { metadata?: { name?: string; namespace?: string; resourceVersion?: string }; spec?: { replicas?: number }; status?: { replicas?: number; selector?: string } }

/** The scale target's resource (any kind with a /scale subresource), or an error with upstream's text. */
function targetResource(hpa: HpaObject): ResourceDescriptor {
  const ref = hpa.spec?.scaleTargetRef;
  const apiVersion = ref?.apiVersion ?? 'v1';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  const desc = lookupKind(group, version, ref?.kind ?? '');
  if (!desc) throw new Error(`unable to determine resource for scale target reference: no matches for kind "${ref?.kind}" in group "${group}"`);
  return desc;
}

export function startHorizontalPodAutoscalerController(ctx: HpaControllerContext, options: HpaControllerOptions = {}): AsyncDisposable {
  const { client, clock } = ctx;
  const period = options.syncPeriodMs ?? 15_000;
  // An HPA added, deleted (its history is dropped) or with a new spec; status updates (ours) wait for the period.
  const b = controllerFor<HpaObject>(ctx, hpaR, {
    name: 'horizontal-pod-autoscaler', kind: 'HorizontalPodAutoscaler',
    delayOf: (c) => (c.type !== 'update' || c.obj.metadata.generation !== c.old.metadata.generation ? 0 : undefined),
  });
  const hpas = b.primary;
  const pods = b.reads<Pod>(podsR);
  const source = options.metrics ?? metricsClient(client);
  const histories = new Map<string, ScalingHistory>();
  const podIndex = labelIndexOf(pods);
  /** Each HPA's target selector as of its last sync (upstream's selector multimap, for AmbiguousSelector). */
  const selectors = new SelectorIndex();

  const targetPods = (namespace: string): TargetPods => ({
    list: (selector) => podIndex.select(namespace, selector),
    controllingHpas: (matched) => selectors.owners(namespace, matched.map((p) => p.metadata?.labels ?? {})),
  });

  async function sync(key: string): Promise<ReconcileResult | undefined> {
    const cached = hpas.get(key);
    if (!cached) { histories.delete(key); selectors.delete(key); return undefined; }
    const hpa = { ...cached, apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' } as HpaObject;
    const nowMs = clock.nowMs();
    let target: ResourceDescriptor;
    let scale: Scale;
    try {
      target = targetResource(hpa);
      scale = await client.getSubresource<Scale>(target, hpa.metadata.namespace, hpa.spec?.scaleTargetRef.name ?? '', 'scale');
    } catch (e: unknown) {
      const failed = failedGetScale(hpa, `the HPA controller was unable to get the target's current scale: ${errorMessage(e)}`, nowMs);
      for (const ev of failed.events) ctx.recorder.event(hpa, ev.type, ev.reason, ev.message);
      await writeStatus(hpa, failed.status);
      throw e;
    }
    const state: ScaleState = { specReplicas: scale.spec?.replicas ?? 0, statusReplicas: scale.status?.replicas ?? 0, selector: scale.status?.selector ?? '' };
    try {
      selectors.set(key, hpa.metadata.namespace, parseLabelSelector(state.selector));
    } catch {
      selectors.delete(key);
    }
    const input = { hpa, scale: state, history: histories.get(key), nowMs };
    const plan = await planSync(input, { source, pods: targetPods(hpa.metadata.namespace), ...(options.sync ? { options: options.sync } : {}) });
    let outcome: ScaleOutcome = { kind: 'none' };
    if (plan.rescale && plan.metricsError === undefined) {
      try {
        await client.update(target, { ...scale, apiVersion: 'autoscaling/v1', kind: 'Scale', spec: { ...scale.spec, replicas: plan.desiredReplicas } }, 'scale');
        outcome = { kind: 'rescaled' };
      } catch (e: unknown) {
        outcome = { kind: 'failed', error: errorMessage(e) };
      }
    }
    const result = syncResult(input, plan, outcome);
    histories.set(key, result.history);
    for (const ev of result.events) ctx.recorder.event(hpa, ev.type, ev.reason, ev.message);
    await writeStatus(hpa, result.status);
    if (result.error !== undefined) throw new Error(result.error);
    return { requeueAfterMs: period };
  }

  /** upstream updateStatusIfNeeded: only a changed status is written, onto the version it was computed from. */
  async function writeStatus(hpa: HpaObject, status: HorizontalPodAutoscaler['status']): Promise<void> {
    if (semanticEqual(hpa.status ?? {}, status ?? {})) return;
    await client.update(hpaR, { ...hpa, status }, 'status');
  }

  return b.complete({
    async reconcile(key: string): Promise<ReconcileResult | undefined> {
      try {
        return await sync(key);
      } catch (e: unknown) {
        // A failed sync waits for the next period like any other (upstream's HPA rate limiter never retries sooner).
        ctx.logger.warn('horizontal pod autoscaler sync failed', { hpa: key, error: errorMessage(e) });
        return { requeueAfterMs: period };
      }
    },
  }, { workers: ctx.workers ?? 4 });
}
