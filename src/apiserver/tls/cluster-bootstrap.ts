// What servers of one cluster share (k3s's bootstrap data): the cluster CA and its key, the admin's credentials
// and token, the node join token, the API server's client certificate towards kubelets, the service account
// signing key and the front-proxy CA. The first server publishes them in the datastore, encrypted with the node
// token (AES-256-GCM, the key from scrypt); a server started on a datastore that holds them takes them — given
// `--token` with that node token, or holding it in its data dir — and makes only its serving certificate itself.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStorageError, type Store } from '../../storage/index.js';

/** The datastore key (outside /registry: no API resource lives there). */
export const bootstrapKey = '/skiff/bootstrap';

/** The files of <data-dir>/tls that every server of the cluster has the same. */
export const sharedTlsFiles = [
  'ca.crt', 'ca.key', 'admin.crt', 'admin.key', 'admin.token', 'node-token', 'apiserver-kubelet-client.crt', 'apiserver-kubelet-client.key',
  'sa.key', 'front-proxy-ca.crt', 'front-proxy-client.crt', 'front-proxy-client.key',
  // A managed etcd's CA and the API servers' client certificate (--cluster-init).
  'etcd-ca.crt', 'etcd-ca.key', 'etcd-client.crt', 'etcd-client.key',
] as const;

/** The datastore holds another cluster's bootstrap data, or this server cannot read it. */
export class ClusterBootstrapError extends Error {
  override name = 'ClusterBootstrapError';
}

interface Sealed { version: 1; salt: string; iv: string; tag: string; data: string }

const keyOf = (token: string, salt: Buffer): Buffer => scryptSync(token, salt, 32, { N: 1 << 14, r: 8, p: 1 });

export function seal(files: Record<string, string>, token: string): Uint8Array {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(token, salt), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(files), 'utf8'), cipher.final()]);
  const sealed: Sealed = { version: 1, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  return Buffer.from(JSON.stringify(sealed));
}

/** The files, or undefined when the token does not open them. */
export function unseal(value: Uint8Array, token: string): Record<string, string> | undefined {
  try {
    const s = JSON.parse(Buffer.from(value).toString('utf8')) as Sealed;
    const decipher = createDecipheriv('aes-256-gcm', keyOf(token, Buffer.from(s.salt, 'base64')), Buffer.from(s.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as Record<string, string>;
  } catch {
    return undefined;
  }
}

const readLocal = (dir: string, f: string): string | undefined => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);

/**
 * Before this server's PKI is loaded: takes the cluster's shared files from the datastore into tlsDir when it
 * holds them (true), or reports that it does not (false: this is the cluster's first server, which publishes
 * them once its PKI exists). A data dir whose CA is another cluster's is refused.
 */
export async function adoptClusterBootstrap(store: Store, tlsDir: string, token: string | undefined): Promise<boolean> {
  const kv = await store.get(bootstrapKey);
  if (!kv) return false;
  const localToken = readLocal(tlsDir, 'node-token')?.trim();
  const candidates = [token, localToken].filter((t): t is string => !!t);
  const files = candidates.map((t) => unseal(kv.value, t)).find((f) => f !== undefined);
  if (!files) {
    throw new ClusterBootstrapError(candidates.length === 0
      ? 'the datastore belongs to a cluster this server has not joined: start it with --token <the node token of that cluster\'s first server> (its <data-dir>/tls/node-token)'
      : 'the datastore\'s cluster bootstrap data does not open with this token: --token must be the node token of the cluster\'s first server (its <data-dir>/tls/node-token)');
  }
  const localCa = readLocal(tlsDir, 'ca.crt');
  if (localCa !== undefined && files['ca.crt'] !== undefined && localCa.trim() !== files['ca.crt'].trim()) {
    throw new ClusterBootstrapError(`${tlsDir} holds the certificates of another cluster than the datastore's: use another --data-dir for this server`);
  }
  writeSharedFiles(tlsDir, files);
  return true;
}

/** Writes the cluster's shared files (as unsealed) into tlsDir, leaving identical ones alone. */
export function writeSharedFiles(tlsDir: string, files: Record<string, string>): void {
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  for (const f of sharedTlsFiles) {
    const content = files[f];
    if (content !== undefined && readLocal(tlsDir, f) !== content) writeFileSync(join(tlsDir, f), content, { mode: 0o600 });
  }
}

/**
 * The first server, once its PKI exists: publishes the shared files, sealed with its node token. Another server
 * that published first wins: false then, and this server must take theirs (adoptClusterBootstrap) and start again.
 */
export async function publishClusterBootstrap(store: Store, tlsDir: string): Promise<boolean> {
  const files: Record<string, string> = {};
  for (const f of sharedTlsFiles) {
    const content = readLocal(tlsDir, f);
    if (content !== undefined) files[f] = content;
  }
  const token = files['node-token']?.trim();
  if (!token) throw new ClusterBootstrapError(`${tlsDir}/node-token is missing`);
  try {
    await store.create(bootstrapKey, seal(files, token));
    return true;
  } catch (e: unknown) {
    if (isStorageError(e, 'KeyExists')) return false;
    throw e;
  }
}
