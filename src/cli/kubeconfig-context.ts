// How a kubectl plugin finds its cluster as kubectl does (client-go's loading rules): the files of
// --kubeconfig, else of $KUBECONFIG (merged, the first file to set a name or current-context wins), else
// ~/.kube/config; then the context of --context or current-context. Pure: cmd/ reads the files.
import { parse } from 'yaml';

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

/** A credential or CA, inline (`…-data`, already decoded) or as a file path (resolved against its kubeconfig's directory). */
export type Material = { readonly data: string } | { readonly file: string };

export interface ClusterConnection {
  readonly server: string;
  readonly ca: Material | undefined;
  readonly insecureSkipTlsVerify: boolean;
  readonly cert: Material | undefined;
  readonly key: Material | undefined;
  readonly token: Material | undefined;
  /** The context's namespace, or default. */
  readonly namespace: string;
}

export interface KubeconfigFile {
  readonly path: string;
  readonly text: string;
}

type Named = { name?: string; [k: string]: unknown };
type Rec = Record<string, unknown>;

const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The kubeconfig files to read: --kubeconfig alone, else $KUBECONFIG's list, else ~/.kube/config. */
export function kubeconfigPaths(flag: string | undefined, env: string | undefined, home: string): string[] {
  if (flag) return [flag];
  const list = (env ?? '').split(':').filter(Boolean);
  return list.length > 0 ? list : [`${home}/.kube/config`];
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i) || '/';
}

function material(entry: Rec, dataKey: string, fileKey: string, dir: string, decode: boolean): Material | undefined {
  const data = str(entry[dataKey]);
  if (data) return { data: decode ? Buffer.from(data, 'base64').toString('utf8') : data };
  const file = str(entry[fileKey]);
  if (file) return { file: file.startsWith('/') ? file : `${dir}/${file}` };
  return undefined;
}

/** The merged kubeconfig's chosen context as a connection; KubeconfigError for what kubectl would refuse. */
export function resolveKubeconfig(files: readonly KubeconfigFile[], options: { context?: string | undefined } = {}): ClusterConnection {
  const clusters = new Map<string, { entry: Rec; dir: string }>();
  const users = new Map<string, { entry: Rec; dir: string }>();
  const contexts = new Map<string, Rec>();
  let current: string | undefined;
  for (const f of files) {
    let doc: Rec;
    try {
      doc = rec(parse(f.text));
    } catch (e: unknown) {
      throw new KubeconfigError(`error loading config file "${f.path}": ${e instanceof Error ? e.message : String(e)}`);
    }
    const dir = dirOf(f.path);
    const add = <T>(map: Map<string, T>, list: unknown, key: string, value: (n: Named) => T): void => {
      for (const n of Array.isArray(list) ? (list as Named[]) : []) if (n?.name && !map.has(n.name)) map.set(n.name, value(rec(n[key]) as Named));
    };
    add(clusters, doc['clusters'], 'cluster', (c) => ({ entry: c, dir }));
    add(users, doc['users'], 'user', (u) => ({ entry: u, dir }));
    add(contexts, doc['contexts'], 'context', (c) => c);
    current ??= str(doc['current-context']);
  }
  const name = options.context ?? current;
  if (!name) throw new KubeconfigError('current-context is not set in the kubeconfig: use --context, or set it with kubectl config use-context');
  const context = contexts.get(name);
  if (!context) throw new KubeconfigError(`context "${name}" does not exist`);
  const clusterName = str(context['cluster']) ?? '';
  const cluster = clusters.get(clusterName);
  if (!cluster) throw new KubeconfigError(`cluster "${clusterName}" of context "${name}" does not exist`);
  const server = str(cluster.entry['server']);
  if (!server) throw new KubeconfigError(`no server found for cluster "${clusterName}"`);
  const userName = str(context['user']);
  const user = userName ? users.get(userName) : undefined;
  const u = user?.entry ?? {};
  if (u['exec'] || u['auth-provider']) throw new KubeconfigError(`user "${userName ?? ''}" authenticates through ${u['exec'] ? 'an exec plugin' : 'an auth provider'}, which kubectl skiff does not support`);
  return {
    server,
    ca: material(cluster.entry, 'certificate-authority-data', 'certificate-authority', cluster.dir, true),
    insecureSkipTlsVerify: cluster.entry['insecure-skip-tls-verify'] === true,
    cert: material(u, 'client-certificate-data', 'client-certificate', user?.dir ?? '.', true),
    key: material(u, 'client-key-data', 'client-key', user?.dir ?? '.', true),
    token: material(u, 'token', 'tokenFile', user?.dir ?? '.', false),
    namespace: str(context['namespace']) ?? 'default',
  };
}
