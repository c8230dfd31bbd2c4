// --encryption-provider-config: parsing and validation of an apiserver.config.k8s.io/v1 EncryptionConfiguration,
// and the provider chain it gives each resource (`secrets`, `deployments.apps`, `*.apps`, `*.` for core, `*.*`).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { errorMessage } from '../../util/index.js';
import { PrefixChain, type PrefixedTransformer, type StorageTransformer } from './prefix-chain.js';
import { keyedTransformer, providerPrefix, type KeyedProviderKind } from './providers.js';

/** Stored values of resources the configuration names go through their provider chain; others are stored as is. */
export interface EncryptionConfig {
  /** The chain of group/resource (core group: ''), or undefined when the configuration does not list it. */
  transformerFor(group: string, resource: string): StorageTransformer | undefined;
  /** The resource names of the configuration, in order, for the startup log. */
  readonly resources: readonly string[];
}

/** A configuration file that cannot be used: each line names the field and the problem. */
export class EncryptionConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EncryptionConfigError';
  }
}

const providerKinds = ['kms', 'aesgcm', 'aescbc', 'secretbox', 'identity'] as const;
const keySizes: Record<KeyedProviderKind, readonly number[]> = { aescbc: [16, 24, 32], aesgcm: [16, 24, 32], secretbox: [32] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function validateKeys(kind: KeyedProviderKind, conf: unknown, path: string, errs: string[]): PrefixedTransformer[] {
  const keys = isObject(conf) ? conf['keys'] : undefined;
  if (!Array.isArray(keys) || keys.length === 0) {
    errs.push(`${path}.${kind}.keys: Required value: at least one keys is required`);
    return [];
  }
  const out: PrefixedTransformer[] = [];
  keys.forEach((k: unknown, i) => {
    const kp = `${path}.${kind}.keys[${i}]`;
    const name = isObject(k) && typeof k['name'] === 'string' ? k['name'] : '';
    const secret = isObject(k) && typeof k['secret'] === 'string' ? k['secret'] : '';
    if (name === '') errs.push(`${kp}.name: Required value: name is a mandatory field for a key`);
    if (name.includes(':')) errs.push(`${kp}.name: Invalid value: "${name}": must not contain ':'`);
    if (secret === '') {
      errs.push(`${kp}.secret: Required value: secret is a mandatory field for a key`);
      return;
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(secret) || secret.length % 4 !== 0) {
      errs.push(`${kp}.secret: Invalid value: "REDACTED": secrets must be base64 encoded`);
      return;
    }
    const bytes = Buffer.from(secret, 'base64');
    const sizes = keySizes[kind];
    if (!sizes.includes(bytes.length)) {
      errs.push(`${kp}.secret: Invalid value: "REDACTED": secret is not of the expected length, got ${bytes.length}, expected one of [${sizes.join(' ')}]`);
      return;
    }
    if (name !== '' && !name.includes(':')) out.push({ prefix: providerPrefix(kind, name), transformer: keyedTransformer(kind, bytes) });
  });
  return out;
}

function validateProviders(providers: unknown, path: string, errs: string[]): PrefixedTransformer[] {
  if (!Array.isArray(providers) || providers.length === 0) {
    errs.push(`${path}: Required value: at least one ${path} is required`);
    return [];
  }
  const chain: PrefixedTransformer[] = [];
  providers.forEach((p: unknown, j) => {
    const pp = `${path}[${j}]`;
    const present = isObject(p) ? providerKinds.filter((k) => p[k] !== undefined && p[k] !== null) : [];
    if (present.length === 0) return errs.push(`${pp}: Invalid value: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity`);
    if (present.length > 1) return errs.push(`${pp}: Invalid value: more than one provider specified in a single element, should split into different list elements`);
    const kind = present[0]!;
    if (kind === 'kms') return errs.push(`${pp}.kms: Unsupported value: KMS providers are not supported by Skiff: use aescbc, aesgcm, secretbox or identity`);
    if (kind === 'identity') return chain.push({ prefix: '', transformer: undefined });
    chain.push(...validateKeys(kind, (p as Json)[kind], pp, errs));
    return undefined;
  });
  return chain;
}

/** `secrets` → core secrets; `deployments.apps`; `*.apps`; `*.` (every core resource); `*.*` (everything). */
function resourceId(name: string, path: string, errs: string[]): string | undefined {
  if (name === '*') {
    errs.push(`${path}: Invalid value: "*": use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources`);
    return undefined;
  }
  if (name !== name.toLowerCase()) {
    errs.push(`${path}: Invalid value: "${name}": resource name should not contain any upper case characters`);
    return undefined;
  }
  if (!/^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.(\*|[a-z0-9.-]*))?$/.test(name)) {
    errs.push(`${path}: Invalid value: "${name}": must be <resource>, <resource>.<group>, *.<group>, *. or *.*`);
    return undefined;
  }
  const dot = name.indexOf('.');
  return dot < 0 ? `${name}.` : name;
}

/** Parses and validates the file's text; throws EncryptionConfigError listing every problem. */
export function parseEncryptionConfig(text: string): EncryptionConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e: unknown) {
    throw new EncryptionConfigError(`Cannot parse the encryption provider configuration: ${errorMessage(e)}`, { cause: e });
  }
  if (!isObject(doc) || doc['kind'] !== 'EncryptionConfiguration' || doc['apiVersion'] !== 'apiserver.config.k8s.io/v1') {
    throw new EncryptionConfigError('Cannot use the encryption provider configuration: expected kind EncryptionConfiguration of apiVersion apiserver.config.k8s.io/v1');
  }
  const errs: string[] = [];
  const byId = new Map<string, PrefixChain>();
  const names: string[] = [];
  const entries = doc['resources'];
  if (!Array.isArray(entries) || entries.length === 0) errs.push('resources: Required value: at least one resources is required');
  (Array.isArray(entries) ? entries : []).forEach((entry: unknown, i) => {
    const rp = `resources[${i}]`;
    const list = isObject(entry) ? entry['resources'] : undefined;
    if (!Array.isArray(list) || list.length === 0) errs.push(`${rp}.resources: Required value: at least one ${rp}.resources is required`);
    const chain = validateProviders(isObject(entry) ? entry['providers'] : undefined, `${rp}.providers`, errs);
    const built = chain.length ? new PrefixChain(chain) : undefined;
    (Array.isArray(list) ? list : []).forEach((r: unknown, k) => {
      const id = resourceId(String(r), `${rp}.resources[${k}]`, errs);
      if (id === undefined) return;
      names.push(String(r));
      // The first entry naming a resource wins (upstream reads the list in order).
      if (built && !byId.has(id)) byId.set(id, built);
    });
  });
  if (errs.length) throw new EncryptionConfigError(`Invalid encryption provider configuration:\n  ${errs.join('\n  ')}`);
  return {
    resources: names,
    transformerFor: (group, resource) => byId.get(`${resource}.${group}`) ?? byId.get(`*.${group}`) ?? byId.get('*.*'),
  };
}

/** Reads and parses --encryption-provider-config. */
export function loadEncryptionConfig(path: string): EncryptionConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    throw new EncryptionConfigError(`Cannot read the encryption provider configuration "${path}": ${errorMessage(e)}`, { cause: e });
  }
  return parseEncryptionConfig(text);
}
