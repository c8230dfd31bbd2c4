// Kubernetes' format library (k8s.io/apiserver/pkg/cel/library/format.go): format.named(name) and
// format.<name>() give a kubernetes.NamedFormat whose validate(s) returns optional.none() for a valid string or the
// validator's error messages. Validators are Skiff's own (api/meta names and labels, CRD string formats).
import { Optional, type Environment } from '@marcbachmann/cel-js';
import { isQualifiedName, isValidLabelValue, nameIsDns1035Label, nameIsDnsLabel, nameIsDnsSubdomain } from '../../meta/index.js';
import { formatChecker } from '../../meta/string-formats.js';
import { registerNamespace } from './namespace.js';
import { parseRequestUri } from './go-url.js';

/** The CEL value of type kubernetes.NamedFormat. */
export class NamedFormat {
  constructor(
    readonly name: string,
    readonly validate: (s: string) => string[],
  ) {}

  celEquals(other: unknown): boolean {
    return other instanceof NamedFormat && other.name === this.name;
  }
}

function openApiFormat(format: string, message: string): (s: string) => string[] {
  return (s) => (formatChecker(format)?.(s) === true ? [] : [message]);
}

function uri(s: string): string[] {
  try {
    parseRequestUri(s);
    return [];
  } catch (e: unknown) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

/** Upstream's ConstantFormats, keyed by the name format.named() and format.<name>() use. */
export const namedFormats: ReadonlyMap<string, NamedFormat> = new Map(
  (
    [
      ['dns1123Label', 'DNS1123Label', (s: string) => nameIsDnsLabel(s, false)],
      ['dns1123Subdomain', 'DNS1123Subdomain', (s: string) => nameIsDnsSubdomain(s, false)],
      ['dns1035Label', 'DNS1035Label', (s: string) => nameIsDns1035Label(s, false)],
      ['qualifiedName', 'QualifiedName', isQualifiedName],
      ['dns1123LabelPrefix', 'DNS1123LabelPrefix', (s: string) => nameIsDnsLabel(s, true)],
      ['dns1123SubdomainPrefix', 'DNS1123SubdomainPrefix', (s: string) => nameIsDnsSubdomain(s, true)],
      ['dns1035LabelPrefix', 'DNS1035LabelPrefix', (s: string) => nameIsDns1035Label(s, true)],
      ['labelValue', 'LabelValue', isValidLabelValue],
      ['uri', 'URI', uri],
      ['uuid', 'uuid', openApiFormat('uuid', 'does not match the UUID format')],
      ['byte', 'byte', openApiFormat('byte', 'invalid base64')],
      ['date', 'date', openApiFormat('date', 'invalid date')],
      ['datetime', 'datetime', openApiFormat('datetime', 'invalid datetime')],
    ] as const
  ).map(([key, name, validate]) => [key, new NamedFormat(name, validate)]),
);

function validate(f: NamedFormat, s: string): Optional<string[]> {
  const errors = f.validate(s);
  return errors.length === 0 ? Optional.none() : Optional.of(errors);
}

/** Registers the format library into env. */
export function registerFormat(env: Environment): void {
  const type = 'kubernetes.NamedFormat';
  env.registerType(type, NamedFormat);
  const ns = registerNamespace(env, 'format');
  env.registerFunction(`${ns}.named(string): optional<${type}>`, (_: unknown, name: string) => {
    const f = namedFormats.get(name);
    return f === undefined ? Optional.none() : Optional.of(f);
  });
  for (const [key, f] of namedFormats) env.registerFunction(`${ns}.${key}(): ${type}`, () => f);
  env.registerFunction(`${type}.validate(string): optional<list<string>>`, validate);
}
