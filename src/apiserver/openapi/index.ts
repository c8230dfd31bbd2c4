// openapi: the /openapi/v2 and /openapi/v3 documents, generated from the served resources and api/schema.
export { buildOpenApiV2, buildOpenApiV3GroupVersion, buildOpenApiV3Root, openApiJson, type OpenApiDocument } from './documents.js';
export { patchContentTypes } from './paths.js';
export type { OpenApiResource } from './resource.js';
export { layeredCatalog, registryCatalog, type SchemaCatalog } from './catalog.js';
