// autoscaling/v2: HorizontalPodAutoscaler rules (the storage version of the group).
import type { KindRules } from '../../meta/index.js';
import { hpaV2Rules } from './horizontal-pod-autoscaler.js';

export { hpaV2Rules, defaultHpaV2, defaultCpuMetric, defaultCpuUtilization, defaultScaleUpRules, defaultScaleDownRules } from './horizontal-pod-autoscaler.js';

export const autoscalingV2Rules: Record<string, KindRules> = { HorizontalPodAutoscaler: hpaV2Rules };
