// The structural-schema engine for CustomResourceDefinitions (pure, layer api): validation, pruning and
// defaulting of custom resources, and the checks a CRD's own schema must pass.
export type { JSONSchemaProps, ValidationRule } from './types.js';
export { validateCustomResource, type ValidateOptions } from './validate.js';
export { pruneUnknownFields } from './prune.js';
export { applyDefaults } from './defaults.js';
export { structuralSchemaErrors } from './structural.js';
