// What the HPA decision core needs from the outside (upstream metrics.MetricsClient and the pod lister), as
// interfaces the shell implements: the metrics APIs and the pods the target's selector matches. Types only,
// plus the metric selectors as upstream converts them.
import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2.js';
import type { LabelSelector as LabelSelectorObject } from 'kubernetes-types/meta/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { everything, fromLabelSelectorObject, type LabelSelector } from '../../api/index.js';
import type { PodMetricsInfo } from './pod-groups.js';

/** Samples of a per-pod metric; `timestampMs` is the first item's, as upstream reports it. */
export interface PodMetricsResult {
  readonly metrics: PodMetricsInfo;
  readonly timestampMs: number;
}

/**
 * The metrics APIs, as upstream's MetricsClient. Values are milli-units (Quantity.milliValue()). Each method may
 * return a promise. A thrown error means "no metric this sync": its message lands, wrapped as upstream does, in
 * the FailedGet*Metric event and ScalingActive condition, and the metric counts as invalid; the next sync retries.
 * Implementations should throw upstream's texts for empty answers ("no metrics returned from resource metrics
 * API", "no metrics returned from custom metrics API", "no metrics returned from external metrics API").
 */
export interface MetricsSource {
  /**
   * metrics.k8s.io PodMetrics of the pods matching `selector`: per pod the sum of `resource` over its containers
   * (a pod with a container lacking the resource has no sample), or the named container's usage only (a pod
   * without that container fails the lookup: "failed to get container metrics: container <c> not present in
   * metrics for pod <namespace>/<pod>").
   */
  getResourceMetric(resource: string, query: { namespace: string; selector: LabelSelector; container?: string }): PodMetricsResult | Promise<PodMetricsResult>;
  /** custom.metrics.k8s.io: `metricName` for the pods matching `selector` (window 1 min when the API gives none). */
  getRawMetric(metricName: string, query: { namespace: string; selector: LabelSelector; metricSelector: LabelSelector }): PodMetricsResult | Promise<PodMetricsResult>;
  /** custom.metrics.k8s.io: `metricName` of one object (a Namespace reference reads the namespace's root-scoped metric). */
  getObjectMetric(metricName: string, query: { namespace: string; objectRef: CrossVersionObjectReference; metricSelector: LabelSelector }): ObjectMetricResult | Promise<ObjectMetricResult>;
  /** external.metrics.k8s.io: every series of `metricName` matching `metricSelector`. */
  getExternalMetric(metricName: string, query: { namespace: string; metricSelector: LabelSelector }): ExternalMetricResult | Promise<ExternalMetricResult>;
}

export interface ObjectMetricResult {
  readonly value: number;
  readonly timestampMs: number;
}

export interface ExternalMetricResult {
  readonly values: readonly number[];
  readonly timestampMs: number;
}

/** The pods behind the scale target's selector, read from the shell's informer cache. */
export interface TargetPods {
  /** The pods of the HPA's namespace that `selector` matches. */
  list(selector: LabelSelector): readonly Pod[];
  /**
   * Keys ("namespace/name") of the HPAs whose target selectors match any of `pods`, this HPA included (upstream
   * keeps them in a selector multimap fed by every sync). More than one makes the selector ambiguous.
   */
  controllingHpas(pods: readonly Pod[]): readonly string[];
}

const operators = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * upstream metav1.LabelSelectorAsSelector for a metric's selector. An unset selector converts to upstream's
 * Nothing selector, which reaches the metrics APIs as an empty (match-all) selector: it is returned as such.
 */
export function metricSelector(sel: LabelSelectorObject | undefined): LabelSelector {
  if (sel === undefined) return everything;
  for (const e of sel.matchExpressions ?? []) {
    if (!operators.has(e.operator)) throw new Error(`"${e.operator}" is not a valid label selector operator`);
  }
  return fromLabelSelectorObject(sel);
}

/**
 * A metav1.LabelSelector as Go prints it with %+v (its generated String()): upstream puts this text into the
 * external metric's name ("external metric qps(&LabelSelector{...})") and into error messages.
 */
export function goLabelSelectorString(sel: LabelSelectorObject | undefined): string {
  if (sel === undefined) return 'nil';
  const labels = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}: ${sel.matchLabels?.[k] ?? ''},`).join('');
  const exprs = (sel.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
