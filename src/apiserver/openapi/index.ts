// openapi: the /openapi/v2 and /openapi/v3 documents, generated from the served resources and api/schema.
export { buildOpenApiV2, buildOpenApiV3GroupVersion, buildOpenApiV3Root, openApiJson, type OpenApiDocument } from './documents.js';
export { patchContentTypes } from './paths.js';
export type { OpenApiResource, OpenApiSubresource } from './resource.js';
export { layeredCatalog, registryCatalog, type SchemaCatalog } from './catalog.js';
export { encodeOpenApiV2Document } from './gnostic-v2.js';
export { mergeOpenApiV2, type RemoteOpenApiV2 } from './merge-v2.js';
export { OpenApiV2Cache, ServedOpenApiV2, type OpenApiV2Format, type OpenApiV2Inputs } from './served-v2.js';
