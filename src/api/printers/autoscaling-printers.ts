// Printers for autoscaling: HorizontalPodAutoscaler (v2 shape, and the v1 shape via upstream's conversion)
// and the Scale subresource (kubectl-compat.md §3.3, §3.9).
import type { HorizontalPodAutoscaler as HpaV1, Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus, MetricTarget, MetricValueStatus } from 'kubernetes-types/autoscaling/v2.js';
import { ageColumn, ageOf, col, nameColumn, nameOf, type PrinterSet } from './columns.js';
import { joinWithMore } from './cell-format.js';
import { canonicalQuantity } from '../resource/index.js';

/** Quantity.String() of an optional quantity: `<nil>` when unset, as Go prints a nil *Quantity. */
function q(v: string | number | undefined): string {
  return v === undefined || v === null ? '<nil>' : String(canonicalQuantity(v));
}

/** Upstream's v1 → internal conversion: targetCPUUtilizationPercentage becomes one cpu Utilization metric. */
export function hpaV1ToV2(hpa: HpaV1): HorizontalPodAutoscaler {
  const target = hpa.spec?.targetCPUUtilizationPercentage;
  const current = hpa.status?.currentCPUUtilizationPercentage;
  const out: HorizontalPodAutoscaler = {
    metadata: hpa.metadata ?? {},
    spec: { scaleTargetRef: hpa.spec?.scaleTargetRef ?? { kind: '', name: '' }, maxReplicas: hpa.spec?.maxReplicas ?? 0 },
    status: { currentReplicas: hpa.status?.currentReplicas ?? 0, desiredReplicas: hpa.status?.desiredReplicas ?? 0 },
  };
  if (hpa.spec?.minReplicas !== undefined && out.spec) out.spec.minReplicas = hpa.spec.minReplicas;
  if (target !== undefined && out.spec) {
    out.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
  }
  if (current !== undefined && out.status) out.status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }];
  return out;
}

/** `name: cur/target` for Resource and ContainerResource metrics. */
function resourceTarget(name: string, target: MetricTarget | undefined, current: MetricValueStatus | undefined): string {
  if (target?.averageValue !== undefined) return `${name}: ${current ? q(current.averageValue) : '<unknown>'}/${q(target.averageValue)}`;
  const cur = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
  const tgt = target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${cur}/${tgt}`;
}

/** `cur/target`, or `cur/target (avg)` for an averageValue target (Object and External metrics). */
function valueTarget(target: MetricTarget | undefined, current: MetricValueStatus | undefined): string {
  if (target?.averageValue !== undefined) return `${current?.averageValue !== undefined ? q(current.averageValue) : '<unknown>'}/${q(target.averageValue)} (avg)`;
  return `${current ? q(current.value) : '<unknown>'}/${q(target?.value)}`;
}

function metricCell(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External': return valueTarget(spec.external?.target, status?.external?.current);
    case 'Object': return valueTarget(spec.object?.target, status?.object?.current);
    case 'Pods': return `${status?.pods ? q(status.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods?.target?.averageValue)}`;
    case 'Resource': return resourceTarget(spec.resource?.name ?? '', spec.resource?.target, status?.resource?.current);
    case 'ContainerResource': return resourceTarget(spec.containerResource?.name ?? '', spec.containerResource?.target, status?.containerResource?.current);
    default: return '<unknown type>';
  }
}

/** The Targets cell: each metric paired with the status metric at the same index; two shown, then `+ N more...`. */
export function hpaTargetsCell(hpa: HorizontalPodAutoscaler): string {
  const metrics = hpa.spec?.metrics ?? [];
  if (metrics.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  return joinWithMore(metrics.map((m, i) => metricCell(m, statuses[i])), 2, ', ');
}

export const autoscalingPrinters: PrinterSet = {
  'HorizontalPodAutoscaler.autoscaling': {
    columns: [nameColumn, col('Reference'), col('Targets'), col('MinPods'), col('MaxPods'), col('Replicas'), ageColumn],
    cells(obj, now) {
      const raw = obj as HorizontalPodAutoscaler & HpaV1;
      const hpa: HorizontalPodAutoscaler = raw.spec?.metrics === undefined && raw.spec?.targetCPUUtilizationPercentage !== undefined ? hpaV1ToV2(raw) : raw;
      const ref = hpa.spec?.scaleTargetRef;
      const min = hpa.spec?.minReplicas;
      return [nameOf(hpa), `${ref?.kind ?? ''}/${ref?.name ?? ''}`, hpaTargetsCell(hpa), min === undefined ? '<unset>' : String(min),
        hpa.spec?.maxReplicas ?? 0, hpa.status?.currentReplicas ?? 0, ageOf(hpa, now)];
    },
  },
  // Upstream's Scale Name column carries no `name` format.
  'Scale.autoscaling': {
    columns: [col('Name'), col('Desired', { type: 'integer' }), col('Available', { type: 'integer' }), ageColumn],
    cells(obj, now) {
      const s = obj as Scale;
      return [nameOf(s), s.spec?.replicas ?? 0, s.status?.replicas ?? 0, ageOf(s, now)];
    },
  },
};
