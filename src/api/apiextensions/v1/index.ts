// apiextensions.k8s.io/v1: CustomResourceDefinitions (the kind's rules) and what the registry serves for them.
export { customResourceDefinitionKindRules, customResourceCleanupFinalizer, storageVersion } from './crd-kind.js';
export { customResourceDescriptors, isEstablished, noSchemaRules, simplePath, type SchemaRules } from './custom-resource-descriptors.js';
