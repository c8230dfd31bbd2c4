// discovery.k8s.io/v1: EndpointSlice defaulting and validation rules keyed by Kind.
import type { KindRules } from '../../meta/index.js';
import { endpointSliceRules } from './endpoint-slice.js';

export { endpointSliceRules, serviceNameLabel } from './endpoint-slice.js';

export const discoveryV1Rules: Record<string, KindRules> = { EndpointSlice: endpointSliceRules };
