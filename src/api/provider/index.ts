// provider: the contract of in-process API group providers (group-versions served from code).
export {
  validateProviders, type ApiGroupProvider, type ProvidedResource, type ProviderRequest, type ProviderUser, type ProviderVerb,
} from './api-group-provider.js';
