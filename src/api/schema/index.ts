// schema: OpenAPI definitions of the served kinds and what is derived from them (patch meta, unknown fields).
export { definitions, definitionName, getDefinition, reachableDefinitions, resolve, type SchemaObject } from './schema.js';
export { pruneUnknownFields, unknownFields } from './unknown-fields.js';
export { patchMetaFor } from './patch-meta.js';
