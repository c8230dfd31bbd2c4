// autoscaling/v1: HorizontalPodAutoscaler rules for the v1 shape and the v1 ⇔ v2 (storage) conversions.
import type { KindRules } from '../../meta/index.js';
import { hpaV1Rules } from './horizontal-pod-autoscaler.js';

export { hpaV1Rules } from './horizontal-pod-autoscaler.js';
export { hpaV1ToV2, hpaV2ToV1, otherMetricsAnnotation, currentMetricsAnnotation, conditionsAnnotation, behaviorAnnotation } from './conversion.js';

export const autoscalingV1Rules: Record<string, KindRules> = { HorizontalPodAutoscaler: hpaV1Rules };
