// Qualified function names (ip.isCanonical, strings.quote, sets.contains, format.named): cel-js parses `a.f(x)` as
// a method call on the identifier `a`, so each namespace is a constant of its own type with the functions as
// methods, the way cel-js itself declares cel.bind and optional.of.

/** Declares the constant `name` and returns its type name, for signatures like `${type}.quote(string): string`. */
export function registerNamespace(env: { registerType(name: string, ctor: new () => object): unknown; registerConstant(name: string, type: string, value: unknown): unknown }, name: string): string {
  const type = `${name[0]?.toUpperCase() ?? ''}${name.slice(1)}Namespace`;
  const ctor = { [type]: class {} }[type] as new () => object;
  env.registerType(type, ctor);
  env.registerConstant(name, type, new ctor());
  return type;
}
