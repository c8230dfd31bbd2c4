// coordination.k8s.io/v1: Lease validation rules keyed by Kind.
import type { KindRules } from '../../meta/index.js';
import { leaseRules } from './lease.js';

export { leaseRules } from './lease.js';

export const coordinationV1Rules: Record<string, KindRules> = { Lease: leaseRules };
