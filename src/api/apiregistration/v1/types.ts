// APIService (apiregistration.k8s.io/v1) as it travels on the wire. kubernetes-types has no apiregistration
// package; the spec and service reference are @kubernetes/client-node's models (types only, erased at build).
import type { ApiregistrationV1ServiceReference, V1APIServiceCondition, V1APIServiceSpec } from '@kubernetes/client-node';
import type { ObjectMeta, Time } from 'kubernetes-types/meta/v1.js';

export type ServiceReference = ApiregistrationV1ServiceReference;
export type APIServiceSpec = V1APIServiceSpec;

/** client-node decodes lastTransitionTime into a Date; on the wire (and in Skiff) it is an RFC 3339 string. */
export type APIServiceCondition = Omit<V1APIServiceCondition, 'lastTransitionTime'> & { lastTransitionTime?: Time };

export interface APIServiceStatus {
  conditions?: APIServiceCondition[];
}

export interface APIService {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: APIServiceSpec;
  status?: APIServiceStatus;
}

export const apiServiceGroup = 'apiregistration.k8s.io';
