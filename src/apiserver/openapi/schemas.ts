// Schema sections of the documents: `definitions` (swagger 2.0) or `components.schemas` (OpenAPI 3.0),
// copied from api/schema with refs rewritten, limited to the definitions a document references.
import { reachableDefinitions, refName } from '../../api/schema/index.js';
import { registryCatalog, type SchemaCatalog } from './catalog.js';
import { patchDefinition } from './paths.js';
import { refPrefix, type Dialect } from './resource.js';

const extraSchemas: Readonly<Record<string, Record<string, unknown>>> = {
  [patchDefinition]: { type: 'object', description: 'A patch document; its format is chosen by the request Content-Type.' },
};

/**
 * OpenAPI 3.0 forms of the two scalars that accept several JSON types: upstream writes them as `oneOf`
 * without a `type`, which is also what makes kubectl explain print `<Quantity>` and `<IntOrString>`.
 */
const v3Scalars: Readonly<Record<string, Record<string, unknown>>> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
};

/**
 * Copies a schema node for `dialect`. In v3 a `$ref` with siblings is wrapped in `allOf`, because
 * OpenAPI 3.0 ignores siblings of `$ref` and kubectl explain would lose field descriptions.
 */
function convert(s: unknown, dialect: Dialect): unknown {
  if (Array.isArray(s)) return s.map((x) => convert(x, dialect));
  if (s === null || typeof s !== 'object') return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) out[k] = k === '$ref' && typeof v === 'string' ? refPrefix[dialect] + refName(v) : convert(v, dialect);
  const { $ref, ...rest } = out;
  if (dialect === 'v3' && $ref !== undefined && Object.keys(rest).length > 0) return { ...rest, allOf: [{ $ref }] };
  return out;
}

/** The schemas reachable from `roots`, sorted by name, in the form `dialect` uses. */
export function schemaSection(roots: Iterable<string>, dialect: Dialect, catalog: SchemaCatalog = registryCatalog): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of [...reachableDefinitions(roots, catalog.getDefinition)].sort()) {
    const def = catalog.getDefinition(name);
    if (!def) continue;
    const scalar = dialect === 'v3' ? v3Scalars[name] : undefined;
    out[name] = scalar ? { ...(def.description === undefined ? {} : { description: def.description }), ...scalar } : convert(def, dialect);
  }
  out[patchDefinition] = extraSchemas[patchDefinition];
  return out;
}
