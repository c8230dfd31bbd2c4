// Storage keys: the one function that builds them. `/registry/<group|core>/<plural>/<namespace>/<name>`.

export function resourcePrefix(group: string, plural: string): string {
  return `/registry/${group || 'core'}/${plural}/`;
}

export function namespacePrefix(group: string, plural: string, namespace: string): string {
  return namespace ? `${resourcePrefix(group, plural)}${namespace}/` : resourcePrefix(group, plural);
}

export function objectKey(group: string, plural: string, namespace: string, name: string): string {
  return namespace ? `${resourcePrefix(group, plural)}${namespace}/${name}` : `${resourcePrefix(group, plural)}${name}`;
}
