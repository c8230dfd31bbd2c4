// apiregistration.k8s.io/v1: APIService types, rules, conditions, priorities, service resolution and
// front-proxy headers (kube-aggregator's pure parts).
import type { KindRules } from '../../meta/index.js';
import { apiServiceRules } from './api-service.js';

export * from './types.js';
export { apiServiceRules, defaultServicePort, validateApiService } from './api-service.js';
export * from './conditions.js';
export * from './priorities.js';
export * from './service-resolution.js';
export * from './proxy-headers.js';

export const apiregistrationV1Rules: Record<string, KindRules> = { APIService: apiServiceRules };
