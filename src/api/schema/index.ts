// schema: OpenAPI definitions of the served kinds (generated from @kubernetes/client-node) and what is
// derived from them: PatchMeta for strategic merge / apply, and unknown-field detection for strict decoding.
export {
  definitions,
  definitionName,
  getDefinition,
  reachableDefinitions,
  refName,
  resolve,
  type GroupVersionKind,
  type SchemaObject,
} from './schema.js';
export { pruneUnknownFields, unknownFields } from './unknown-fields.js';
export { fieldTypeError } from './field-types.js';
export { patchMetaFor } from './patch-meta.js';
