// The shape of one OpenAPI (v2-style) schema node and of a group/version/kind, as the definitions use them.

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** One OpenAPI schema node, as upstream's swagger.json writes it (refs are `#/definitions/<name>`). */
export interface SchemaObject {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  additionalProperties?: SchemaObject;
  required?: string[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
}
