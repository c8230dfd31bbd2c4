// openapi: /openapi/v2 and /openapi/v3 documents generated from the registry and api/schema.
export { buildOpenApiV2, buildOpenApiV3GroupVersion, buildOpenApiV3Root, type OpenApiResource } from './openapi.js';
